package k8sdenydefaultserviceaccount

import future.keywords

import data.lib.naming

pod := input.review.object

# Every namespace gets a ServiceAccount called default that every workload shares unless told otherwise,
# so RBAC granted to it, and its tokens, belong to no one in particular.
violation contains {"msg": msg, "details": {"path": "/spec/serviceAccountName"}} if {
	account_name == ""
	msg := sprintf(
		"%s: spec.serviceAccountName is not set, so the Pod runs as the namespace's \"default\" ServiceAccount; create a ServiceAccount for this workload and set spec.serviceAccountName",
		[naming.ref(pod)],
	)
}

violation contains {"msg": msg, "details": {"path": "/spec/serviceAccountName"}} if {
	account_name == "default"
	msg := sprintf(
		"%s: spec.serviceAccountName is \"default\", the ServiceAccount every workload in the namespace shares; create a ServiceAccount for this workload and name it instead",
		[naming.ref(pod)],
	)
}

# spec.serviceAccount is the deprecated alias Kubernetes still honours when serviceAccountName is empty.
account_name := pod.spec.serviceAccountName if pod.spec.serviceAccountName != ""

account_name := object.get(pod.spec, "serviceAccount", "") if object.get(pod.spec, "serviceAccountName", "") == ""
