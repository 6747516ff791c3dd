package k8singressrequiretls

import future.keywords

import data.lib.naming

ingress := input.review.object

entrypoints_annotation := "traefik.ingress.kubernetes.io/router.entrypoints"

tls_hosts := {host | some entry in object.get(ingress.spec, "tls", []); some host in object.get(entry, "hosts", [])}

violation contains {"msg": msg, "details": {"path": sprintf("/spec/rules/%d", [i])}} if {
	some i, rule in object.get(ingress.spec, "rules", [])
	object.get(rule, "host", "") == ""
	msg := sprintf(
		"%s: spec.rules[%d] has no host, so it answers any name and no certificate can be bound to it; set the host and list it in spec.tls",
		[naming.ref(ingress), i],
	)
}

violation contains {"msg": msg, "details": {"path": sprintf("/spec/rules/%d/host", [i]), "host": host}} if {
	some i, rule in object.get(ingress.spec, "rules", [])
	host := object.get(rule, "host", "")
	host != ""
	not covered(host, tls_hosts)
	msg := sprintf(
		"%s: spec.rules[%d].host %q is not in any spec.tls[].hosts, so it is served without its certificate; add it to spec.tls with a secretName",
		[naming.ref(ingress), i, host],
	)
}

violation contains {"msg": msg, "details": {"path": "/spec/defaultBackend"}} if {
	ingress.spec.defaultBackend
	msg := sprintf(
		"%s: spec.defaultBackend serves requests for any host name, with no certificate bound to it; route through host rules listed in spec.tls instead",
		[naming.ref(ingress)],
	)
}

# Traefik attaches an Ingress's routers to every entrypoint unless this annotation names some, which
# would include the plain-HTTP `web` one; the route must live on TLS entrypoints only.
violation contains {"msg": msg, "details": {"path": annotation_path}} if {
	not ingress.metadata.annotations[entrypoints_annotation]
	msg := sprintf(
		"%s: metadata.annotations[%q] is not set, so Traefik serves these routes on every entrypoint, plain HTTP included; set it to %s",
		[naming.ref(ingress), entrypoints_annotation, concat(",", input.parameters.httpsEntrypoints)],
	)
}

violation contains {"msg": msg, "details": {"path": annotation_path, "entrypoints": plain}} if {
	listed := [trim_space(e) | some e in split(ingress.metadata.annotations[entrypoints_annotation], ",")]
	plain := [e | some e in listed; not e in input.parameters.httpsEntrypoints]
	count(plain) > 0
	msg := sprintf(
		"%s: metadata.annotations[%q] lists %s, which %s not TLS; list only %s",
		[naming.ref(ingress), entrypoints_annotation, concat(",", plain), verb(plain), concat(",", input.parameters.httpsEntrypoints)],
	)
}

annotation_path := concat("/", ["/metadata/annotations", replace(entrypoints_annotation, "/", "~1")])

verb(entries) := "is" if count(entries) == 1

verb(entries) := "are" if count(entries) > 1

# A TLS host covers itself, and a `*.` wildcard covers exactly one more label, as certificates do.
covered(host, hosts) if lower(host) in {lower(h) | some h in hosts}

covered(host, hosts) if {
	some pattern in hosts
	startswith(pattern, "*.")
	labels := split(lower(host), ".")
	count(labels) > 2
	concat(".", array.slice(labels, 1, count(labels))) == lower(substring(pattern, 2, -1))
}
