// String builtins the wasm leaves to the host (v1/topdown/strings.go).
import type { HostBuiltin } from './index.js';
import { asString, asStringOrStrings, operands } from './operands.js';

/** strings.any_prefix_match: does any of the strings start with any of the prefixes (string, array or set each). */
export const anyPrefixMatch: HostBuiltin = (args) => {
  const [a, b] = operands(args);
  const strs = asStringOrStrings(a);
  const prefixes = asStringOrStrings(b);
  if (!strs || !prefixes) return undefined;
  return strs.some((s) => prefixes.some((p) => s.startsWith(p)));
};

/** strings.any_suffix_match: does any of the strings end with any of the suffixes. */
export const anySuffixMatch: HostBuiltin = (args) => {
  const [a, b] = operands(args);
  const strs = asStringOrStrings(a);
  const suffixes = asStringOrStrings(b);
  if (!strs || !suffixes) return undefined;
  return strs.some((s) => suffixes.some((p) => s.endsWith(p)));
};

/** strings.count: non-overlapping occurrences (Go strings.Count: runes + 1 for an empty search). */
export const stringsCount: HostBuiltin = (args) => {
  const [a, b] = operands(args).map(asString);
  if (a === undefined || b === undefined) return undefined;
  return b === '' ? [...a].length + 1 : a.split(b).length - 1;
};
