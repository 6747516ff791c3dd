// Typed operands, checked the way OPA's v1/topdown/builtins/builtins.go checks them. A wrong type is a
// builtin error in OPA, which non-strict evaluation turns into "undefined": these return undefined.
import type { BuiltinArg } from './index.js';
import type { RegoValue } from './rego-value.js';

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** The Rego value of each argument, parsed from its value-dump text (sets and number text intact). */
export function operands(args: BuiltinArg[]): Array<RegoValue | undefined> {
  return args.map((arg) => arg.value());
}

/** StringOperand. */
export function asString(v: RegoValue | undefined): string | undefined {
  return v?.kind === 'string' ? v.value : undefined;
}

/** IntOperand: an int64 written as digits with at most a zero fraction (`3`, `3.0`; OPA 1.22.2 rejects `3e0`). */
export function asInt(v: RegoValue | undefined): bigint | undefined {
  if (v?.kind !== 'number') return undefined;
  return parseInt64(v.text.replace(/\.0*$/, ''));
}

/** strconv.ParseInt(text, 10, 64), or undefined. */
export function parseInt64(text: string): bigint | undefined {
  if (!/^[+-]?\d+$/.test(text)) return undefined;
  const n = BigInt(text);
  return n >= INT64_MIN && n <= INT64_MAX ? n : undefined;
}

/** StringSliceOperand: an array or set whose elements are all strings. */
export function asStrings(v: RegoValue | undefined): string[] | undefined {
  if (v?.kind !== 'array' && v?.kind !== 'set') return undefined;
  const out: string[] = [];
  for (const item of v.items) {
    if (item.kind !== 'string') return undefined;
    out.push(item.value);
  }
  return out;
}

/** A string, or an array or set of strings (strings.any_prefix_match and friends). */
export function asStringOrStrings(v: RegoValue | undefined): string[] | undefined {
  return v?.kind === 'string' ? [v.value] : asStrings(v);
}
