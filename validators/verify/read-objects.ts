// How gator verify reads objects (gatekeeper pkg/gator/reader/read_resources.go, pkg/gator/yaml.go): go.yaml.in/yaml/v3
// into a map, json.Marshal, then the Kubernetes JSON decoder into an Unstructured.
import { LineCounter, parseDocument, type Scalar, visit } from 'yaml';
import type { KubeObject } from '../core/types.js';
import { reindentQuotedScalars } from '../parse/index.js';
import { exactNumber } from '../policy/review.js';

/** A file gator cannot read into objects; the text is gator's error after `reading "<path>": `. */
export class ReadError extends Error {}

/**
 * `reader.ReadUnstructureds`: split on `\n---`, drop blank and `#`-led lines (even inside block scalars), decode each
 * remaining part. Case objects, inventory files and expansion files are read this way.
 */
export function readUnstructureds(text: string): KubeObject[] {
  const out: KubeObject[] = [];
  for (const part of text.split('\n---')) {
    const cleaned = clean(part);
    if (cleaned.length === 0) continue;
    try {
      out.push(readUnstructured(cleaned));
    } catch (err) {
      throw new ReadError(`invalid yaml: ${(err as Error).message}`);
    }
  }
  return out;
}

/** gator's `clean`: lines that are blank or start (after spaces) with `#` are removed. */
export function clean(text: string): string {
  let out = '';
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (trimmed.length === 0 || trimmed.startsWith('#')) continue;
    out += `${line}\n`;
  }
  return out;
}

/** `reader.ReadUnstructured`: the first YAML document, as a JSON object with a `kind`. Templates and constraints. */
export function readUnstructured(text: string): KubeObject {
  const value = decodeYamlV3(text);
  const object = jsonRoundTrip(value === null ? {} : value);
  if (typeof object !== 'object' || object === null || Array.isArray(object)) {
    throw new Error(`yaml: unmarshal errors:\n  line 1: cannot unmarshal into map[string]interface {}`);
  }
  const kind = (object as KubeObject).kind;
  if (typeof kind !== 'string' || kind === '')
    throw new Error(`Object 'Kind' is missing in '${JSON.stringify(object)}'`);
  return object as KubeObject;
}

const GO_INT = /^[-+]?(0[xX][0-9a-fA-F]+|0[oO]?[0-7]+|0[bB][01]+|0|[1-9][0-9]*)$/;
const YAML_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/** A float64 from YAML, kept apart from integers until the JSON round trip decides. */
class GoFloat {
  constructor(readonly value: number) {}
}

/** An integer from YAML (int64 or uint64), exact. */
class GoInt {
  constructor(readonly value: bigint) {}
}

/**
 * The first document decoded with go.yaml.in/yaml/v3's resolution of plain scalars (resolve.go): `true`/`True`/`TRUE`
 * and the null words only (`yes`, `on` stay strings); integers by `strconv.ParseInt(s, 0, 64)` after removing `_`
 * (`0755` octal, `0x1F`, `0b101`, `0o17`, `+12`), then uint64, then YAML-style floats; `.inf`/`.nan`; timestamps
 * as RFC 3339 strings, as gator hands them on.
 */
export function decodeYamlV3(text: string): unknown {
  const options = { version: '1.2', schema: 'failsafe', uniqueKeys: true, merge: true } as const;
  let lineCounter = new LineCounter();
  let doc = parseDocument(text, { ...options, lineCounter });
  // go-yaml accepts quoted scalars continued below their key's indentation; re-indenting keeps the value.
  const repaired = doc.errors.length > 0 ? reindentQuotedScalars(text) : undefined;
  if (repaired !== undefined) {
    const counter = new LineCounter();
    const second = parseDocument(repaired, { ...options, lineCounter: counter });
    if (second.errors.length === 0) {
      doc = second;
      lineCounter = counter;
    }
  }
  const first = doc.errors[0];
  if (first) {
    const line = first.linePos?.[0].line;
    throw new Error(`yaml: ${line ? `line ${line}: ` : ''}${first.message.split('\n')[0]}`);
  }
  visit(doc, {
    Scalar(key, node) {
      if (key === 'key') return;
      node.value = resolveScalar(node);
    },
  });
  return doc.toJS({ maxAliasCount: -1 });
}

function resolveScalar(node: Scalar): unknown {
  const text = node.type === 'PLAIN' ? String(node.source ?? node.value ?? '') : String(node.value ?? '');
  const tag = node.tag;
  if (tag && tag !== '!' && !tag.startsWith('tag:yaml.org,2002:')) return text;
  const short = tag?.slice('tag:yaml.org,2002:'.length);
  if (short === 'str' || short === 'binary') return text;
  if (node.type !== 'PLAIN' && !short) return text;
  if (short === 'null') return null;
  return resolvePlain(text, short);
}

/** yaml.v3 `resolve` for an untagged plain scalar (or one tagged int, float, bool, timestamp). */
export function resolvePlain(text: string, tag?: string): unknown {
  switch (text) {
    case '':
    case '~':
    case 'null':
    case 'Null':
    case 'NULL':
      return null;
    case 'true':
    case 'True':
    case 'TRUE':
      return true;
    case 'false':
    case 'False':
    case 'FALSE':
      return false;
    case '.nan':
    case '.NaN':
    case '.NAN':
      return new GoFloat(Number.NaN);
    case '.inf':
    case '.Inf':
    case '.INF':
    case '+.inf':
    case '+.Inf':
    case '+.INF':
      return new GoFloat(Number.POSITIVE_INFINITY);
    case '-.inf':
    case '-.Inf':
    case '-.INF':
      return new GoFloat(Number.NEGATIVE_INFINITY);
  }
  const c = text[0] as string;
  if (c === '.') {
    const f = goParseFloat(text);
    return f === undefined ? text : new GoFloat(f);
  }
  if (!/[-+0-9]/.test(c)) return text;
  if (tag === undefined || tag === 'timestamp') {
    const t = timestamp(text);
    if (t !== undefined) return t;
  }
  const plain = text.replaceAll('_', '');
  const int = goParseInt(plain);
  if (int !== undefined) {
    if (int >= -INT64_MAX - 1n && int <= UINT64_MAX && !(int < 0n && int < -INT64_MAX - 1n))
      return new GoInt(int);
  }
  if (YAML_FLOAT.test(plain)) {
    const f = goParseFloat(plain);
    if (f !== undefined) return new GoFloat(f);
  }
  return text;
}

/** strconv.ParseInt/ParseUint with base 0: sign, then 0x/0o/0b/leading-0 octal or decimal. */
function goParseInt(s: string): bigint | undefined {
  if (!GO_INT.test(s)) return undefined;
  const neg = s.startsWith('-');
  let body = s.replace(/^[-+]/, '');
  let value: bigint;
  if (/^0[xX]/.test(body)) value = BigInt(`0x${body.slice(2)}`);
  else if (/^0[bB]/.test(body)) value = BigInt(`0b${body.slice(2)}`);
  else if (/^0[oO]/.test(body)) value = BigInt(`0o${body.slice(2)}`);
  else if (body.length > 1 && body.startsWith('0')) {
    body = body.slice(1);
    value = BigInt(`0o${body}`);
  } else value = BigInt(body);
  if (neg) value = -value;
  if (neg && value < -INT64_MAX - 1n) return undefined;
  if (!neg && value > UINT64_MAX) return undefined;
  return value;
}

function goParseFloat(s: string): number | undefined {
  const f = Number(s);
  return Number.isNaN(f) ? undefined : f;
}

/** yaml.v3 parseTimestamp's formats, printed as Go's time.Time JSON (RFC 3339 with nanoseconds, zeros trimmed). */
function timestamp(s: string): string | undefined {
  const m =
    /^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:([Tt])(\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2}))|(?: (\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.(\d+))?))?$/.exec(
      s,
    );
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const h = Number(m[5] ?? m[10] ?? 0);
  const mi = Number(m[6] ?? m[11] ?? 0);
  const se = Number(m[7] ?? m[12] ?? 0);
  const frac = (m[8] ?? m[13] ?? '').slice(0, 9);
  const zone = m[9] ?? 'Z';
  const days = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  if (mo < 1 || mo > 12 || d < 1 || d > days || h > 23 || mi > 59 || se > 59) return undefined;
  if (zone !== 'Z' && (Number(zone.slice(1, 3)) > 23 || Number(zone.slice(4)) > 59)) return undefined;
  const p2 = (n: number) => String(n).padStart(2, '0');
  const f = frac.replace(/0+$/, '');
  return `${String(y).padStart(4, '0')}-${p2(mo)}-${p2(d)}T${p2(h)}:${p2(mi)}:${p2(se)}${f ? `.${f}` : ''}${zone}`;
}

/**
 * json.Marshal, then the Kubernetes JSON decoder (int64 when the text is an integer, else float64): a float that
 * prints without exponent or fraction becomes an integer (`100.0` → 100, `1e3` → 1000, `-0.0` → 0), an integer
 * beyond int64 becomes a float, `.inf`/`.nan` fail like Go's json.Marshal. Integers beyond 2^53 keep their digits
 * for `input` through `exactNumber`.
 */
export function jsonRoundTrip(v: unknown): unknown {
  if (v instanceof GoInt) return intOrFloat(v.value);
  if (v instanceof GoFloat) {
    const f = v.value;
    if (!Number.isFinite(f))
      throw new Error(`json: unsupported value: ${Number.isNaN(f) ? 'NaN' : f > 0 ? '+Inf' : '-Inf'}`);
    const abs = Math.abs(f);
    // encoding/json writes 'f' format for 1e-6 <= |f| < 1e21: an integral value prints as an integer.
    if (Number.isInteger(f) && abs < 1e21) return intOrFloat(BigInt(f));
    return f;
  }
  if (Array.isArray(v)) {
    const out = v.map(jsonRoundTrip);
    for (const [i, x] of v.entries()) keepExact(out, i, x);
    return out;
  }
  if (typeof v === 'object' && v !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      out[k] = jsonRoundTrip(x);
      keepExact(out, k, x);
    }
    return out;
  }
  return v;
}

function keepExact(container: object, key: string | number, x: unknown): void {
  if (!(x instanceof GoInt || x instanceof GoFloat)) return;
  const text = exactText(x);
  if (text !== undefined) exactNumber(container, key, text);
}

/** int64 if it fits (a JS number, exact up to 2^53), else the float64 the decoder makes of it. */
function intOrFloat(n: bigint): number {
  return Number(n);
}

/** The digits of an int64 that a JS number cannot hold, else undefined. */
function exactText(x: GoInt | GoFloat): string | undefined {
  const n =
    x instanceof GoInt
      ? x.value
      : Number.isInteger(x.value) && Math.abs(x.value) < 1e21
        ? BigInt(x.value)
        : undefined;
  if (n === undefined || n > INT64_MAX || n < -INT64_MAX - 1n) return undefined;
  return Number.isSafeInteger(Number(n)) ? undefined : n.toString();
}
