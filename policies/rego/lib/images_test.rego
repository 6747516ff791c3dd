package lib.images_test

import future.keywords

import data.lib.images

_sha := "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

test_tag_is_read_from_the_last_path_segment if {
	images.tag("ghcr.io/acme-payments/ledger-api:1.14.2") == "1.14.2"
	images.tag("nginx:latest") == "latest"
	images.tag(concat("", ["localhost:5000/app:v1@", _sha])) == "v1"
	not images.tag("localhost:5000/app")
	not images.tag("nginx")
	not images.tag(concat("", ["ghcr.io/a/b@", _sha]))
}

test_digest_and_pinned if {
	images.digest(concat("", ["ghcr.io/a/b:1@", _sha])) == _sha
	images.pinned(concat("", ["ghcr.io/a/b@", _sha]))
	not images.digest("ghcr.io/a/b:1")
	not images.pinned("ghcr.io/a/b:1")
	not images.pinned("ghcr.io/a/b@sha256:0123")
	not images.pinned(concat("", ["ghcr.io/a/b@", upper(_sha)]))
}

test_from_any_is_a_plain_prefix_match if {
	images.from_any("ghcr.io/acme-payments/x:1", ["registry.k8s.io/", "ghcr.io/acme-payments/"])
	not images.from_any("ghcr.io/acme-payments-evil/x:1", ["ghcr.io/acme-payments/"])
	not images.from_any("nginx", [])
}
