package k8sdenyprivileged

import future.keywords

import data.lib.containers

violation contains {"msg": msg, "details": {"container": c.name, "path": path}} if {
	some c in containers.items
	c.container.securityContext.privileged == true
	path := containers.pointer(c, ["securityContext", "privileged"])
	msg := sprintf(
		"%s sets securityContext.privileged: true, which gives it every host device and all capabilities; remove the field or set it to false",
		[containers.describe(c)],
	)
}

# A Windows HostProcess container is the Windows form of privileged: it runs as a process on the node.
violation contains {"msg": msg, "details": {"container": c.name, "path": path}} if {
	some c in containers.items
	c.container.securityContext.windowsOptions.hostProcess == true
	path := containers.pointer(c, ["securityContext", "windowsOptions", "hostProcess"])
	msg := sprintf(
		"%s sets securityContext.windowsOptions.hostProcess: true, which runs it directly on the node; remove hostProcess",
		[containers.describe(c)],
	)
}

violation contains {"msg": msg, "details": {"path": path}} if {
	containers.pod_spec(input.review.object).securityContext.windowsOptions.hostProcess == true
	path := containers.pod_pointer(["securityContext", "windowsOptions", "hostProcess"])
	msg := "the pod sets spec.securityContext.windowsOptions.hostProcess: true, which runs every container directly on the node; remove hostProcess"
}
