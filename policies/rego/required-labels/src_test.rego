package k8srequirelabels_test

import future.keywords

import data.k8srequirelabels

params := {"labels": [{"key": "owner"}, {"key": "app.kubernetes.io/name"}]}

labels := {"owner": "payments-ledger", "app.kubernetes.io/name": "ledger-reconcile"}

cronjob(top, job, pod) := {
	"kind": "CronJob",
	"metadata": {"name": "reconcile", "namespace": "ledger", "labels": top},
	"spec": {"jobTemplate": {"metadata": {"labels": job}, "spec": {"template": {"metadata": {"labels": pod}}}}},
}

violations(obj) := v if {
	v := k8srequirelabels.violation with input as {"review": {"object": obj}, "parameters": params}
}

test_cronjob_checks_job_and_pod_templates if {
	count(violations(cronjob(labels, labels, labels))) == 0
	paths := {v.details.path | some v in violations(cronjob(labels, {}, labels))}
	paths == {"/spec/jobTemplate/metadata/labels/owner", "/spec/jobTemplate/metadata/labels/app.kubernetes.io~1name"}
}

test_namespace_has_no_template if {
	ns := {"kind": "Namespace", "metadata": {"name": "ledger", "labels": labels}}
	count(violations(ns)) == 0
}

test_deployment_without_template_labels if {
	d := {"kind": "Deployment", "metadata": {"name": "api", "namespace": "ledger", "labels": labels}, "spec": {"template": {"metadata": {}}}}
	count(violations(d)) == 2
}
