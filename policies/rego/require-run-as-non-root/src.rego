package k8srequirerunasnonroot

import future.keywords

import data.lib.containers

violation contains {"msg": msg, "details": {"container": c.name, "path": path}} if {
	some c in containers.items
	not containers.effective(c, "runAsNonRoot")
	path := containers.pointer(c, ["securityContext", "runAsNonRoot"])
	msg := sprintf(
		"%s does not set securityContext.runAsNonRoot and neither does the pod; set runAsNonRoot: true in spec.securityContext or the container's securityContext",
		[containers.describe(c)],
	)
}

# A container-level false overrides a pod-level true, so the effective value is what counts.
violation contains {"msg": msg, "details": {"container": c.name, "path": setting.pointer}} if {
	some c in containers.items
	setting := containers.effective(c, "runAsNonRoot")
	setting.value != true
	msg := sprintf(
		"%s gets runAsNonRoot: false from the %s securityContext; set it to true",
		[containers.describe(c), setting.level],
	)
}

violation contains {"msg": msg, "details": {"container": c.name, "path": setting.pointer}} if {
	some c in containers.items
	setting := containers.effective(c, "runAsUser")
	setting.value == 0
	msg := sprintf(
		"%s runs as UID 0 (runAsUser: 0 in the %s securityContext); use a non-zero UID, e.g. runAsUser: 10001",
		[containers.describe(c), setting.level],
	)
}
