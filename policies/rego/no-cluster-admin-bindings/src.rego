package k8sdenyclusteradminbinding

import future.keywords

import data.lib.naming

binding := input.review.object

# A RoleBinding to cluster-admin is as dangerous inside its namespace (every Secret, every RBAC object),
# so both binding kinds are checked; only ClusterRoles can be bound this way, a Role of the same name is harmless.
violation contains {"msg": msg, "details": {"path": sprintf("/subjects/%d", [i]), "subject": subject}} if {
	binding.roleRef.kind == "ClusterRole"
	binding.roleRef.name in input.parameters.privilegedRoles
	some i, subject in object.get(binding, "subjects", [])
	not allowed(subject)
	msg := sprintf(
		"%s: subjects[%d] gives %s %q the ClusterRole %q; bind a role with only the permissions it needs",
		[naming.ref(binding), i, subject.kind, subject_name(subject), binding.roleRef.name],
	)
}

# A ServiceAccount subject without a namespace is the binding's own namespace (RoleBindings only).
subject_namespace(subject) := subject.namespace if subject.namespace != ""

subject_namespace(subject) := object.get(binding.metadata, "namespace", "") if {
	object.get(subject, "namespace", "") == ""
}

subject_name(subject) := sprintf("%s/%s", [subject_namespace(subject), subject.name]) if subject.kind == "ServiceAccount"

subject_name(subject) := subject.name if subject.kind != "ServiceAccount"

allowed(subject) if {
	some entry in object.get(input.parameters, "allowedSubjects", [])
	entry.kind == subject.kind
	entry.name == subject.name
	object.get(entry, "namespace", "") == namespace_of(subject)
}

namespace_of(subject) := subject_namespace(subject) if subject.kind == "ServiceAccount"

namespace_of(subject) := "" if subject.kind != "ServiceAccount"
