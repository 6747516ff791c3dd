package k8sargoprodsyncpolicy

import future.keywords

import data.lib.argocd
import data.lib.naming

automated := argocd.spec.syncPolicy.automated

# Argo CD 3 reads `automated: {enabled: false}` as "configured but off"; a null or absent `enabled` means on.
automation_on if {
	is_object(automated)
	object.get(automated, "enabled", true) != false
}

# automatedSync: forbidden (prod) — a merge is deployed only when someone syncs it after the approval workflow.
violation contains {"msg": msg, "details": {"path": argocd.spec_pointer(["syncPolicy", "automated"])}} if {
	input.parameters.automatedSync == "forbidden"
	automation_on
	msg := sprintf(
		"%s: %s.syncPolicy.automated turns on automated sync; in this environment changes are synced by hand after approval: remove syncPolicy.automated (or set automated.enabled: false)",
		[naming.ref(input.review.object), argocd.spec_field],
	)
}

# automatedSync: required (dev, stage) — Git is the only way in: sync on merge, prune what was removed, undo drift.
violation contains {"msg": msg, "details": {"path": argocd.spec_pointer(["syncPolicy", "automated"])}} if {
	input.parameters.automatedSync == "required"
	not automation_on
	msg := sprintf(
		"%s: %s.syncPolicy.automated is missing or disabled; this environment syncs every merge: set automated with prune: true and selfHeal: true",
		[naming.ref(input.review.object), argocd.spec_field],
	)
}

violation contains {"msg": msg, "details": {"path": argocd.spec_pointer(["syncPolicy", "automated", field])}} if {
	input.parameters.automatedSync == "required"
	automation_on
	some field in ["prune", "selfHeal"]
	object.get(automated, field, false) != true
	msg := sprintf(
		"%s: %s.syncPolicy.automated.%s is not true; set it so the cluster keeps matching Git",
		[naming.ref(input.review.object), argocd.spec_field, field],
	)
}

# allowEmpty lets an automated sync prune every resource when a bad commit renders nothing.
violation contains {"msg": msg, "details": {"path": argocd.spec_pointer(["syncPolicy", "automated", "allowEmpty"])}} if {
	automated.allowEmpty == true
	msg := sprintf(
		"%s: %s.syncPolicy.automated.allowEmpty is true, so a commit that renders nothing deletes the whole application; remove allowEmpty",
		[naming.ref(input.review.object), argocd.spec_field],
	)
}
