package k8srequireapparmororselinux_test

import future.keywords

import data.k8srequireapparmororselinux

_params := {"allowedSELinuxTypes": ["container_t"]}

_pod(annotations, pod_sc, container_sc) := {
	"kind": "Pod",
	"metadata": {"name": "p", "annotations": annotations},
	"spec": {"securityContext": pod_sc, "containers": [{"name": "api", "securityContext": container_sc}]},
}

_messages(pod) := {v.msg | some v in vs} if {
	vs := k8srequireapparmororselinux.violation with input as {"review": {"object": pod}, "parameters": _params}
}

_unconfined := {"appArmorProfile": {"type": "Unconfined"}}

_default := {"appArmorProfile": {"type": "RuntimeDefault"}}

_annotation(value) := {"container.apparmor.security.beta.kubernetes.io/api": value}

test_container_field_wins_over_annotation_and_pod if {
	count(_messages(_pod(_annotation("unconfined"), _unconfined, _default))) == 0
}

test_annotation_wins_over_pod_field if {
	count(_messages(_pod(_annotation("runtime/default"), _unconfined, {}))) == 0
	[msg] := [m | some m in _messages(_pod(_annotation("unconfined"), _default, {}))]
	contains(msg, "from annotation container.apparmor.security.beta.kubernetes.io/api")
}

test_annotation_values_map_to_profile_types if {
	count(_messages(_pod(_annotation("localhost/k8s-ledger"), {}, {}))) == 0
	[msg] := [m | some m in _messages(_pod(_annotation("nonsense"), {}, {}))]
	contains(msg, "gets AppArmor profile nonsense from annotation")
}

test_annotation_for_another_container_does_not_count if {
	pod := _pod({"container.apparmor.security.beta.kubernetes.io/other": "runtime/default"}, {}, {})
	[msg] := [m | some m in _messages(pod)]
	contains(msg, "has no AppArmor profile or SELinux type")
}

test_selinux_type_alone_satisfies if {
	count(_messages(_pod({}, {"seLinuxOptions": {"type": "container_t"}}, {}))) == 0
}

test_selinux_level_without_type_does_not_satisfy if {
	[msg] := [m | some m in _messages(_pod({}, {"seLinuxOptions": {"level": "s0:c1,c2"}}, {}))]
	contains(msg, "has no AppArmor profile or SELinux type")
}

test_disallowed_selinux_type_fails_even_with_apparmor if {
	[msg] := [m | some m in _messages(_pod({}, _default, {"seLinuxOptions": {"type": "spc_t"}}))]
	contains(msg, "SELinux type spc_t from the container securityContext")
}
