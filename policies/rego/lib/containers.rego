# Containers of the object under review, and the securityContext values that apply to them.
#
# package lib.containers — `import data.lib.containers`
#
#   pod_spec(obj)          The PodSpec of a Pod, of a workload's pod template (Deployment, StatefulSet, DaemonSet,
#                          ReplicaSet, Job, ReplicationController) or of a CronJob's job template. Undefined for other kinds.
#   spec_pointer(obj)      JSON pointer of that PodSpec inside obj: "/spec", "/spec/template/spec",
#                          "/spec/jobTemplate/spec/template/spec".
#   pod_metadata(obj)      The metadata the Pod will carry: a Pod's own, the pod template's for workloads and CronJobs
#                          ({} when the template has none). Undefined for other kinds.
#   items                  Array of every container of input.review.object, one entry each:
#                            {"name": "web", "kind": "container" | "init container" | "ephemeral container",
#                             "field": "containers" | "initContainers" | "ephemeralContainers",
#                             "pointer": "/spec/containers/0", "container": {...the container...}}
#   describe(entry)        How a message names a container: `init container "setup"`.
#   pointer(entry, keys)   JSON pointer of a field under a container: pointer(e, ["securityContext", "privileged"])
#                          = "/spec/containers/0/securityContext/privileged". Keys are escaped (RFC 6901).
#   pod_pointer(keys)      JSON pointer of a field under the reviewed PodSpec: pod_pointer(["hostPID"]) = "/spec/hostPID".
#   metadata_pointer(keys) JSON pointer of a field under the reviewed Pod's metadata:
#                          metadata_pointer(["annotations", "a/b"]) = "/metadata/annotations/a~1b".
#   escape(key)            One RFC 6901 reference token: "~" -> "~0", "/" -> "~1"; an array index becomes its digits.
#   effective(entry, key)  The securityContext field `key` that applies to a container: its own value, else the pod's
#                          (Kubernetes' precedence for runAsUser, runAsNonRoot, seccompProfile, appArmorProfile,
#                          seLinuxOptions, ...). {"value": v, "pointer": "/spec/securityContext/runAsNonRoot",
#                          "level": "container" | "pod"}; undefined when neither sets it.
#
# Messages and details.path use these pointers so a finding can be traced to the line of the field.
package lib.containers

import future.keywords

_template_kinds := {"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "ReplicationController"}

spec_pointer(obj) := "/spec" if obj.kind == "Pod"

spec_pointer(obj) := "/spec/template/spec" if obj.kind in _template_kinds

spec_pointer(obj) := "/spec/jobTemplate/spec/template/spec" if obj.kind == "CronJob"

pod_spec(obj) := object.get(obj, split(trim_prefix(spec_pointer(obj), "/"), "/"), {})

pod_metadata(obj) := object.get(obj, _metadata_path(obj), {}) if spec_pointer(obj)

_metadata_path(obj) := array.concat(array.slice(path, 0, count(path) - 1), ["metadata"]) if {
	path := split(trim_prefix(spec_pointer(obj), "/"), "/")
}

_container_kinds := {
	"containers": "container",
	"initContainers": "init container",
	"ephemeralContainers": "ephemeral container",
}

_review := input.review.object

items := [entry |
	spec := pod_spec(_review)
	some field, kind in _container_kinds
	some i, c in object.get(spec, field, [])
	entry := {
		"name": object.get(c, "name", ""),
		"kind": kind,
		"field": field,
		"pointer": concat("/", [spec_pointer(_review), field, format_int(i, 10)]),
		"container": c,
	}
]

describe(entry) := concat("", [entry.kind, " \"", entry.name, "\""])

escape(key) := replace(replace(key, "~", "~0"), "/", "~1") if is_string(key)

escape(key) := format_int(key, 10) if is_number(key)

pointer(entry, keys) := concat("/", array.concat([entry.pointer], [escape(k) | some k in keys]))

pod_pointer(keys) := concat("/", array.concat([spec_pointer(_review)], [escape(k) | some k in keys]))

metadata_pointer(keys) := concat("/", array.concat(
	[concat("/", array.concat([""], _metadata_path(_review)))],
	[escape(k) | some k in keys],
))

effective(entry, key) := {"value": v, "pointer": pointer(entry, ["securityContext", key]), "level": "container"} if {
	v := entry.container.securityContext[key]
	v != null
}

effective(entry, key) := {"value": v, "pointer": pod_pointer(["securityContext", key]), "level": "pod"} if {
	not _container_sets(entry, key)
	v := pod_spec(_review).securityContext[key]
	v != null
}

_container_sets(entry, key) if {
	entry.container.securityContext[key] != null
}
