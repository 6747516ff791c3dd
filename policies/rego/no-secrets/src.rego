package k8sdenysecrets

import future.keywords

import data.lib.naming

secret := input.review.object

requester := object.get(input.review, ["userInfo", "username"], "")

tracking_annotation := "argocd.argoproj.io/tracking-id"

# Where the review comes from decides what "a Secret from Git" means; exactly one of these holds:
#   admission  the API server names the requester: only the controllers that materialise Secrets may write one;
#              Argo CD applying a manifest from Git, or a person with kubectl, may not.
#   audit      a live object (metadata.uid set) with no requester: it came from Git if Argo CD tracks it.
#   repository a manifest (no uid, no requester): gator, CI and pre-commit; every Secret there is in Git.
source := "admission" if requester != ""

source := "audit" if {
	requester == ""
	object.get(secret.metadata, "uid", "") != ""
}

source := "repository" if {
	requester == ""
	object.get(secret.metadata, "uid", "") == ""
}

violation contains {"msg": msg, "details": {"path": "/metadata/name", "requester": requester}} if {
	source == "admission"
	not input.review.operation == "DELETE"
	not requester in object.get(input.parameters, "exemptUsers", [])
	msg := sprintf(
		"%s: written by %q, which is not a controller that materialises Secrets; Secrets reach the cluster only through an ExternalSecret (external-secrets.io)",
		[naming.ref(secret), requester],
	)
}

violation contains {"msg": msg, "details": {"path": sprintf("/metadata/annotations/%s", [replace(tracking_annotation, "/", "~1")])}} if {
	source == "audit"
	secret.metadata.annotations[tracking_annotation]
	msg := sprintf(
		"%s: applied by Argo CD from Git (%s); move the value to the secret store and replace this object with an ExternalSecret (external-secrets.io)",
		[naming.ref(secret), tracking_annotation],
	)
}

violation contains {"msg": msg, "details": {"path": "/kind", "type": secret_type}} if {
	source == "repository"
	msg := sprintf("%s: %s", [naming.ref(secret), repository_advice])
}

secret_type := object.get(secret, "type", "Opaque")

repository_advice := "a service-account-token Secret is minted by the cluster and never kept in Git; mount a projected serviceAccountToken volume (short-lived, audience-bound) instead" if {
	secret_type == "kubernetes.io/service-account-token"
}

repository_advice := "Secret objects are not kept in Git, encoded or not; put the value in the secret store and commit an ExternalSecret (external-secrets.io) that materialises it" if {
	secret_type != "kubernetes.io/service-account-token"
}
