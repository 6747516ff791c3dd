package k8srequireapparmororselinux

import future.keywords

import data.lib.containers

_apparmor_ok := {"RuntimeDefault", "Localhost"}

# Where a container's AppArmor profile comes from, first match wins: its own securityContext.appArmorProfile,
# its container.apparmor.security.beta.kubernetes.io/<name> annotation (deprecated but still honoured by the
# kubelet, unlike the seccomp annotations), then the pod's securityContext.appArmorProfile.
_apparmor(c) := {"type": t, "source": "securityContext.appArmorProfile", "path": path} if {
	t := c.container.securityContext.appArmorProfile.type
	path := containers.pointer(c, ["securityContext", "appArmorProfile", "type"])
}

_apparmor(c) := {"type": _annotation_type(value), "source": concat("", ["annotation ", key]), "path": path} if {
	not c.container.securityContext.appArmorProfile
	key := concat("", ["container.apparmor.security.beta.kubernetes.io/", c.name])
	value := containers.pod_metadata(input.review.object).annotations[key]
	path := containers.metadata_pointer(["annotations", key])
}

_apparmor(c) := {"type": t, "source": "spec.securityContext.appArmorProfile", "path": path} if {
	not c.container.securityContext.appArmorProfile
	not _has_annotation(c)
	t := containers.pod_spec(input.review.object).securityContext.appArmorProfile.type
	path := containers.pod_pointer(["securityContext", "appArmorProfile", "type"])
}

_has_annotation(c) if {
	key := concat("", ["container.apparmor.security.beta.kubernetes.io/", c.name])
	containers.pod_metadata(input.review.object).annotations[key]
}

_annotation_type("runtime/default") := "RuntimeDefault"

_annotation_type("unconfined") := "Unconfined"

_annotation_type(value) := "Localhost" if startswith(value, "localhost/")

_annotation_type(value) := value if {
	value != "runtime/default"
	value != "unconfined"
	not startswith(value, "localhost/")
}

_selinux_types := {t | some t in object.get(input.parameters, "allowedSELinuxTypes", [])}

_selinux_type(c) := {"type": setting.value.type, "level": setting.level, "path": concat("/", [setting.pointer, "type"])} if {
	setting := containers.effective(c, "seLinuxOptions")
	setting.value.type
}

violation contains {"msg": msg, "details": {"container": c.name, "path": profile.path}} if {
	some c in containers.items
	profile := _apparmor(c)
	not profile.type in _apparmor_ok
	msg := sprintf(
		"%s gets AppArmor profile %s from %s; use RuntimeDefault or a Localhost profile",
		[containers.describe(c), profile.type, profile.source],
	)
}

violation contains {"msg": msg, "details": {"container": c.name, "path": selinux.path}} if {
	some c in containers.items
	selinux := _selinux_type(c)
	not selinux.type in _selinux_types
	msg := sprintf(
		"%s gets SELinux type %s from the %s securityContext (seLinuxOptions.type), which is not allowed; use one of: %s",
		[containers.describe(c), selinux.type, selinux.level, concat(", ", sort(_selinux_types))],
	)
}

violation contains {"msg": msg, "details": {"container": c.name, "path": path}} if {
	some c in containers.items
	not _apparmor(c)
	not _selinux_type(c)
	path := containers.pointer(c, ["securityContext"])
	msg := sprintf(
		"%s has no AppArmor profile or SELinux type; set securityContext.appArmorProfile.type: RuntimeDefault on the pod or the container (AppArmor nodes), or seLinuxOptions.type to one of: %s (SELinux nodes)",
		[containers.describe(c), concat(", ", sort(_selinux_types))],
	)
}
