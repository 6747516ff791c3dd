package k8sdenyhostports

import future.keywords

import data.lib.containers

violation contains {"msg": msg, "details": {"container": c.name, "path": path}} if {
	some c in containers.items
	some i, port in object.get(c.container, "ports", [])
	object.get(port, "hostPort", 0) != 0
	path := containers.pointer(c, ["ports", i, "hostPort"])
	msg := sprintf(
		"%s binds containerPort %v to hostPort %v on the node, bypassing NetworkPolicy; remove hostPort and expose the port through a Service",
		[containers.describe(c), object.get(port, "containerPort", "?"), port.hostPort],
	)
}
