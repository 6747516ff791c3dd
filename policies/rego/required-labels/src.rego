package k8srequirelabels

import future.keywords

import data.lib.naming
import data.lib.required_keys

obj := input.review.object

violation contains {"msg": msg, "details": {"path": concat("/", [place.pointer, escape(p.key)]), "label": p.key}} if {
	some place in places
	some p in required_keys.problems(place.labels, input.parameters.labels)
	msg := sprintf(
		"%s: %s[%q] %s; %s",
		[naming.ref(obj), place.field, p.key, p.problem, advice],
	)
}

# The object's own labels, and for workloads every template whose labels end up on objects the controllers
# create: Pods, and for a CronJob the Jobs too (a Job it creates without them would be denied at admission).
places contains {"field": "metadata.labels", "pointer": "/metadata/labels", "labels": object.get(obj.metadata, "labels", {})}

places contains place if {
	obj.kind in {"Deployment", "StatefulSet", "DaemonSet", "Job"}
	place := {
		"field": "spec.template.metadata.labels",
		"pointer": "/spec/template/metadata/labels",
		"labels": object.get(obj, ["spec", "template", "metadata", "labels"], {}),
	}
}

places contains place if {
	obj.kind == "CronJob"
	some place in [
		{
			"field": "spec.jobTemplate.metadata.labels",
			"pointer": "/spec/jobTemplate/metadata/labels",
			"labels": object.get(obj, ["spec", "jobTemplate", "metadata", "labels"], {}),
		},
		{
			"field": "spec.jobTemplate.spec.template.metadata.labels",
			"pointer": "/spec/jobTemplate/spec/template/metadata/labels",
			"labels": object.get(obj, ["spec", "jobTemplate", "spec", "template", "metadata", "labels"], {}),
		},
	]
}

advice := sprintf(
	"Namespaces, workloads and their templates carry %s (docs/conventions.md)",
	[concat(", ", [rule.key | some rule in input.parameters.labels])],
)

# One RFC 6901 reference token: label keys such as app.kubernetes.io/name contain "/".
escape(key) := replace(replace(key, "~", "~0"), "/", "~1")
