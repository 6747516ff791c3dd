package k8srestricthostpathvolumes_test

import future.keywords

import data.k8srestricthostpathvolumes

_pod(path, read_only) := {"kind": "Pod", "spec": {
	"containers": [{"name": "api", "volumeMounts": [{"name": "host", "mountPath": "/host", "readOnly": read_only}]}],
	"volumes": [{"name": "host", "hostPath": {"path": path}}],
}}

_count(path, prefixes) := count(vs) if {
	vs := k8srestricthostpathvolumes.violation with input as {"review": {"object": _pod(path, true)}, "parameters": {"allowedHostPaths": prefixes}}
}

test_prefixes_match_whole_segments if {
	_count("/var/log/pods", ["/var/log/pods"]) == 0
	_count("/var/log/pods/", ["/var/log/pods"]) == 0
	_count("/var/log/pods/ns_pod_uid", ["/var/log/pods"]) == 0
	_count("/var/log/pods/ns_pod_uid", ["/var/log/pods/"]) == 0
	_count("/var/log/pods-archive", ["/var/log/pods"]) == 1
	_count("/var/log", ["/var/log/pods"]) == 1
}

test_root_prefix_allows_any_normalised_path if {
	_count("/etc", ["/"]) == 0
}

test_traversal_is_never_allowed if {
	_count("/var/log/pods/../../../etc", ["/var/log/pods"]) == 1
	_count("/var/log/pods/..", ["/"]) == 1
}

test_dot_dot_inside_a_name_is_not_traversal if {
	_count("/var/log/pods/a..b", ["/var/log/pods"]) == 0
}

test_writable_mount_of_an_allowed_path_is_one_violation if {
	violations := k8srestricthostpathvolumes.violation with input as {
		"review": {"object": _pod("/var/log/pods", false)},
		"parameters": {"allowedHostPaths": ["/var/log/pods"]},
	}
	[v] := [v | some v in violations]
	v.details == {"container": "api", "volume": "host", "path": "/spec/containers/0/volumeMounts/0/readOnly"}
}

test_disallowed_writable_path_reports_the_path_once if {
	n := count(k8srestricthostpathvolumes.violation) with input as {
		"review": {"object": _pod("/etc", false)},
		"parameters": {"allowedHostPaths": ["/var/log/pods"]},
	}
	n == 1
}
