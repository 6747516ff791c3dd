package k8srequiredisruptionbudget_test

import future.keywords

import data.k8srequiredisruptionbudget as pdb

labels := {"app.kubernetes.io/name": "ledger", "tier": "api"}

test_selector_match_labels if {
	pdb.selects({"matchLabels": {"app.kubernetes.io/name": "ledger"}}, labels)
	not pdb.selects({"matchLabels": {"app.kubernetes.io/name": "journal"}}, labels)
}

test_selector_empty_and_null if {
	pdb.selects({}, labels)
	not pdb.selects(null, labels)
}

test_selector_expressions if {
	pdb.selects({"matchExpressions": [{"key": "tier", "operator": "In", "values": ["api", "worker"]}]}, labels)
	not pdb.selects({"matchExpressions": [{"key": "tier", "operator": "NotIn", "values": ["api"]}]}, labels)
	pdb.selects({"matchExpressions": [{"key": "zone", "operator": "NotIn", "values": ["a"]}]}, labels)
	pdb.selects({"matchExpressions": [{"key": "tier", "operator": "Exists"}]}, labels)
	not pdb.selects({"matchExpressions": [{"key": "tier", "operator": "DoesNotExist"}]}, labels)
	pdb.selects({"matchExpressions": [{"key": "zone", "operator": "DoesNotExist"}]}, labels)
}

test_disruptable_follows_the_disruption_controller if {
	pdb.disruptable({"maxUnavailable": 1}, 3) == 1
	pdb.disruptable({"maxUnavailable": "10%"}, 6) == 1
	pdb.disruptable({"maxUnavailable": "50%"}, 3) == 2
	pdb.disruptable({"maxUnavailable": "100%"}, 3) == 3
	pdb.disruptable({"maxUnavailable": 5}, 3) == 3
	pdb.disruptable({"minAvailable": 2}, 3) == 1
	pdb.disruptable({"minAvailable": "50%"}, 3) == 1
	pdb.disruptable({"minAvailable": "99%"}, 3) == 0
	pdb.disruptable({"minAvailable": 0}, 3) == 3
}

test_budget_problems if {
	not pdb.budget_problem({"maxUnavailable": 1}, 3)
	not pdb.budget_problem({"minAvailable": "50%"}, 4)
	contains(pdb.budget_problem({"minAvailable": 3}, 3), "allows no voluntary disruption")
	contains(pdb.budget_problem({"maxUnavailable": "0%"}, 3), "allows no voluntary disruption")
	contains(pdb.budget_problem({"minAvailable": "0%"}, 3), "lets all 3 replicas")
	contains(pdb.budget_problem({"maxUnavailable": null}, 3), "sets neither")
}

test_replicas_from_the_autoscaler if {
	deployment := {"kind": "Deployment", "metadata": {"name": "ledger", "namespace": "ledger"}, "spec": {}}
	hpa := {"spec": {"scaleTargetRef": {"kind": "Deployment", "name": "ledger"}, "minReplicas": 4}}
	inventory := {"namespace": {"ledger": {"autoscaling/v2": {"HorizontalPodAutoscaler": {"ledger": hpa}}}}}
	pdb.replicas == 4 with input.review.object as deployment with data.inventory as inventory
	pdb.replicas == 1 with input.review.object as deployment with data.inventory as {}
}
