package lib.naming_test

import future.keywords

import data.lib.naming

test_namespaced if {
	naming.ref({"kind": "Deployment", "metadata": {"namespace": "ledger", "name": "api"}}) == "Deployment ledger/api"
}

test_cluster_scoped if {
	naming.ref({"kind": "ClusterRole", "metadata": {"name": "ci-deployer"}}) == "ClusterRole ci-deployer"
}

test_empty_namespace_is_cluster_scoped if {
	naming.ref({"kind": "Namespace", "metadata": {"namespace": "", "name": "ledger"}}) == "Namespace ledger"
}

test_generate_name if {
	naming.ref({"kind": "Job", "metadata": {"namespace": "ledger", "generateName": "migrate-"}}) == "Job ledger/migrate-*"
}
