package k8sdenysecrets_test

import future.keywords

import data.k8sdenysecrets

params := {"exemptUsers": ["system:serviceaccount:external-secrets:external-secrets"]}

manifest := {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "db", "namespace": "ledger"}, "data": {"password": "aHVudGVyMg=="}}

live(annotations) := object.union(manifest, {"metadata": {"uid": "0b0c2f52-4d5e-4f6a-9b8c-1d2e3f4a5b6c", "annotations": annotations}})

violations(review) := v if {
	v := k8sdenysecrets.violation with input as {"review": review, "parameters": params}
}

test_repository_manifest if {
	count(violations({"object": manifest})) == 1
}

test_audit_untracked_live_secret if {
	count(violations({"object": live({})})) == 0
}

test_audit_tracked_live_secret if {
	count(violations({"object": live({"argocd.argoproj.io/tracking-id": "ledger:/Secret:ledger/db"})})) == 1
}

test_admission_exempt_controller if {
	review := {"object": live({}), "operation": "CREATE", "userInfo": {"username": "system:serviceaccount:external-secrets:external-secrets"}}
	count(violations(review)) == 0
}

test_admission_argocd_applier if {
	review := {"object": live({}), "operation": "UPDATE", "userInfo": {"username": "system:serviceaccount:argocd:argocd-application-controller"}}
	count(violations(review)) == 1
}

test_admission_delete_allowed if {
	review := {"object": live({}), "operation": "DELETE", "userInfo": {"username": "alice"}}
	count(violations(review)) == 0
}
