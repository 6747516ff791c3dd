package k8sdenyprivilegeescalation

import future.keywords

import data.lib.containers

violation contains {"msg": msg, "details": {"container": c.name, "path": path}} if {
	some c in containers.items
	value := object.get(c.container, ["securityContext", "allowPrivilegeEscalation"], null)
	value != false
	path := containers.pointer(c, ["securityContext", "allowPrivilegeEscalation"])
	msg := sprintf("%s %s; set securityContext.allowPrivilegeEscalation: false", [containers.describe(c), _problem(value)])
}

# Unset is not safe: the kubelet then lets setuid binaries and file capabilities raise privileges (no_new_privs off).
_problem(null) := "does not set securityContext.allowPrivilegeEscalation, which defaults to true"

_problem(true) := "sets securityContext.allowPrivilegeEscalation: true"
