package k8srequireimagedigests

import future.keywords

import data.lib.containers
import data.lib.images

violation contains {"msg": msg, "details": {"container": c.name, "image": image, "path": path}} if {
	some c in containers.items
	image := c.container.image
	not images.pinned(image)
	path := containers.pointer(c, ["image"])
	msg := sprintf(
		"%s uses image %s, which is not pinned by digest; reference it as <image>@sha256:<64 hex digits>, the digest CI published",
		[containers.describe(c), image],
	)
}
