package k8srequireresources

import future.keywords

import data.lib.containers
import data.lib.quantity

# Ephemeral containers are left out: the API rejects resources on them (they share the pod's allocation).
_sized := [c | some c in containers.items; c.field != "ephemeralContainers"]

_required := [["requests", "cpu"], ["requests", "memory"], ["limits", "memory"]]

violation contains {"msg": msg, "details": {"container": c.name, "path": path}} if {
	some c in _sized
	some [section, resource] in _required
	not c.container.resources[section][resource]
	path := containers.pointer(c, ["resources", section, resource])
	msg := sprintf(
		"%s does not set resources.%s.%s; set it so the scheduler reserves capacity and the node can evict predictably",
		[containers.describe(c), section, resource],
	)
}

violation contains {"msg": msg, "details": {"container": c.name, "path": path}} if {
	some c in _sized
	some section in ["requests", "limits"]
	some resource, value in c.container.resources[section]
	resource in {"cpu", "memory"}
	not quantity.valid(value)
	path := containers.pointer(c, ["resources", section, resource])
	msg := sprintf(
		"%s sets resources.%s.%s: %v, which is not a Kubernetes quantity (e.g. 500m, 2, 256Mi, 1Gi)",
		[containers.describe(c), section, resource, value],
	)
}

_maximums := {"cpu": "maxCpuLimit", "memory": "maxMemoryLimit"}

violation contains {"msg": msg, "details": {"container": c.name, "path": path}} if {
	some c in _sized
	some resource, parameter in _maximums
	maximum := input.parameters[parameter]
	value := c.container.resources.limits[resource]
	quantity.parse(value) > quantity.parse(maximum)
	path := containers.pointer(c, ["resources", "limits", resource])
	msg := sprintf(
		"%s sets resources.limits.%s: %v, above the maximum of %v for this cluster; lower it or split the work",
		[containers.describe(c), resource, value, maximum],
	)
}
