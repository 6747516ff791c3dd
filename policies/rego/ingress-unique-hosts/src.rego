package k8singressuniquehosts

import future.keywords

import data.lib.naming

ingress := input.review.object

namespace := object.get(ingress.metadata, "namespace", object.get(input.review, "namespace", ""))

# Every other Ingress that serves one of this Ingress's hosts. The inventory holds this very Ingress
# on UPDATE (and in a repository review that loads every object), so the same namespace/name is skipped.
violation contains {"msg": msg, "details": {"path": sprintf("/spec/rules/%d/host", [i]), "host": host, "conflict": sprintf("%s/%s", [other_ns, other_name])}} if {
	some i, rule in object.get(ingress.spec, "rules", [])
	host := lower(object.get(rule, "host", ""))
	host != ""
	some [other_ns, other_name, other] in other_ingresses
	some other_rule in object.get(other.spec, "rules", [])
	lower(object.get(other_rule, "host", "")) == host
	msg := sprintf(
		"%s: spec.rules[%d].host %q is already served by Ingress %s/%s%s; a host belongs to one %s",
		[naming.ref(ingress), i, host, other_ns, other_name, where(other_ns), owner_scope],
	)
}

other_ingresses contains [other_ns, other_name, other] if {
	some other_ns, groups in object.get(data.inventory, "namespace", {})
	some other_name, other in object.get(groups, ["networking.k8s.io/v1", "Ingress"], {})
	not itself(other_ns, other_name)
	may_conflict(other_ns)
}

itself(other_ns, other_name) if {
	other_ns == namespace
	other_name == ingress.metadata.name
}

# Traefik merges the paths of several Ingresses for one host, which is fine inside one namespace (one team);
# across namespaces it lets one team take over another's traffic.
may_conflict(other_ns) if other_ns != namespace

may_conflict(other_ns) if {
	other_ns == namespace
	not input.parameters.allowSharingWithinNamespace
}

where(other_ns) := " in another namespace" if other_ns != namespace

where(other_ns) := " in the same namespace" if other_ns == namespace

owner_scope := "Ingress: merge the paths into that Ingress or use another host" if not input.parameters.allowSharingWithinNamespace

owner_scope := "namespace: pick another host, or move the route to the namespace that owns it" if input.parameters.allowSharingWithinNamespace
