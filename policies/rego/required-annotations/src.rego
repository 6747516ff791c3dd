package k8srequireannotations

import future.keywords

import data.lib.naming
import data.lib.required_keys

obj := input.review.object

violation contains {"msg": msg, "details": {"path": concat("/", ["/metadata/annotations", escape(p.key)]), "annotation": p.key}} if {
	annotations := object.get(obj.metadata, "annotations", {})
	some p in required_keys.problems(annotations, input.parameters.annotations)
	msg := sprintf(
		"%s: metadata.annotations[%q] %s; %s",
		[naming.ref(obj), p.key, p.problem, advice[p.key]],
	)
}

advice[rule.key] := object.get(rule, "advice", "add it") if some rule in input.parameters.annotations

# One RFC 6901 reference token: annotation keys such as tollgate.io/runbook contain "/".
escape(key) := replace(replace(key, "~", "~0"), "/", "~1")
