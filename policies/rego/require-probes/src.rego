package k8srequireprobes

import future.keywords

import data.lib.containers

# Probes only make sense for processes meant to keep running: regular containers of a pod that restarts them
# (restartPolicy Always, the default), and sidecars (init containers with restartPolicy: Always).
# Job and CronJob pods (Never/OnFailure) run to completion, and the API rejects probes on ephemeral containers
# and on ordinary init containers.
_long_running if object.get(containers.pod_spec(input.review.object), "restartPolicy", "Always") == "Always"

# An array, not a set: a set hashes each whole container entry as it is built.
_probed := [c | some c in containers.items; _wants_probes(c)]

_wants_probes(c) if {
	_long_running
	c.field == "containers"
}

_wants_probes(c) if {
	c.field == "initContainers"
	c.container.restartPolicy == "Always"
}

_purposes := {
	"livenessProbe": "so the kubelet restarts it when it hangs",
	"readinessProbe": "so it only receives traffic when it is ready",
}

violation contains {"msg": msg, "details": {"container": c.name, "path": path}} if {
	some c in _probed
	some probe, purpose in _purposes
	not c.container[probe]
	path := containers.pointer(c, [probe])
	msg := sprintf(
		"%s has no %s; add one (httpGet, grpc, tcpSocket or exec) %s",
		[containers.describe(c), probe, purpose],
	)
}
