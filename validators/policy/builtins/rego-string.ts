import { goQuote } from './go-quote.js';
import { sortEntries, sortRego } from './rego-compare.js';
import type { RegoValue } from './rego-value.js';

// Object keys and set elements in ast.Compare order, strings quoted by strconv.Quote, numbers as their
// source text: how sprintf prints a composite argument.
/** OPA's ast Value.String() (v1/ast/term.go). */
export function regoString(v: RegoValue): string {
  switch (v.kind) {
    case 'null':
      return 'null';
    case 'boolean':
      return String(v.value);
    case 'number':
      return v.text;
    case 'string':
      return goQuote(v.value);
    case 'array':
      return `[${v.items.map(regoString).join(', ')}]`;
    case 'set':
      return v.items.length === 0 ? 'set()' : `{${sortRego(v.items).map(regoString).join(', ')}}`;
    case 'object':
      return `{${sortEntries(v.entries)
        .map(([k, value]) => `${regoString(k)}: ${regoString(value)}`)
        .join(', ')}}`;
  }
}
