package k8srbacnowildcards

import future.keywords

import data.lib.naming

role := input.review.object

# A `*` in apiGroups, resources or verbs grants whatever the API server serves, now and later
# (a CRD installed next month included), so nobody can review the role by reading it.
# Entries such as `pods/*` or `*/scale` count too: they widen the grant the same way.
violation contains {"msg": msg, "details": {"path": sprintf("/rules/%d/%s", [i, field]), "wildcards": wildcards}} if {
	not exempt(role.metadata.name)
	some i, rule in object.get(role, "rules", [])
	some field in ["apiGroups", "resources", "verbs"]
	wildcards := [v | some v in object.get(rule, field, []); contains(v, "*")]
	count(wildcards) > 0
	msg := sprintf(
		"%s: rules[%d].%s has %s; list the exact %s the role needs",
		[naming.ref(role), i, field, concat(", ", [sprintf("%q", [w]) | some w in wildcards]), field],
	)
}

# exemptRoles entries are exact names, or prefixes when they end in `*` (`system:*`).
exempt(name) if {
	some entry in object.get(input.parameters, "exemptRoles", [])
	name_matches(entry, name)
}

name_matches(entry, name) if entry == name

name_matches(entry, name) if {
	endswith(entry, "*")
	startswith(name, trim_suffix(entry, "*"))
}
