package k8sargoapplicationsource

import future.keywords

import data.lib.argocd
import data.lib.naming

violation contains {"msg": msg, "details": {"path": concat("/", [s.pointer, "repoURL"]), "repoURL": url}} if {
	some s in argocd.sources
	url := object.get(s.source, "repoURL", "")
	not repo_allowed(url)
	msg := sprintf(
		"%s: %s.repoURL %q is not an allowed repository; deploy from %s",
		[naming.ref(input.review.object), s.field, url, concat(", ", input.parameters.allowedRepoURLs)],
	)
}

# `default` is the project Argo CD creates with every source, destination and cluster resource allowed;
# an Application in it escapes every restriction the AppProjects carry.
violation contains {"msg": msg, "details": {"path": argocd.spec_pointer(["project"]), "project": "default"}} if {
	argocd.spec.project == "default"
	msg := sprintf(
		"%s: %s.project is \"default\", which allows any source and destination; use one of %s",
		[naming.ref(input.review.object), argocd.spec_field, concat(", ", input.parameters.allowedProjects)],
	)
}

violation contains {"msg": msg, "details": {"path": argocd.spec_pointer(["project"]), "project": project}} if {
	project := object.get(argocd.spec, "project", "")
	project != "default"
	not project in input.parameters.allowedProjects
	msg := sprintf(
		"%s: %s.project %q is not an allowed AppProject; use one of %s",
		[naming.ref(input.review.object), argocd.spec_field, project, concat(", ", input.parameters.allowedProjects)],
	)
}

repo_allowed(url) if {
	some allowed in input.parameters.allowedRepoURLs
	normalized(allowed) == normalized(url)
}

# Argo CD treats these as one repository: case, a trailing slash and a `.git` suffix do not matter.
normalized(url) := trim_suffix(trim_suffix(lower(url), "/"), ".git")
