package lib.argocd_test

import future.keywords

import data.lib.argocd

app := {
	"apiVersion": "argoproj.io/v1alpha1",
	"kind": "Application",
	"spec": {"project": "ledger", "source": {"repoURL": "https://a/b.git", "targetRevision": "HEAD"}},
}

appset := {
	"apiVersion": "argoproj.io/v1alpha1",
	"kind": "ApplicationSet",
	"spec": {"template": {"spec": {
		"project": "platform",
		"sources": [{"repoURL": "https://charts", "chart": "x", "targetRevision": "1.2.3"}, {"repoURL": "https://a/b.git", "ref": "values"}],
	}}},
}

test_application_source if {
	argocd.sources == {{"field": "spec.source", "pointer": "/spec/source", "source": app.spec.source}} with input.review.object as app
	argocd.spec_pointer(["project"]) == "/spec/project" with input.review.object as app
}

test_applicationset_template_sources if {
	fields := {s.field | some s in argocd.sources} with input.review.object as appset
	fields == {"spec.template.spec.sources[0]", "spec.template.spec.sources[1]"}
	pointers := {s.pointer | some s in argocd.sources} with input.review.object as appset
	pointers == {"/spec/template/spec/sources/0", "/spec/template/spec/sources/1"}
}

test_chart_detection if {
	argocd.is_chart({"chart": "gatekeeper", "targetRevision": "3.23.1"})
	not argocd.is_chart({"path": "apps/ledger"})
}

test_other_kinds_have_no_spec if {
	not argocd.spec with input.review.object as {"kind": "AppProject", "spec": {}}
	count(argocd.sources) == 0 with input.review.object as {"kind": "AppProject", "spec": {}}
}
