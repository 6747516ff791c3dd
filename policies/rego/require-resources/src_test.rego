package k8srequireresources_test

import future.keywords

import data.k8srequireresources

_pod(resources) := {"kind": "Pod", "spec": {"containers": [{"name": "api", "resources": resources}]}}

_violations(resources, parameters) := vs if {
	vs := k8srequireresources.violation with input as {"review": {"object": _pod(resources)}, "parameters": parameters}
}

_ok := {"requests": {"cpu": "250m", "memory": "256Mi"}, "limits": {"memory": "512Mi"}}

test_numbers_are_quantities if {
	count(_violations({"requests": {"cpu": 1, "memory": 268435456}, "limits": {"cpu": 2, "memory": 536870912}}, {"maxCpuLimit": "4"})) == 0
}

test_without_maximums_only_presence_and_syntax_are_checked if {
	count(_violations(object.union(_ok, {"limits": {"cpu": "64", "memory": "1Ti"}}), {})) == 0
}

test_limit_equal_to_the_maximum_is_allowed if {
	count(_violations(object.union(_ok, {"limits": {"cpu": "4000m", "memory": "8Gi"}}), {"maxCpuLimit": "4", "maxMemoryLimit": "8192Mi"})) == 0
}

test_unparseable_limit_is_reported_once_not_compared if {
	[v] := [v | some v in _violations(object.union(_ok, {"limits": {"cpu": "lots", "memory": "512Mi"}}), {"maxCpuLimit": "4"})]
	contains(v.msg, "resources.limits.cpu: lots, which is not a Kubernetes quantity")
}

test_other_resources_are_not_judged if {
	count(_violations(object.union(_ok, {"limits": {"memory": "512Mi", "nvidia.com/gpu": "1", "ephemeral-storage": "1Gi"}}), {})) == 0
}

test_ephemeral_containers_are_exempt if {
	pod := {"kind": "Pod", "spec": {
		"containers": [{"name": "api", "resources": _ok}],
		"ephemeralContainers": [{"name": "debugger"}],
	}}
	count(k8srequireresources.violation) == 0 with input as {"review": {"object": pod}, "parameters": {}}
}
