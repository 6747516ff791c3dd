package k8sargoapplicationsource_test

import future.keywords

import data.k8sargoapplicationsource

params := {
	"allowedRepoURLs": ["https://github.com/acme-payments/platform-gitops.git", "https://charts.jetstack.io"],
	"allowedProjects": ["platform", "ledger", "policies"],
}

app(project, url) := {
	"kind": "Application",
	"metadata": {"name": "ledger", "namespace": "argocd"},
	"spec": {"project": project, "source": {"repoURL": url, "path": "apps/ledger"}},
}

test_repo_url_spellings_argo_cd_treats_as_equal if {
	some url in [
		"https://github.com/acme-payments/platform-gitops.git",
		"https://github.com/acme-payments/platform-gitops",
		"https://github.com/Acme-Payments/platform-gitops/",
		"https://charts.jetstack.io/",
	]
	count(k8sargoapplicationsource.violation) == 0 with input as {"review": {"object": app("ledger", url)}, "parameters": params}
}

test_look_alike_repo_denied if {
	a := app("ledger", "https://github.com/acme-payments/platform-gitops-fork.git")
	count(k8sargoapplicationsource.violation) == 1 with input as {"review": {"object": a}, "parameters": params}
}

test_missing_project_is_not_allowed if {
	a := {"kind": "Application", "metadata": {"name": "x", "namespace": "argocd"}, "spec": {"source": {"repoURL": "https://charts.jetstack.io"}}}
	some v in k8sargoapplicationsource.violation with input as {"review": {"object": a}, "parameters": params}
	v.details.project == ""
}

test_default_project_reported_once if {
	a := app("default", "https://charts.jetstack.io")
	p := object.union(params, {"allowedProjects": ["default", "ledger"]})
	count(k8sargoapplicationsource.violation) == 1 with input as {"review": {"object": a}, "parameters": p}
}
