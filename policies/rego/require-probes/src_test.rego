package k8srequireprobes_test

import future.keywords

import data.k8srequireprobes

_probe := {"httpGet": {"path": "/healthz", "port": 8080}}

_sidecar := {"name": "proxy", "restartPolicy": "Always"}

_count(spec) := count(vs) if {
	vs := k8srequireprobes.violation with input as {"review": {"object": {"kind": "Pod", "spec": spec}}}
}

test_run_to_completion_pods_are_exempt if {
	every policy in ["Never", "OnFailure"] {
		_count({"restartPolicy": policy, "containers": [{"name": "report"}]}) == 0
	}
}

test_default_restart_policy_is_always if {
	_count({"containers": [{"name": "api"}]}) == 2
	_count({"restartPolicy": "Always", "containers": [{"name": "api"}]}) == 2
}

test_sidecars_need_probes_even_in_jobs if {
	_count({"restartPolicy": "Never", "initContainers": [_sidecar], "containers": [{"name": "report"}]}) == 2
}

test_probes_present_pass if {
	_count({"containers": [{"name": "api", "livenessProbe": _probe, "readinessProbe": _probe}]}) == 0
}
