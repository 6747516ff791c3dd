package lib.quantity_test

import future.keywords

import data.lib.quantity

test_parse_cpu_and_memory_forms if {
	cases := {
		"500m": 0.5,
		"4000m": 4,
		"2": 2,
		"1.5": 1.5,
		".5": 0.5,
		"1.": 1,
		"08": 8,
		"100n": 0.0000001,
		"250u": 0.00025,
		"128Mi": 134217728,
		"1Gi": 1073741824,
		"2.5Gi": 2684354560,
		"8G": 8000000000,
		"1M": 1000000,
		"1k": 1000,
		"1E": 1000000000000000000,
		"1Ei": 1152921504606846976,
		"129e6": 129000000,
		"1E2": 100,
		"1e+2": 100,
		"129e-3": 0.129,
		"+3k": 3000,
		"-2": -2,
	}
	every q, want in cases {
		quantity.parse(q) == want
	}
}

test_parse_passes_numbers_through if {
	quantity.parse(2) == 2
	quantity.parse(0.25) == 0.25
}

test_milli_and_mega_differ if {
	quantity.parse("1m") == 0.001
	quantity.parse("1M") == 1000000
}

test_decimal_and_binary_units_compare_by_value if {
	quantity.parse("9G") > quantity.parse("8Gi")
	quantity.parse("8G") < quantity.parse("8Gi")
}

test_invalid_quantities_are_undefined if {
	every q in ["", "abc", "256MB", "1KI", "1mi", "Mi", "1.2.3", "1Ki5", "1e", "one", " 1", "1 Gi"] {
		not quantity.valid(q)
	}
}
