package k8sdenyhostnamespaces

import future.keywords

import data.lib.containers

_risks := {
	"hostPID": "lets its containers see and signal every process on the node",
	"hostIPC": "shares the node's IPC namespace, including other processes' shared memory",
	"hostNetwork": "puts it on the node's network stack, outside NetworkPolicy and with access to node-local services",
}

violation contains {"msg": msg, "details": {"field": field, "path": path}} if {
	spec := containers.pod_spec(input.review.object)
	some field, risk in _risks
	spec[field] == true
	path := containers.pod_pointer([field])
	msg := sprintf("the pod sets spec.%s: true, which %s; remove %s", [field, risk, field])
}
