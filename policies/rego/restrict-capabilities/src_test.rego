package k8srestrictcapabilities_test

import future.keywords

import data.k8srestrictcapabilities

_pod(add) := {"kind": "Pod", "spec": {"containers": [{
	"name": "api",
	"securityContext": {"capabilities": {"drop": ["ALL"], "add": add}},
}]}}

test_names_compare_without_case_or_cap_prefix if {
	every cap in ["NET_BIND_SERVICE", "net_bind_service", "CAP_NET_BIND_SERVICE", "cap_Net_Bind_Service"] {
		count(k8srestrictcapabilities.violation) == 0 with input as {
			"review": {"object": _pod([cap])},
			"parameters": {"allowedCapabilities": ["NET_BIND_SERVICE"]},
		}
	}
}

test_allowed_list_written_with_prefix_still_matches if {
	count(k8srestrictcapabilities.violation) == 0 with input as {
		"review": {"object": _pod(["NET_BIND_SERVICE"])},
		"parameters": {"allowedCapabilities": ["CAP_NET_BIND_SERVICE"]},
	}
}

test_prefixed_forbidden_capability_is_caught if {
	violations := k8srestrictcapabilities.violation with input as {
		"review": {"object": _pod(["CAP_SYS_ADMIN"])},
		"parameters": {"allowedCapabilities": ["NET_BIND_SERVICE"]},
	}
	[v] := [v | some v in violations]
	v.details == {"container": "api", "capability": "CAP_SYS_ADMIN", "path": "/spec/containers/0/securityContext/capabilities/add/0"}
}

test_without_parameters_no_capability_may_be_added if {
	violations := k8srestrictcapabilities.violation with input as {"review": {"object": _pod(["NET_BIND_SERVICE"])}, "parameters": {}}
	[v] := [v | some v in violations]
	contains(v.msg, "which is not allowed: no capability may be added")
}

test_allowed_list_is_named_sorted_in_the_message if {
	violations := k8srestrictcapabilities.violation with input as {
		"review": {"object": _pod(["SYS_TIME"])},
		"parameters": {"allowedCapabilities": ["NET_RAW", "chown"]},
	}
	[v] := [v | some v in violations]
	contains(v.msg, "not in the allowed list (CHOWN, NET_RAW)")
}
