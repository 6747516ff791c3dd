package k8shpareplicabounds

import future.keywords

import data.lib.naming

hpa := input.review.object

# Kubernetes defaults minReplicas to 1 when it is left out.
min_replicas := object.get(hpa.spec, "minReplicas", 1)

max_replicas := hpa.spec.maxReplicas

violation contains {"msg": msg, "details": {"path": "/spec/minReplicas", "minReplicas": min_replicas}} if {
	min_replicas < input.parameters.minReplicasFloor
	msg := sprintf(
		"%s: spec.minReplicas is %s; set it to at least %d so the workload stays available while a Pod restarts or a node drains",
		[naming.ref(hpa), shown_min, input.parameters.minReplicasFloor],
	)
}

violation contains {"msg": msg, "details": {"path": "/spec/maxReplicas", "maxReplicas": max_replicas}} if {
	max_replicas > input.parameters.maxReplicasCeiling
	msg := sprintf(
		"%s: spec.maxReplicas is %d, above the ceiling of %d; a runaway scale-out would starve the nodes and the database of connections: lower it, or raise the ceiling in a reviewed change",
		[naming.ref(hpa), max_replicas, input.parameters.maxReplicasCeiling],
	)
}

violation contains {"msg": msg, "details": {"path": "/spec/maxReplicas", "maxReplicas": max_replicas}} if {
	max_replicas < min_replicas
	msg := sprintf(
		"%s: spec.maxReplicas %d is below spec.minReplicas %d, so the autoscaler cannot honour both; make maxReplicas at least minReplicas",
		[naming.ref(hpa), max_replicas, min_replicas],
	)
}

shown_min := sprintf("%d", [hpa.spec.minReplicas]) if hpa.spec.minReplicas != null

shown_min := "not set (Kubernetes uses 1)" if object.get(hpa.spec, "minReplicas", null) == null
