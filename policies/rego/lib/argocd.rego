# Argo CD Applications and ApplicationSets as policies see them: the Application spec Argo CD will reconcile
# and the sources it will fetch.
#
# package lib.argocd — `import data.lib.argocd`
#
#   spec              The Application spec of input.review.object: an Application's `spec`, or the `spec.template.spec`
#                     an ApplicationSet stamps out. Undefined for other kinds.
#   spec_field        Where that spec is, for messages: "spec" or "spec.template.spec".
#   spec_pointer(keys) JSON pointer of a field under that spec: spec_pointer(["project"]) = "/spec/template/spec/project".
#   sources           Set of every source, `source` and each `sources` entry (both are checked: Argo CD ignores `source`
#                     when `sources` is set, but a stale one still reads as intent):
#                       {"field": "spec.sources[1]", "pointer": "/spec/sources/1", "source": {...}}
#   is_chart(source)  The source installs a chart from a Helm repository (`chart` is set); its targetRevision is a
#                     chart version, not a Git revision.
package lib.argocd

import future.keywords

_object := input.review.object

spec := _object.spec if _object.kind == "Application"

spec := _object.spec.template.spec if _object.kind == "ApplicationSet"

spec_field := "spec" if _object.kind == "Application"

spec_field := "spec.template.spec" if _object.kind == "ApplicationSet"

spec_pointer(keys) := concat("/", array.concat([""], array.concat(split(spec_field, "."), keys)))

sources contains {"field": sprintf("%s.source", [spec_field]), "pointer": spec_pointer(["source"]), "source": s} if {
	s := spec.source
	is_object(s)
}

sources contains entry if {
	some i, s in object.get(spec, "sources", [])
	entry := {
		"field": sprintf("%s.sources[%d]", [spec_field, i]),
		"pointer": spec_pointer(["sources", format_int(i, 10)]),
		"source": s,
	}
}

is_chart(source) if object.get(source, "chart", "") != ""
