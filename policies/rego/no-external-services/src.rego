package k8sdenyexternalservices

import future.keywords

import data.lib.naming

service := input.review.object

# NodePort opens a port on every node; LoadBalancer asks the cloud for a public address. Either one
# bypasses the ingress controller, where TLS, WAF rules and access logs live.
violation contains {"msg": msg, "details": {"path": "/spec/type", "type": service.spec.type}} if {
	service.spec.type in {"NodePort", "LoadBalancer"}
	not service.metadata.namespace in input.parameters.allowedNamespaces
	msg := sprintf(
		"%s: spec.type %s exposes the Service outside the cluster; only %s may do that: use type ClusterIP and route through an Ingress",
		[naming.ref(service), service.spec.type, namespaces],
	)
}

namespaces := concat(", ", [sprintf("namespace %q", [ns]) | some ns in input.parameters.allowedNamespaces])
