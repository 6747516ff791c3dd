package k8singressrequiretls_test

import future.keywords

import data.k8singressrequiretls as tls

test_exact_host if {
	tls.covered("ledger.prod.payments.example", {"ledger.prod.payments.example"})
	tls.covered("Ledger.Prod.Payments.Example", {"ledger.prod.payments.example"})
	not tls.covered("ledger.prod.payments.example", {"ledger.stage.payments.example"})
}

test_wildcard_covers_one_label if {
	tls.covered("ledger.payments.example", {"*.payments.example"})
	not tls.covered("api.ledger.payments.example", {"*.payments.example"})
	not tls.covered("payments.example", {"*.payments.example"})
}

test_wildcard_rule_host_needs_the_wildcard if {
	tls.covered("*.payments.example", {"*.payments.example"})
	not tls.covered("*.payments.example", {"ledger.payments.example"})
}
