package k8sargopinnedrevision_test

import future.keywords

import data.k8sargopinnedrevision

params := {
	"branches": ["main", "develop"],
	"revisionPatterns": [
		`^[0-9a-f]{40}$`,
		`^v?[0-9]+\.[0-9]+\.[0-9]+$`,
		`^release-[0-9]{4}\.[0-9]{2}\.[0-9]{2}\.[0-9]+$`,
	],
}

git_app(revision) := {
	"kind": "Application",
	"metadata": {"name": "ledger", "namespace": "argocd"},
	"spec": {"source": {"repoURL": "https://github.com/acme-payments/platform-gitops.git", "path": "apps/ledger", "targetRevision": revision}},
}

chart_app(version) := {
	"kind": "Application",
	"metadata": {"name": "gatekeeper", "namespace": "argocd"},
	"spec": {"source": {"repoURL": "https://open-policy-agent.github.io/gatekeeper/charts", "chart": "gatekeeper", "targetRevision": version}},
}

violations(obj) := v if {
	v := k8sargopinnedrevision.violation with input as {"review": {"object": obj}, "parameters": params}
}

test_pinned_git_revisions if {
	every revision in ["release-2026.11.02.1", "v1.4.0", "1.4.0", "0123456789abcdef0123456789abcdef01234567"] {
		count(violations(git_app(revision))) == 0
	}
}

test_each_floating_git_revision_reported_once if {
	every revision in ["", "HEAD", "head", "main", "refs/heads/feature", "release-2026.11", "0123abc", "v1.4"] {
		count(violations(git_app(revision))) == 1
	}
}

test_missing_target_revision_is_head if {
	obj := json.remove(git_app("x"), ["spec/source/targetRevision"])
	some v in violations(obj)
	contains(v.msg, "targetRevision is empty")
}

test_exact_chart_versions if {
	every version in ["3.23.1", "v1.19.1", "65.1.0-rc.1", "1.0.0+build.5"] {
		count(violations(chart_app(version))) == 0
	}
}

test_chart_ranges_and_partials if {
	every version in ["", "*", "^3.23.0", "~3.23.0", "3.x", "3.23.x", ">=3.0.0", "3.23", "3.23.1 || 3.24.0", "01.2.3"] {
		count(violations(chart_app(version))) == 1
	}
}
