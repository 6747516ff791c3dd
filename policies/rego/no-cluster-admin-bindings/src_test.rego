package k8sdenyclusteradminbinding_test

import future.keywords

import data.k8sdenyclusteradminbinding

params := {
	"privilegedRoles": ["cluster-admin"],
	"allowedSubjects": [
		{"kind": "Group", "name": "system:masters"},
		{"kind": "ServiceAccount", "name": "break-glass", "namespace": "kube-system"},
	],
}

rolebinding(subjects) := {
	"kind": "RoleBinding",
	"metadata": {"name": "x", "namespace": "kube-system"},
	"roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "cluster-admin"},
	"subjects": subjects,
}

violations(obj) := v if {
	v := k8sdenyclusteradminbinding.violation with input as {"review": {"object": obj}, "parameters": params}
}

test_service_account_namespace_defaults_to_binding if {
	count(violations(rolebinding([{"kind": "ServiceAccount", "name": "break-glass"}]))) == 0
	count(violations(rolebinding([{"kind": "ServiceAccount", "name": "break-glass", "namespace": "ledger"}]))) == 1
}

test_allowlist_matches_kind_too if {
	count(violations(rolebinding([{"kind": "User", "name": "system:masters"}]))) == 1
}

test_no_subjects if {
	count(violations(rolebinding(null))) == 0
}
