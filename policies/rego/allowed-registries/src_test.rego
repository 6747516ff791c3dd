package k8sallowedregistries_test

import future.keywords

import data.k8sallowedregistries

_pod(image) := {"kind": "Pod", "spec": {"containers": [{"name": "api", "image": image}]}}

_messages(image, parameters) := {v.msg | some v in vs} if {
	vs := k8sallowedregistries.violation with input as {"review": {"object": _pod(image)}, "parameters": parameters}
}

test_without_registries_every_image_fails_closed if {
	_messages("ghcr.io/acme-payments/ledger-api:1.14.2", {}) == {`container "api" uses image ghcr.io/acme-payments/ledger-api:1.14.2, which is not allowed: the constraint lists no registries`}
}

test_prefix_must_match_from_the_start if {
	count(_messages("evil.example/ghcr.io/acme-payments/x:1", {"registries": ["ghcr.io/acme-payments/"]})) == 1
}

test_allowed_prefix_passes if {
	count(_messages("registry.k8s.io/pause:3.10", {"registries": ["ghcr.io/acme-payments/", "registry.k8s.io/"]})) == 0
}
