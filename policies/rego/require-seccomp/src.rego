package k8srequireseccomp

import future.keywords

import data.lib.containers

_allowed_types := {"RuntimeDefault", "Localhost"}

violation contains {"msg": msg, "details": {"container": c.name, "path": path}} if {
	some c in containers.items
	not containers.effective(c, "seccompProfile")
	path := containers.pointer(c, ["securityContext", "seccompProfile"])
	msg := sprintf(
		"%s has no seccomp profile%s; set securityContext.seccompProfile.type: RuntimeDefault on the pod or the container",
		[containers.describe(c), _legacy_note],
	)
}

violation contains {"msg": msg, "details": {"container": c.name, "path": setting.pointer}} if {
	some c in containers.items
	setting := containers.effective(c, "seccompProfile")
	not setting.value.type in _allowed_types
	msg := sprintf(
		"%s gets seccomp profile type %s from the %s securityContext; use RuntimeDefault or Localhost",
		[containers.describe(c), object.get(setting.value, "type", "(none)"), setting.level],
	)
}

# The seccomp.security.alpha.kubernetes.io annotations were deprecated in Kubernetes 1.19 and current kubelets
# no longer apply them, so they do not count; a pod relying on them runs Unconfined. Say so, not just "missing".
_legacy_note := " (the seccomp.security.alpha.kubernetes.io annotations are ignored by current kubelets)" if {
	_has_legacy_annotation
}

_legacy_note := "" if not _has_legacy_annotation

_has_legacy_annotation if {
	some key, _ in object.get(containers.pod_metadata(input.review.object), "annotations", {})
	contains(key, "seccomp.security.alpha.kubernetes.io/")
}
