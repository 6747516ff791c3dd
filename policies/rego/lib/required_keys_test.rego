package lib.required_keys_test

import future.keywords

import data.lib.required_keys

rules := [
	{"key": "owner", "pattern": "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"},
	{"key": "pci-scope", "allowedValues": ["in-scope", "connected", "out-of-scope"]},
	{"key": "app.kubernetes.io/name"},
]

good := {"owner": "payments-ledger", "pci-scope": "in-scope", "app.kubernetes.io/name": "ledger-api"}

test_all_present if {
	count(required_keys.problems(good, rules)) == 0
}

test_null_and_absent_maps_miss_everything if {
	count(required_keys.problems(null, rules)) == 3
	count(required_keys.problems({}, rules)) == 3
}

test_empty_value_is_missing if {
	required_keys.problems(object.union(good, {"owner": ""}), rules) == {{"key": "owner", "problem": "is missing"}}
}

test_value_outside_allowed if {
	required_keys.problems(object.union(good, {"pci-scope": "maybe"}), rules) == {{
		"key": "pci-scope",
		"problem": "is \"maybe\", not one of in-scope, connected, out-of-scope",
	}}
}

test_pattern if {
	some p in required_keys.problems(object.union(good, {"owner": "Payments Ledger"}), rules)
	p.key == "owner"
	startswith(p.problem, "is \"Payments Ledger\", which does not match")
}

test_allowed_values_and_pattern_report_once if {
	both := [{"key": "tier", "allowedValues": ["gold", "x"], "pattern": "^[a-z]{2,}$"}]
	count(required_keys.problems({"tier": "silver"}, both)) == 1
	count(required_keys.problems({"tier": "x"}, both)) == 1
	count(required_keys.problems({"tier": "gold"}, both)) == 0
}
