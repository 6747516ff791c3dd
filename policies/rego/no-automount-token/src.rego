package k8sdenytokenautomount

import future.keywords

import data.lib.naming

obj := input.review.object

# A Pod's own automountServiceAccountToken wins over its ServiceAccount's, so a Pod that sets false is safe
# whatever account it runs as; a Pod that leaves it unset inherits the account's setting, true by default.
violation contains {"msg": msg, "details": {"path": "/spec/automountServiceAccountToken"}} if {
	obj.kind == "Pod"
	not object.get(obj.spec, "automountServiceAccountToken", null) == false
	msg := sprintf(
		"%s: spec.automountServiceAccountToken is %s, so an API token is mounted into every container; set it to false (a workload that calls the API mounts a projected token volume instead)",
		[naming.ref(obj), shown(object.get(obj.spec, "automountServiceAccountToken", null))],
	)
}

violation contains {"msg": msg, "details": {"path": "/automountServiceAccountToken"}} if {
	obj.kind == "ServiceAccount"
	not object.get(obj, "automountServiceAccountToken", null) == false
	msg := sprintf(
		"%s: automountServiceAccountToken is %s, so every Pod using this account gets its token unless the Pod opts out; set it to false",
		[naming.ref(obj), shown(object.get(obj, "automountServiceAccountToken", null))],
	)
}

shown(null) := "not set"

shown(value) := sprintf("%v", [value]) if value != null
