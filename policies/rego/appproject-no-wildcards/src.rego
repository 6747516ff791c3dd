package k8sargoprojectnowildcards

import future.keywords

import data.lib.naming

project := input.review.object

# Argo CD matches sourceRepos and destinations as globs; an entry with `*` lets Applications of this project
# pull from, or deploy to, places nobody reviewed. Entries starting with `!` deny rather than allow and are left alone.
violation contains {"msg": msg, "details": {"path": sprintf("/spec/sourceRepos/%d", [i]), "value": repo}} if {
	some i, repo in object.get(project.spec, "sourceRepos", [])
	allowing_wildcard(repo)
	msg := sprintf(
		"%s: spec.sourceRepos[%d] %q allows repositories nobody reviewed; list each repository URL",
		[naming.ref(project), i, repo],
	)
}

violation contains {"msg": msg, "details": {"path": sprintf("/spec/destinations/%d/%s", [i, field]), "value": value}} if {
	some i, destination in object.get(project.spec, "destinations", [])
	some field in ["server", "name", "namespace"]
	value := object.get(destination, field, "")
	allowing_wildcard(value)
	msg := sprintf(
		"%s: spec.destinations[%d].%s %q lets Applications deploy anywhere it matches; name the exact %s",
		[naming.ref(project), i, field, value, field],
	)
}

violation contains {"msg": msg, "details": {"path": sprintf("/spec/clusterResourceWhitelist/%d", [i])}} if {
	some i, entry in object.get(project.spec, "clusterResourceWhitelist", [])
	object.get(entry, "group", "") == "*"
	object.get(entry, "kind", "") == "*"
	msg := sprintf(
		"%s: spec.clusterResourceWhitelist[%d] allows every cluster-scoped kind (group \"*\", kind \"*\"); list the group and kind of each cluster resource the project deploys",
		[naming.ref(project), i],
	)
}

allowing_wildcard(value) if {
	contains(value, "*")
	not startswith(value, "!")
}
