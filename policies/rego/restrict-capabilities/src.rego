package k8srestrictcapabilities

import future.keywords

import data.lib.containers

violation contains {"msg": msg, "details": {"container": c.name, "path": path}} if {
	some c in containers.items
	not "ALL" in object.get(c.container, ["securityContext", "capabilities", "drop"], [])
	path := containers.pointer(c, ["securityContext", "capabilities", "drop"])
	msg := sprintf(
		"%s does not drop all capabilities; set securityContext.capabilities.drop: [\"ALL\"] and add back only what it needs",
		[containers.describe(c)],
	)
}

violation contains {"msg": msg, "details": {"container": c.name, "capability": cap, "path": path}} if {
	some c in containers.items
	some i, cap in object.get(c.container, ["securityContext", "capabilities", "add"], [])
	not _normalized(cap) in _allowed
	path := containers.pointer(c, ["securityContext", "capabilities", "add", i])
	msg := sprintf(
		"%s adds capability %s in securityContext.capabilities.add, which %s; remove it",
		[containers.describe(c), cap, _allowed_text],
	)
}

# Runtimes accept "NET_ADMIN", "CAP_NET_ADMIN" and other casings for the same capability; compare canonical names.
_normalized(cap) := trim_prefix(upper(cap), "CAP_")

_allowed := {_normalized(cap) | some cap in object.get(input.parameters, "allowedCapabilities", [])}

_allowed_text := "is not allowed: no capability may be added" if count(_allowed) == 0

_allowed_text := concat("", ["is not in the allowed list (", concat(", ", sort(_allowed)), ")"]) if count(_allowed) > 0
