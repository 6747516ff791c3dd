package k8srbacnowildcards_test

import future.keywords

import data.k8srbacnowildcards

review(role, params) := {"review": {"object": role}, "parameters": params}

cluster_role(rules) := {"kind": "ClusterRole", "metadata": {"name": "ci-deployer"}, "rules": rules}

test_one_violation_per_field if {
	role := cluster_role([{"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]}])
	count(k8srbacnowildcards.violation) == 3 with input as review(role, {})
}

test_subresource_wildcard_counts if {
	role := cluster_role([{"apiGroups": ["apps"], "resources": ["deployments/*"], "verbs": ["get"]}])
	some v in k8srbacnowildcards.violation with input as review(role, {})
	v.details.path == "/rules/0/resources"
}

test_exact_rules_pass if {
	role := cluster_role([{"apiGroups": ["apps"], "resources": ["deployments"], "verbs": ["get", "list"]}])
	count(k8srbacnowildcards.violation) == 0 with input as review(role, {})
}

test_null_rules_pass if {
	role := cluster_role(null)
	count(k8srbacnowildcards.violation) == 0 with input as review(role, {})
}

test_exempt_prefix if {
	role := object.union(cluster_role([{"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]}]), {"metadata": {"name": "system:controller:x"}})
	count(k8srbacnowildcards.violation) == 0 with input as review(role, {"exemptRoles": ["system:*"]})
}

test_exempt_exact_only if {
	role := object.union(cluster_role([{"apiGroups": ["*"], "resources": ["pods"], "verbs": ["get"]}]), {"metadata": {"name": "cluster-admin-2"}})
	count(k8srbacnowildcards.violation) == 1 with input as review(role, {"exemptRoles": ["cluster-admin"]})
}
