package k8srequirenetworkpolicy

import future.keywords

import data.lib.naming

obj := input.review.object

namespace := obj.metadata.name if obj.kind == "Namespace"

namespace := obj.metadata.namespace if obj.kind != "Namespace"

policies := object.get(data.inventory, ["namespace", namespace, "networking.k8s.io/v1", "NetworkPolicy"], {})

# A Namespace is created before anything can exist in it, so on CREATE it cannot have a NetworkPolicy yet:
# it is judged on UPDATE, in audit and in the repository review, where the NetworkPolicies are known.
judged if obj.kind != "Namespace"

judged if {
	obj.kind == "Namespace"
	not input.review.operation == "CREATE"
}

violation contains {"msg": msg, "details": {"path": "/metadata/namespace", "namespace": namespace}} if {
	judged
	count(policies) == 0
	msg := sprintf("%s: %s", [naming.ref(obj), no_policy_text])
}

violation contains {"msg": msg, "details": {"path": "/metadata/namespace", "namespace": namespace}} if {
	judged
	input.parameters.requireDefaultDeny
	count(policies) > 0
	not some_default_deny
	msg := sprintf(
		"%s: no NetworkPolicy in namespace %q isolates every pod both ways (%s); add one with podSelector: {} and policyTypes: [Ingress, Egress]",
		[naming.ref(obj), namespace, concat(", ", sort([name | some name, _ in policies]))],
	)
}

no_policy_text := sprintf(
	"namespace %q has no NetworkPolicy, so its pods accept and open any connection; add a default-deny NetworkPolicy (podSelector: {}, policyTypes: [Ingress, Egress]) and one policy per allowed flow",
	[namespace],
) if obj.kind == "Namespace"

no_policy_text := sprintf(
	"namespace %q has no NetworkPolicy, so these pods would run unsegmented; commit the namespace's NetworkPolicies with the workload (Argo CD applies NetworkPolicies before workloads in a sync)",
	[namespace],
) if obj.kind != "Namespace"

# NetworkPolicies add up: one that selects every pod and declares both directions isolates the whole namespace,
# and its rules, if any, are what every pod may still do.
some_default_deny if {
	some policy in policies
	empty_selector(object.get(policy.spec, "podSelector", {}))
	types := {t | some t in object.get(policy.spec, "policyTypes", [])}
	{"Ingress", "Egress"} & types == {"Ingress", "Egress"}
}

empty_selector(selector) if {
	count(object.get(selector, "matchLabels", {})) == 0
	count(object.get(selector, "matchExpressions", [])) == 0
}
