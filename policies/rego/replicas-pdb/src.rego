package k8srequiredisruptionbudget

import future.keywords

import data.lib.naming

workload := input.review.object

namespace := workload.metadata.namespace

pod_labels := object.get(workload, ["spec", "template", "metadata", "labels"], {})

# The replicas the workload keeps at least: spec.replicas (1 when unset), or the minReplicas of an
# autoscaler that scales it, which owns spec.replicas once it exists.
replicas := max({object.get(workload.spec, "replicas", 1)} | {hpa_min |
	some hpa in object.get(data.inventory, ["namespace", namespace, "autoscaling/v2", "HorizontalPodAutoscaler"], {})
	hpa.spec.scaleTargetRef.kind == workload.kind
	hpa.spec.scaleTargetRef.name == workload.metadata.name
	hpa_min := object.get(hpa.spec, "minReplicas", 1)
})

applies if replicas >= input.parameters.minReplicas

budgets := {name: pdb |
	some name, pdb in object.get(data.inventory, ["namespace", namespace, "policy/v1", "PodDisruptionBudget"], {})
	selects(object.get(pdb.spec, "selector", null), pod_labels)
}

violation contains {"msg": msg, "details": {"path": "/spec/template/metadata/labels", "replicas": replicas}} if {
	applies
	count(budgets) == 0
	msg := sprintf(
		"%s: keeps %d replicas but no PodDisruptionBudget in namespace %q selects its pods; add one selecting spec.template.metadata.labels with maxUnavailable: 1 (or a percentage below 100%%)",
		[naming.ref(workload), replicas, namespace],
	)
}

# The eviction API refuses to evict a pod that more than one budget selects, so drains stop on it.
violation contains {"msg": msg, "details": {"path": "/spec/template/metadata/labels", "budgets": names}} if {
	applies
	count(budgets) > 1
	names := sort([name | some name, _ in budgets])
	msg := sprintf(
		"%s: its pods are selected by %d PodDisruptionBudgets (%s) and the eviction API refuses pods with more than one; keep a single budget",
		[naming.ref(workload), count(names), concat(", ", names)],
	)
}

violation contains {"msg": msg, "details": {"path": "/spec/replicas", "budget": name, "replicas": replicas}} if {
	applies
	count(budgets) == 1
	some name, pdb in budgets
	problem := budget_problem(pdb.spec, replicas)
	msg := sprintf("%s: PodDisruptionBudget %q %s", [naming.ref(workload), name, problem])
}

# How many pods a budget lets voluntary disruption take at once out of n, as the disruption controller
# computes it (percentages rounded up, pkg/controller/disruption). Undefined when the budget sets neither field.
disruptable(spec, n) := min({n, max({0, scaled(spec.maxUnavailable, n)})}) if spec.maxUnavailable != null

disruptable(spec, n) := max({0, n - scaled(spec.minAvailable, n)}) if {
	object.get(spec, "maxUnavailable", null) == null
	spec.minAvailable != null
}

scaled(value, _) := value if is_number(value)

scaled(value, n) := ceil((n * to_number(trim_suffix(value, "%"))) / 100) if {
	is_string(value)
	endswith(value, "%")
}

budget_problem(spec, _) := "sets neither minAvailable nor maxUnavailable, so it protects nothing; set maxUnavailable: 1 (or a percentage below 100%)" if {
	object.get(spec, "maxUnavailable", null) == null
	object.get(spec, "minAvailable", null) == null
}

budget_problem(spec, n) := sprintf("(%s) allows no voluntary disruption of %d replicas, so node drains and upgrades hang; let at least one pod go (maxUnavailable: 1)", [budget_text(spec), n]) if {
	disruptable(spec, n) == 0
}

budget_problem(spec, n) := sprintf("(%s) lets all %d replicas be evicted at once, so it protects nothing; keep at least one pod running (maxUnavailable below %d)", [budget_text(spec), n, n]) if {
	disruptable(spec, n) >= n
}

budget_text(spec) := sprintf("maxUnavailable: %v", [spec.maxUnavailable]) if spec.maxUnavailable != null

budget_text(spec) := sprintf("minAvailable: %v", [spec.minAvailable]) if object.get(spec, "maxUnavailable", null) == null

# policy/v1 label selectors: a null selector selects nothing, an empty one every pod of the namespace.
selects(selector, labels) if {
	selector != null
	every key, value in object.get(selector, "matchLabels", {}) {
		labels[key] == value
	}
	every expression in object.get(selector, "matchExpressions", []) {
		matches(expression, labels)
	}
}

matches(expression, labels) if {
	expression.operator == "In"
	labels[expression.key] in expression.values
}

matches(expression, labels) if {
	expression.operator == "NotIn"
	not labels[expression.key] in expression.values
}

matches(expression, labels) if {
	expression.operator == "Exists"
	labels[expression.key]
}

matches(expression, labels) if {
	expression.operator == "DoesNotExist"
	not labels[expression.key]
}
