# Required labels or annotations: checks one metadata map against rules taken from constraint parameters.
#
# package lib.required_keys — `import data.lib.required_keys`
#
#   problems(values, rules)  Set of {"key": k, "problem": "is missing"} (or "is \"x\", not one of a, b", or
#                            "is \"x\", which does not match <pattern>"), one per failing rule. values is a labels or
#                            annotations map; null or absent counts as empty. A rule is
#                              {"key": "pci-scope", "allowedValues": ["in-scope", ...], "pattern": "RE2"}
#                            with allowedValues and pattern optional. An empty value counts as missing; a value is
#                            checked against allowedValues first, then against pattern, and one problem is reported.
package lib.required_keys

import future.keywords

problems(values, rules) := {p |
	some rule in rules
	p := _problem(_map(values), rule)
}

_map(values) := values if is_object(values)

_map(values) := {} if not is_object(values)

_problem(values, rule) := {"key": rule.key, "problem": "is missing"} if {
	object.get(values, rule.key, "") == ""
}

_problem(values, rule) := {"key": rule.key, "problem": msg} if {
	value := object.get(values, rule.key, "")
	value != ""
	allowed := object.get(rule, "allowedValues", [])
	count(allowed) > 0
	not value in allowed
	msg := sprintf("is %q, not one of %s", [value, concat(", ", allowed)])
}

_problem(values, rule) := {"key": rule.key, "problem": msg} if {
	value := object.get(values, rule.key, "")
	value != ""
	_in_allowed(value, rule)
	pattern := object.get(rule, "pattern", "")
	pattern != ""
	not regex.match(pattern, value)
	msg := sprintf("is %q, which does not match %s", [value, pattern])
}

_in_allowed(_, rule) if count(object.get(rule, "allowedValues", [])) == 0

_in_allowed(value, rule) if value in rule.allowedValues
