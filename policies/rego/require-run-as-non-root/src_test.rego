package k8srequirerunasnonroot_test

import future.keywords

import data.k8srequirerunasnonroot

_messages(pod_sc, container_sc) := {v.msg | some v in vs} if {
	vs := k8srequirerunasnonroot.violation with input as {"review": {"object": {"kind": "Pod", "spec": {
		"securityContext": pod_sc,
		"containers": [{"name": "api", "securityContext": container_sc}],
	}}}}
}

test_container_true_overrides_pod_false if {
	count(_messages({"runAsNonRoot": false}, {"runAsNonRoot": true})) == 0
}

test_container_uid_overrides_pod_root_uid if {
	count(_messages({"runAsNonRoot": true, "runAsUser": 0}, {"runAsUser": 10001})) == 0
}

test_root_uid_and_missing_non_root_are_two_findings if {
	count(_messages({"runAsUser": 0}, {})) == 2
}

test_run_as_user_unset_is_fine_with_run_as_non_root if {
	# the kubelet then refuses to start an image whose USER is root
	count(_messages({"runAsNonRoot": true}, {})) == 0
}
