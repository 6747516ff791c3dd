package lib.containers_test

import future.keywords

import data.lib.containers

_pod := {
	"kind": "Pod",
	"metadata": {"name": "p", "annotations": {"a/b~c": "x"}},
	"spec": {
		"securityContext": {"runAsNonRoot": true, "runAsUser": 10001},
		"containers": [{"name": "api", "securityContext": {"runAsUser": 20002}}],
		"initContainers": [{"name": "migrate"}],
		"ephemeralContainers": [{"name": "debugger"}],
	},
}

_entry(name) := e if {
	some e in containers.items
	e.name == name
}

test_items_cover_every_container_kind_with_pointers if {
	pointers := {e.name: [e.kind, e.pointer] | some e in containers.items} with input as {"review": {"object": _pod}}
	pointers == {
		"api": ["container", "/spec/containers/0"],
		"migrate": ["init container", "/spec/initContainers/0"],
		"debugger": ["ephemeral container", "/spec/ephemeralContainers/0"],
	}
}

test_items_of_workloads_point_into_the_pod_template if {
	cronjob := {"kind": "CronJob", "spec": {"jobTemplate": {"spec": {"template": {"spec": _pod.spec}}}}}
	e := _entry("api") with input as {"review": {"object": cronjob}}
	e.pointer == "/spec/jobTemplate/spec/template/spec/containers/0"
}

test_items_empty_for_kinds_without_pods if {
	count(containers.items) == 0 with input as {"review": {"object": {"kind": "ConfigMap", "data": {"containers": "x"}}}}
}

test_pod_spec_and_metadata_of_a_deployment if {
	deployment := {"kind": "Deployment", "spec": {"template": {"metadata": {"labels": {"a": "b"}}, "spec": {"hostPID": true}}}}
	containers.pod_spec(deployment) == {"hostPID": true}
	containers.pod_metadata(deployment) == {"labels": {"a": "b"}}
}

test_pod_metadata_defaults_to_empty_for_a_template_without_metadata if {
	containers.pod_metadata({"kind": "Job", "spec": {"template": {"spec": {}}}}) == {}
}

test_describe_names_kind_and_container if {
	e := _entry("migrate") with input as {"review": {"object": _pod}}
	containers.describe(e) == `init container "migrate"`
}

test_pointer_escapes_keys_and_formats_indexes if {
	e := _entry("api") with input as {"review": {"object": _pod}}
	containers.pointer(e, ["volumeMounts", 2, "a/b~c"]) == "/spec/containers/0/volumeMounts/2/a~1b~0c"
}

test_metadata_pointer_of_a_pod_and_a_deployment if {
	containers.metadata_pointer(["annotations", "a/b"]) == "/metadata/annotations/a~1b" with input as {"review": {"object": _pod}}
	deployment := {"kind": "Deployment", "spec": {"template": {"spec": {}}}}
	containers.metadata_pointer(["labels"]) == "/spec/template/metadata/labels" with input as {"review": {"object": deployment}}
}

test_effective_prefers_the_container_value if {
	e := _entry("api") with input as {"review": {"object": _pod}}
	setting := containers.effective(e, "runAsUser") with input as {"review": {"object": _pod}}
	setting == {"value": 20002, "pointer": "/spec/containers/0/securityContext/runAsUser", "level": "container"}
}

test_effective_falls_back_to_the_pod_value if {
	e := _entry("migrate") with input as {"review": {"object": _pod}}
	setting := containers.effective(e, "runAsNonRoot") with input as {"review": {"object": _pod}}
	setting == {"value": true, "pointer": "/spec/securityContext/runAsNonRoot", "level": "pod"}
}

test_effective_keeps_a_container_false_over_a_pod_true if {
	pod := json.patch(_pod, [{"op": "add", "path": "/spec/containers/0/securityContext/runAsNonRoot", "value": false}])
	e := _entry("api") with input as {"review": {"object": pod}}
	containers.effective(e, "runAsNonRoot").value == false with input as {"review": {"object": pod}}
}

test_effective_undefined_when_neither_sets_it if {
	e := _entry("migrate") with input as {"review": {"object": _pod}}
	not containers.effective(e, "seccompProfile") with input as {"review": {"object": _pod}}
}
