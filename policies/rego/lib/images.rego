# Container image references, split the way container runtimes read them.
#
# package lib.images — `import data.lib.images`
#
#   digest(image)           The digest after "@" ("sha256:…"); undefined when the image is not pinned.
#   pinned(image)           true when the digest is a well-formed sha256 digest (64 lowercase hex characters).
#   tag(image)              The tag ("1.4.2"); undefined when there is none. A ":" before the last "/" is a registry
#                           port (localhost:5000/app), not a tag.
#   from_any(image, prefixes)  true when the image starts with one of the prefixes (plain string prefixes:
#                           list them with a trailing "/" so "ghcr.io/acme" cannot match "ghcr.io/acme-evil/x").
package lib.images

import future.keywords

_sha256 := `^sha256:[a-f0-9]{64}$`

digest(image) := substring(image, indexof(image, "@") + 1, -1) if contains(image, "@")

pinned(image) if regex.match(_sha256, digest(image))

_name(image) := substring(image, 0, indexof(image, "@")) if contains(image, "@")

_name(image) := image if not contains(image, "@")

# The last path component holds the tag, if any.
_last(image) := parts[count(parts) - 1] if parts := split(_name(image), "/")

tag(image) := substring(last, indexof(last, ":") + 1, -1) if {
	last := _last(image)
	contains(last, ":")
}

from_any(image, prefixes) if {
	some prefix in prefixes
	startswith(image, prefix)
}
