# Kubernetes resource quantities (k8s.io/apimachinery/pkg/api/resource), parsed to plain numbers.
#
# package lib.quantity — `import data.lib.quantity`
#
#   parse(q)   The value of a quantity in base units: cores for cpu, bytes for memory. q is a JSON number
#              (YAML `cpu: 2`) or a string: <sign><digits>[.<digits>]<suffix>, where suffix is one of
#              binary Ki Mi Gi Ti Pi Ei (powers of 1024), decimal n u m "" k M G T P E (note m = milli, M = mega),
#              or an exponent e<int> / E<int> ("129e6"). Undefined when q is not a valid quantity, so a policy
#              can tell "missing" from "unparseable" and say which.
#   valid(q)   true when parse(q) is defined.
#
# Written in Rego instead of calling units.parse: units.parse reads "m" and "M" by a different table, rejects
# exponents, and is not compiled into OPA's Wasm target (tollgate evaluates templates as Wasm).
package lib.quantity

import future.keywords

_pattern := `^([+-]?)([0-9]+(?:\.[0-9]*)?|\.[0-9]+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?[0-9]+)?$`

_binary := {
	"Ki": 1024,
	"Mi": 1048576,
	"Gi": 1073741824,
	"Ti": 1099511627776,
	"Pi": 1125899906842624,
	"Ei": 1152921504606846976,
}

# Decimal suffixes as powers of ten; scaling by division keeps "500m" exactly 0.5.
_decimal := {"n": -9, "u": -6, "m": -3, "": 0, "k": 3, "M": 6, "G": 9, "T": 12, "P": 15, "E": 18}

parse(q) := q if is_number(q)

parse(q) := value if {
	is_string(q)
	[[_, sign, digits, suffix]] := regex.find_all_string_submatch_n(_pattern, q, 1)
	value := _signed(sign, _scaled(_number(digits), suffix))
}

valid(q) if parse(q)

_signed("-", n) := 0 - n

_signed(sign, n) := n if sign != "-"

# Integer and fraction parts are read apart: to_number takes JSON numbers, which forbid leading zeros ("08")
# and a bare dot ("1.", ".5"); Kubernetes accepts all three.
_number(digits) := _digits(digits) if not contains(digits, ".")

_number(digits) := _digits(whole) + _times_pow10(_digits(fraction), 0 - count(fraction)) if {
	[whole, fraction] := split(digits, ".")
}

_digits(s) := 0 if trim_left(s, "0") == ""

_digits(s) := to_number(t) if {
	t := trim_left(s, "0")
	t != ""
}

_scaled(n, suffix) := n * _binary[suffix]

_scaled(n, suffix) := _times_pow10(n, _decimal[suffix])

_scaled(n, suffix) := _times_pow10(n, _exponent(suffix)) if regex.match(`^[eE][+-]?[0-9]+$`, suffix)

_exponent(suffix) := 0 - _digits(substring(suffix, 2, -1)) if substring(suffix, 1, 1) == "-"

_exponent(suffix) := _digits(trim_prefix(substring(suffix, 1, -1), "+")) if substring(suffix, 1, 1) != "-"

# n * 10^e for integer e, without a pow builtin; a negative e divides so decimal fractions stay exact.
_times_pow10(n, e) := n * product([10 | some _ in numbers.range(1, e)]) if e > 0

_times_pow10(n, 0) := n

_times_pow10(n, e) := n / product([10 | some _ in numbers.range(1, 0 - e)]) if e < 0
