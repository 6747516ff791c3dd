// YAML text → the value OPA's yaml.unmarshal gives (v1/topdown/encoding.go): sigs.k8s.io/yaml's
// YAMLToJSON, i.e. go-yaml v3 decoding into interface{} (duplicate keys allowed, first document only),
// then JSON-able conversion and json.Marshal. The `yaml` package parses; scalars resolve as go-yaml v3's
// resolve.go does, which is neither YAML 1.1 nor 1.2: "yes" is a string, 0755 is octal.
import type { Document, Node } from 'yaml';
import { yamlLib } from '../../parse/yaml-lib.js';
import { formatFloat } from './go-float.js';
import { exactInteger, type RawJson, rawJson } from './raw-json.js';

/** A decoded value as Go holds it before sigs.k8s.io/yaml converts it to JSON. */
export type GoYaml =
  | null
  | boolean
  | string
  | { int: bigint }
  | { float: number }
  | GoYaml[]
  | { map: Array<[GoYaml, GoYaml]> };

class YamlError extends Error {}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;
const MAX_ALIAS_EXPANSIONS = 10_000;
const YAML_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const KEYWORDS: Record<string, GoYaml> = {
  true: true,
  True: true,
  TRUE: true,
  false: false,
  False: false,
  FALSE: false,
  '': null,
  '~': null,
  null: null,
  Null: null,
  NULL: null,
  '.nan': { float: Number.NaN },
  '.NaN': { float: Number.NaN },
  '.NAN': { float: Number.NaN },
  '.inf': { float: Infinity },
  '.Inf': { float: Infinity },
  '.INF': { float: Infinity },
  '+.inf': { float: Infinity },
  '+.Inf': { float: Infinity },
  '+.INF': { float: Infinity },
  '-.inf': { float: -Infinity },
  '-.Inf': { float: -Infinity },
  '-.INF': { float: -Infinity },
};

/** The JSON-able value of the first document (RawJson numbers), or undefined where OPA errors. */
export function decodeYaml(text: string): { value: unknown } | undefined {
  const docs = yamlLib().parseAllDocuments(text, {
    version: '1.2',
    schema: 'failsafe',
    uniqueKeys: false,
    merge: false,
  });
  const first = docs[0];
  if (!first) return { value: null };
  // go-yaml reads only the first document but still fails on a syntax error later in the stream, and
  // libyaml takes a document without "---" only at the start of the stream.
  if (docs.some((d) => d.errors.length > 0) || docs.slice(1).some((d) => d.directives?.docStart !== true)) {
    return undefined;
  }
  try {
    const decoder = { doc: first, expansions: 0 };
    return { value: toJson(decode(decoder, first.contents as Node | null)) };
  } catch (err) {
    if (err instanceof YamlError) return undefined;
    throw err;
  }
}

interface Decoder {
  doc: Document;
  expansions: number;
}

function decode(d: Decoder, node: Node | null): GoYaml {
  if (node === null) return null;
  if (yamlLib().isAlias(node)) {
    if (++d.expansions > MAX_ALIAS_EXPANSIONS) throw new YamlError('excessive aliasing');
    const target = node.resolve(d.doc);
    if (!target) throw new YamlError(`unknown anchor ${node.source}`);
    return decode(d, target as Node);
  }
  // `source` is the scalar's text before the yaml package applies a tag (it decodes !!binary itself).
  if (yamlLib().isScalar(node)) {
    const text = typeof node.source === 'string' ? node.source : String(node.value ?? '');
    return decodeScalar(text, node.type ?? 'PLAIN', shortTag(node.tag));
  }
  if (yamlLib().isSeq(node)) return node.items.map((item) => decode(d, item as Node | null));
  if (yamlLib().isMap(node))
    return { map: decodeMapping(d, node.items as Array<{ key: unknown; value: unknown }>) };
  throw new YamlError('unsupported node');
}

// go-yaml v3 decoder.mapping: explicit keys win over merged ones, earlier merge sources over later
// ones, and only the last "<<" of a mapping counts.
function decodeMapping(d: Decoder, pairs: Array<{ key: unknown; value: unknown }>): Array<[GoYaml, GoYaml]> {
  const out: Array<[GoYaml, GoYaml]> = [];
  let merge: Node | undefined;
  for (const { key, value } of pairs) {
    if (
      yamlLib().isScalar(key) &&
      key.value === '<<' &&
      key.type === 'PLAIN' &&
      [undefined, '!', '!!merge'].includes(shortTag(key.tag))
    ) {
      merge = (value ?? undefined) as Node | undefined;
      continue;
    }
    const k = decode(d, key as Node | null);
    if (Array.isArray(k) || (k !== null && typeof k === 'object' && 'map' in k))
      throw new YamlError('invalid map key');
    const v = decode(d, value as Node | null);
    const at = out.findIndex(([existing]) => sameKey(existing, k));
    if (at >= 0) out[at] = [k, v];
    else out.push([k, v]);
  }
  for (const source of mergeSources(d, merge)) {
    const merged = decode(d, source) as { map: Array<[GoYaml, GoYaml]> };
    for (const [k, v] of merged.map) if (!out.some(([existing]) => sameKey(existing, k))) out.push([k, v]);
  }
  return out;
}

// decoder.merge: a mapping, an alias of one, or a sequence of those.
function mergeSources(d: Decoder, merge: Node | undefined): Node[] {
  if (merge === undefined) return [];
  const isMapping = (n: unknown): boolean => yamlLib().isMap(yamlLib().isAlias(n) ? n.resolve(d.doc) : n);
  const sources = yamlLib().isSeq(merge) ? (merge.items as Node[]) : [merge];
  if (!sources.every(isMapping))
    throw new YamlError('map merge requires map or sequence of maps as the value');
  return sources;
}

function sameKey(a: GoYaml, b: GoYaml): boolean {
  return JSON.stringify(keyIdentity(a)) === JSON.stringify(keyIdentity(b));
}

function keyIdentity(k: GoYaml): unknown {
  if (k !== null && typeof k === 'object' && 'int' in k) return ['int', `${k.int}`];
  if (k !== null && typeof k === 'object' && 'float' in k) return ['float', k.float];
  return k;
}

function decodeScalar(value: string, style: string, tag: string | undefined): GoYaml {
  // n.indicatedString(): quoted and block scalars are strings unless they carry an explicit tag.
  if ((tag === undefined || tag === '!') && style !== 'PLAIN') return value;
  // Decoded bytes become a Go string; json.Marshal later replaces invalid UTF-8.
  if (tag === '!!binary') return Buffer.from(value, 'base64').toString('utf8');
  if (tag !== undefined && !['!!str', '!!bool', '!!int', '!!float', '!!null', '!!timestamp'].includes(tag)) {
    return value;
  }
  const resolved = tag === '!!str' ? value : resolvePlain(value);
  if (tag === undefined || tag === '!!str' || tag === '!!timestamp') return resolved;
  const kind = kindOf(resolved);
  if (tag === '!!float' && kind === 'int') return { float: Number((resolved as { int: bigint }).int) };
  if (`!!${kind}` !== tag) throw new YamlError(`cannot decode ${value} as a ${tag}`);
  return resolved;
}

function kindOf(v: GoYaml): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'string') return 'str';
  return 'int' in (v as object) ? 'int' : 'float';
}

// Keywords, then by first character ints (base 0, underscores dropped), uints, floats, 0b and 0o
// forms; timestamps and everything else stay strings.
/** go-yaml v3's resolve of an untagged plain scalar (resolve.go). */
export function resolvePlain(s: string): GoYaml {
  if (s in KEYWORDS) return KEYWORDS[s] as GoYaml;
  const hint = s[0] ?? '';
  if (hint === '.') {
    const f = parseGoFloat(s);
    return f === undefined ? s : { float: f };
  }
  if (!/[-+0-9]/.test(hint)) return s;
  const plain = s.replaceAll('_', '');
  const int = parseGoInt(plain);
  if (int !== undefined && int >= INT64_MIN && int <= UINT64_MAX) return { int };
  if (YAML_FLOAT.test(plain)) {
    const f = parseGoFloat(plain);
    if (f !== undefined) return { float: f };
  }
  for (const [prefix, radix] of [
    ['0b', 2],
    ['-0b', 2],
    ['0o', 8],
    ['-0o', 8],
  ] as const) {
    const digits = plain.slice(prefix.length);
    if (
      plain.startsWith(prefix) &&
      digits !== '' &&
      [...digits].every((c) => Number.parseInt(c, radix) < radix)
    ) {
      const n = [...digits].reduce((acc, c) => acc * BigInt(radix) + BigInt(Number.parseInt(c, radix)), 0n);
      const signed = prefix[0] === '-' ? -n : n;
      if (signed >= INT64_MIN && signed <= UINT64_MAX) return { int: signed };
    }
  }
  return s;
}

// strconv.ParseInt(s, 0, 64), then ParseUint: sign, 0x/0o/0b prefixes, a leading 0 is octal.
function parseGoInt(s: string): bigint | undefined {
  const m = /^([+-]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/.exec(s);
  if (!m) return undefined;
  const [, sign = '', body = ''] = m;
  const lower = body.toLowerCase();
  const n =
    lower.startsWith('0x') || lower.startsWith('0b')
      ? BigInt(lower)
      : lower.startsWith('0o')
        ? BigInt(lower)
        : lower.length > 1 && lower[0] === '0'
          ? BigInt(`0o${lower.slice(1)}`)
          : BigInt(lower);
  // ParseUint takes no sign, so a signed value must fit int64.
  if (sign === '-') return -n >= INT64_MIN ? -n : undefined;
  return sign === '+' && n > INT64_MAX ? undefined : n;
}

// strconv.ParseFloat(s, 64) for decimal text; out of range is an error (1e400 stays a string).
function parseGoFloat(s: string): number | undefined {
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) return undefined;
  const f = Number(s);
  return Number.isFinite(f) ? f : undefined;
}

function shortTag(tag: string | undefined): string | undefined {
  return tag?.replace(/^tag:yaml\.org,2002:/, '!!');
}

// sigs.k8s.io/yaml convertToJSONableObject + json.Marshal: keys become strings, NaN and Inf fail.
function toJson(v: GoYaml): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(toJson);
  if ('int' in v) return exactInteger(v.int);
  if ('float' in v) return goJsonFloat(v.float);
  const out: Record<string, unknown> = Object.create(null);
  for (const [k, value] of v.map) out[jsonKey(k)] = toJson(value);
  return out;
}

function jsonKey(k: GoYaml): string {
  if (typeof k === 'string') return k;
  if (typeof k === 'boolean') return String(k);
  if (k !== null && typeof k === 'object' && 'int' in k) return `${k.int}`;
  if (k !== null && typeof k === 'object' && 'float' in k) {
    if (Number.isNaN(k.float)) return '.nan';
    if (!Number.isFinite(k.float)) return k.float > 0 ? '.inf' : '-.inf';
    return formatFloat(k.float, 'g', -1);
  }
  throw new YamlError('unsupported map key');
}

// encoding/json's float text (ES6 number-to-string, but -0 keeps its sign).
function goJsonFloat(f: number): RawJson {
  if (!Number.isFinite(f)) throw new YamlError('unsupported float value');
  return rawJson(Object.is(f, -0) ? '-0' : String(f));
}
