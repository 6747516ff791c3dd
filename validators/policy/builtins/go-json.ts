// A Rego value as OPA's ast.JSON hands it to Go's encoding/json, and the text json.Marshal and
// json.MarshalIndent write for it: sorted keys, number text as is, HTML-safe string escapes.
import { compareCodePoints, sortRego } from './rego-compare.js';
import type { RegoValue } from './rego-value.js';

/** ast.JSON's result: objects keyed by string (any other key by its compact JSON), sets as sorted arrays. */
export type GoJson =
  | null
  | boolean
  | { number: string }
  | string
  | GoJson[]
  | { object: Array<[string, GoJson]> };

const HEX = '0123456789abcdef';

/** ast.JSON(value). */
export function toGoJson(v: RegoValue): GoJson {
  switch (v.kind) {
    case 'null':
      return null;
    case 'boolean':
      return v.value;
    case 'number':
      return { number: v.text };
    case 'string':
      return v.value;
    case 'array':
      return v.items.map(toGoJson);
    case 'set':
      return sortRego(v.items).map(toGoJson);
    case 'object':
      return {
        object: v.entries
          .map(([k, value]): [string, GoJson] => [
            k.kind === 'string' ? k.value : marshalJson(toGoJson(k)),
            toGoJson(value),
          ])
          .sort((a, b) => compareCodePoints(a[0], b[0])),
      };
  }
}

/** json.Marshal (or MarshalIndent when `indent` is given): Go's exact text. */
export function marshalJson(v: GoJson, indent?: { prefix: string; indent: string }): string {
  return write(v, indent, 0);
}

function write(v: GoJson, ind: { prefix: string; indent: string } | undefined, depth: number): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'string') return quoteJson(v);
  const newline = (d: number) => (ind ? `\n${ind.prefix}${ind.indent.repeat(d)}` : '');
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    return `[${v.map((item) => newline(depth + 1) + write(item, ind, depth + 1)).join(',')}${newline(depth)}]`;
  }
  if ('number' in v) return v.number;
  if (v.object.length === 0) return '{}';
  const colon = ind ? ': ' : ':';
  const members = v.object.map(
    ([k, value]) => newline(depth + 1) + quoteJson(k) + colon + write(value, ind, depth + 1),
  );
  return `{${members.join(',')}${newline(depth)}}`;
}

// encodeState.string with escapeHTML: <, > and & become \u003c etc.; U+2028 and U+2029 are escaped.
function quoteJson(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0) as number;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (c === 0x08) out += '\\b';
    else if (c === 0x0c) out += '\\f';
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x0d) out += '\\r';
    else if (c === 0x09) out += '\\t';
    else if (c < 0x20 || ch === '<' || ch === '>' || ch === '&') out += `\\u00${HEX[c >> 4]}${HEX[c & 0xf]}`;
    else if (c === 0x2028 || c === 0x2029) out += `\\u202${HEX[c & 0xf]}`;
    else out += ch;
  }
  return `${out}"`;
}
