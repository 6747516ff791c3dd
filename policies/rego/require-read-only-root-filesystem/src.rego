package k8srequirereadonlyrootfilesystem

import future.keywords

import data.lib.containers

violation contains {"msg": msg, "details": {"container": c.name, "path": path}} if {
	some c in containers.items
	value := object.get(c.container, ["securityContext", "readOnlyRootFilesystem"], null)
	value != true
	path := containers.pointer(c, ["securityContext", "readOnlyRootFilesystem"])
	msg := sprintf(
		"%s %s; set it to true and mount an emptyDir where the process must write (e.g. /tmp)",
		[containers.describe(c), _problem(value)],
	)
}

_problem(null) := "does not set securityContext.readOnlyRootFilesystem"

_problem(false) := "sets securityContext.readOnlyRootFilesystem: false"
