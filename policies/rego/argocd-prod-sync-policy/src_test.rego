package k8sargoprodsyncpolicy_test

import future.keywords

import data.k8sargoprodsyncpolicy

app(sync_policy) := {
	"kind": "Application",
	"metadata": {"name": "ledger", "namespace": "argocd"},
	"spec": {"project": "ledger", "syncPolicy": sync_policy},
}

violations(obj, mode) := v if {
	v := k8sargoprodsyncpolicy.violation with input as {"review": {"object": obj}, "parameters": {"automatedSync": mode}}
}

test_forbidden_mode if {
	count(violations(app({"automated": {}}), "forbidden")) == 1
	count(violations(app({"automated": {"enabled": true, "prune": true}}), "forbidden")) == 1
	count(violations(app({"automated": {"enabled": false, "prune": true}}), "forbidden")) == 0
	count(violations(app({"automated": null}), "forbidden")) == 0
	count(violations(app({"syncOptions": ["ServerSideApply=true"]}), "forbidden")) == 0
	count(violations(app(null), "forbidden")) == 0
}

test_required_mode if {
	count(violations(app({"automated": {"prune": true, "selfHeal": true}}), "required")) == 0
	count(violations(app({"automated": {"prune": true}}), "required")) == 1
	count(violations(app({"automated": {}}), "required")) == 2
	count(violations(app({"automated": {"enabled": false, "prune": true, "selfHeal": true}}), "required")) == 1
	count(violations(app(null), "required")) == 1
}

test_allow_empty_in_every_mode if {
	every mode in ["forbidden", "required"] {
		some v in violations(app({"automated": {"prune": true, "selfHeal": true, "allowEmpty": true}}), mode)
		contains(v.msg, "allowEmpty is true")
	}
}
