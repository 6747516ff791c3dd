package k8sdenylatesttag

import future.keywords

import data.lib.containers
import data.lib.images

# A digest fixes the content whatever the tag says, so only images without one are judged by their tag.
violation contains {"msg": msg, "details": {"container": c.name, "image": image, "path": path}} if {
	some c in containers.items
	image := c.container.image
	not images.digest(image)
	problem := _problem(image)
	path := containers.pointer(c, ["image"])
	msg := sprintf(
		"%s uses image %s %s; use a version tag (dev) or a digest (stage, prod)",
		[containers.describe(c), image, problem],
	)
}

_problem(image) := "without a tag, which pulls whatever latest is at the time" if not images.tag(image)

_problem(image) := "with the mutable tag latest" if images.tag(image) == "latest"
