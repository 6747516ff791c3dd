package k8srequireseccomp_test

import future.keywords

import data.k8srequireseccomp

_messages(annotations, pod_sc, container_sc) := {v.msg | some v in vs} if {
	vs := k8srequireseccomp.violation with input as {"review": {"object": {
		"kind": "Pod",
		"metadata": {"annotations": annotations},
		"spec": {"securityContext": pod_sc, "containers": [{"name": "api", "securityContext": container_sc}]},
	}}}
}

test_container_profile_overrides_pod_unconfined if {
	count(_messages({}, {"seccompProfile": {"type": "Unconfined"}}, {"seccompProfile": {"type": "RuntimeDefault"}})) == 0
}

test_container_annotation_is_ignored_too if {
	[msg] := [m | some m in _messages({"container.seccomp.security.alpha.kubernetes.io/api": "runtime/default"}, {}, {})]
	contains(msg, "annotations are ignored by current kubelets")
}

test_profile_without_type_is_reported if {
	[msg] := [m | some m in _messages({}, {"seccompProfile": {}}, {})]
	contains(msg, "gets seccomp profile type (none) from the pod securityContext")
}
