package k8sargopinnedrevision

import future.keywords

import data.lib.argocd
import data.lib.naming

# Git sources: each revision problem is reported once, most specific first, so a finding names the real fix.

violation contains finding(s, revision, msg) if {
	some s in argocd.sources
	not argocd.is_chart(s.source)
	revision := git_revision(s.source)
	tracks_head(revision)
	msg := sprintf(
		"%s: %s.targetRevision is %s, so every push deploys unreviewed; pin a release tag (release-YYYY.MM.DD.N) or a full commit SHA",
		[naming.ref(input.review.object), s.field, shown(revision)],
	)
}

violation contains finding(s, revision, msg) if {
	some s in argocd.sources
	not argocd.is_chart(s.source)
	revision := git_revision(s.source)
	not tracks_head(revision)
	is_branch(revision)
	msg := sprintf(
		"%s: %s.targetRevision %q is a branch and moves with every merge; pin a release tag (release-YYYY.MM.DD.N) or a full commit SHA",
		[naming.ref(input.review.object), s.field, revision],
	)
}

violation contains finding(s, revision, msg) if {
	some s in argocd.sources
	not argocd.is_chart(s.source)
	revision := git_revision(s.source)
	not tracks_head(revision)
	not is_branch(revision)
	not pinned_form(revision)
	msg := sprintf(
		"%s: %s.targetRevision %q is not a release tag, semantic version or 40-character commit SHA; pin one of those",
		[naming.ref(input.review.object), s.field, revision],
	)
}

# Helm chart sources: targetRevision is the chart version, resolved against the repository index at sync time.
violation contains finding(s, revision, msg) if {
	some s in argocd.sources
	argocd.is_chart(s.source)
	revision := trim_space(object.get(s.source, "targetRevision", ""))
	not exact_version(revision)
	msg := sprintf(
		"%s: %s.targetRevision %s for chart %q is not an exact version, so the chart can change without a commit; pin a version such as 1.19.1",
		[naming.ref(input.review.object), s.field, shown(revision), s.source.chart],
	)
}

finding(s, revision, msg) := {
	"msg": msg,
	"details": {"path": concat("/", [s.pointer, "targetRevision"]), "targetRevision": revision},
}

git_revision(source) := trim_space(object.get(source, "targetRevision", ""))

# Argo CD resolves an empty targetRevision to HEAD.
tracks_head("")

tracks_head(revision) if upper(revision) == "HEAD"

is_branch(revision) if startswith(revision, "refs/heads/")

is_branch(revision) if revision in object.get(input.parameters, "branches", [])

pinned_form(revision) if {
	some pattern in input.parameters.revisionPatterns
	regex.match(pattern, revision)
}

# Semantic version 2.0.0, optionally prefixed with v: no ranges (`*`, `^`, `~`, `x`, `>=`, `||`) and no partial versions.
exact_version(revision) if {
	regex.match(`^v?(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$`, revision)
}

shown("") := "empty"

shown(revision) := sprintf("%q", [revision]) if revision != ""
