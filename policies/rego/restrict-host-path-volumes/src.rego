package k8srestricthostpathvolumes

import future.keywords

import data.lib.containers

_spec := containers.pod_spec(input.review.object)

_host_paths[name] := {"path": v.hostPath.path, "pointer": containers.pod_pointer(["volumes", i, "hostPath", "path"])} if {
	some i, v in object.get(_spec, "volumes", [])
	name := v.name
	v.hostPath
}

violation contains {"msg": msg, "details": {"volume": name, "path": volume.pointer}} if {
	some name, volume in _host_paths
	not _traverses(volume.path)
	not _allowed(volume.path)
	msg := sprintf(
		"volume \"%s\" mounts host path %s, which %s; use an emptyDir, ConfigMap, Secret or PersistentVolumeClaim instead",
		[name, volume.path, _allowed_text],
	)
}

violation contains {"msg": msg, "details": {"volume": name, "path": volume.pointer}} if {
	some name, volume in _host_paths
	_traverses(volume.path)
	msg := sprintf(
		"volume \"%s\" mounts host path %s, which contains a \"..\" segment; write the path without \"..\"",
		[name, volume.path],
	)
}

# Only paths that are allowed get this check: a path that is not allowed is already one violation.
violation contains {"msg": msg, "details": {"container": c.name, "volume": m.name, "path": path}} if {
	some c in containers.items
	some i, m in object.get(c.container, "volumeMounts", [])
	volume := _host_paths[m.name]
	_allowed(volume.path)
	object.get(m, "readOnly", false) != true
	path := containers.pointer(c, ["volumeMounts", i, "readOnly"])
	msg := sprintf(
		"%s mounts hostPath volume \"%s\" (%s) at %s without readOnly: true; set readOnly: true on the volumeMount",
		[containers.describe(c), m.name, volume.path, m.mountPath],
	)
}

_prefixes := object.get(input.parameters, "allowedHostPaths", [])

# A prefix covers itself and what lies below it, by whole path segments: /var/log covers /var/log/pods, not /var/logs.
_allowed(path) if {
	not _traverses(path)
	some prefix in _prefixes
	_under(trim_suffix(path, "/"), trim_suffix(prefix, "/"))
}

_under(path, prefix) if path == prefix

_under(path, prefix) if startswith(path, concat("", [prefix, "/"]))

_traverses(path) if ".." in split(path, "/")

_allowed_text := "is not allowed: no host path may be mounted" if count(_prefixes) == 0

_allowed_text := concat("", ["is not under an allowed prefix (", concat(", ", _prefixes), ")"]) if count(_prefixes) > 0
