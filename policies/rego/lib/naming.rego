# How violation messages name an object: "Deployment ledger/api", "ClusterRole ci-deployer".
# Import as `import data.lib.naming` and call `naming.ref(input.review.object)`.
package lib.naming

import future.keywords

# The kind, then namespace/name for namespaced objects or the bare name for cluster-scoped ones;
# generateName stands in for a name the API server has not assigned yet.
ref(obj) := sprintf("%s %s/%s", [obj.kind, obj.metadata.namespace, name(obj)]) if {
	obj.metadata.namespace != ""
}

ref(obj) := sprintf("%s %s", [obj.kind, name(obj)]) if {
	object.get(obj.metadata, "namespace", "") == ""
}

name(obj) := obj.metadata.name if obj.metadata.name != ""

name(obj) := sprintf("%s*", [obj.metadata.generateName]) if {
	object.get(obj.metadata, "name", "") == ""
	obj.metadata.generateName
}
