package k8sallowedregistries

import future.keywords

import data.lib.containers
import data.lib.images

violation contains {"msg": msg, "details": {"container": c.name, "image": image, "path": path}} if {
	some c in containers.items
	image := c.container.image
	not images.from_any(image, _registries)
	path := containers.pointer(c, ["image"])
	msg := sprintf("%s uses image %s, which %s", [containers.describe(c), image, _allowed_text])
}

# No list means no registry is allowed: a constraint without parameters fails closed.
_registries := object.get(input.parameters, "registries", [])

_allowed_text := "is not allowed: the constraint lists no registries" if count(_registries) == 0

_allowed_text := concat("", [
	"is not from an allowed registry (", concat(", ", _registries), "); publish it to one of them",
]) if count(_registries) > 0
