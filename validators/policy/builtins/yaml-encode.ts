// The YAML text OPA's yaml.marshal writes: sigs.k8s.io/yaml's JSONToYAML, i.e. the value's JSON read
// back by go-yaml v3 and written by its emitter (indent 2, sequences indented under keys, no line
// folding, map keys in go-yaml's natural order). String styles are in yaml-scalar.ts.
import { formatFloat } from './go-float.js';
import type { GoJson } from './go-json.js';
import { resolvePlain } from './yaml-decode.js';
import { analyze, stringText } from './yaml-scalar.js';

/** A value as go-yaml v3 decodes the JSON text: numbers resolved, objects with string keys. */
type Node =
  | null
  | boolean
  | string
  | { int: bigint }
  | { float: number }
  | Node[]
  | { map: Array<[string, Node]> };

interface Emitter {
  out: string;
  atLineStart: boolean;
}

/** Thrown where go-yaml fails to read the JSON text back. */
export class YamlMarshalError extends Error {}

/** yaml.marshal's text for a value (as ast.JSON gives it); throws YamlMarshalError where OPA errors. */
export function encodeYaml(v: GoJson): string {
  const e: Emitter = { out: '', atLineStart: true };
  const node = fromJson(v);
  if (isCollection(node) && !isEmpty(node)) emitCollection(e, node, 0, false);
  else write(e, scalarText(node, 2, false));
  return e.atLineStart ? e.out : `${e.out}\n`;
}

// The JSON text read back as YAML: numbers resolve like plain scalars, and strings are what libyaml
// reads from the characters encoding/json leaves unescaped.
function fromJson(v: GoJson): Node {
  if (v === null || typeof v === 'boolean') return v;
  if (typeof v === 'string') return readBack(v);
  if (Array.isArray(v)) return v.map(fromJson);
  if ('number' in v) return resolvePlain(v.number) as Node;
  return {
    map: v.object
      .map(([k, value]): [string, Node] => [readBack(k), fromJson(value)])
      .sort((a, b) => keyOrder(a[0], b[0])),
  };
}

// libyaml's reader rejects raw DEL, C1 controls but NEL, U+FFFE and U+FFFF (yaml.marshal then fails);
// a raw NEL is a line break inside the double-quoted scalar, so it folds.
function readBack(s: string): string {
  if (/[\u007f-\u0084\u0086-\u009f\ufffe\uffff]/.test(s))
    throw new YamlMarshalError('control characters are not allowed');
  return s.replace(/[ \t]*(?:\u0085[ \t]*)+/g, (run) => {
    const breaks = run.split('\u0085').length - 1;
    return breaks === 1 ? ' ' : '\n'.repeat(breaks - 1);
  });
}

function emitCollection(
  e: Emitter,
  node: Node[] | { map: Array<[string, Node]> },
  col: number,
  inline: boolean,
): void {
  const entries: Array<[string | undefined, Node]> = Array.isArray(node)
    ? node.map((item) => [undefined, item])
    : node.map;
  entries.forEach(([key, value], i) => {
    if (!(inline && i === 0)) newLine(e, col);
    if (key === undefined) write(e, '-');
    else {
      const k = scalarText(key, col + 2, true);
      // A key with line breaks or over 128 bytes is not a simple key: "? key", then ": value".
      if (analyze(key).multiline || Buffer.byteLength(key) > 128) {
        write(e, `? ${k}`);
        newLine(e, col);
      } else write(e, k);
      write(e, ':');
    }
    if (isCollection(value) && !isEmpty(value)) {
      if (key === undefined) {
        write(e, ' ');
        emitCollection(e, value, col + 2, true);
      } else emitCollection(e, value, col + 2, false);
    } else write(e, ` ${scalarText(value, col + 2, false)}`);
  });
}

function newLine(e: Emitter, col: number): void {
  if (!e.atLineStart) e.out += '\n';
  e.out += ' '.repeat(col);
  e.atLineStart = col === 0 && e.out.endsWith('\n');
}

function write(e: Emitter, text: string): void {
  e.out += text;
  e.atLineStart = text.endsWith('\n');
}

function isCollection(v: Node): v is Node[] | { map: Array<[string, Node]> } {
  return Array.isArray(v) || (v !== null && typeof v === 'object' && 'map' in v);
}

function isEmpty(v: Node[] | { map: Array<[string, Node]> }): boolean {
  return Array.isArray(v) ? v.length === 0 : v.map.length === 0;
}

// A scalar's text; `indent` is where block scalar lines (and lines after a break) start.
function scalarText(v: Node, indent: number, simpleKey: boolean): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return '[]';
  if (typeof v === 'object' && 'map' in v) return '{}';
  if (typeof v === 'object' && 'int' in v) return `${v.int}`;
  if (typeof v === 'object') {
    if (Number.isNaN(v.float)) return '.nan';
    if (!Number.isFinite(v.float)) return v.float > 0 ? '.inf' : '-.inf';
    return formatFloat(v.float, 'g', -1);
  }
  return stringText(v, indent, simpleKey);
}

// go-yaml v3's keyList.Less for string keys: letters before other runes by code, digit runs by value.
function keyOrder(x: string, y: string): number {
  const a = [...x];
  const b = [...y];
  let digits = false;
  for (let i = 0; i < a.length && i < b.length; i++) {
    const ai = a[i] as string;
    const bi = b[i] as string;
    if (ai === bi) {
      digits = /\p{Nd}/u.test(ai);
      continue;
    }
    const al = /\p{L}/u.test(ai);
    const bl = /\p{L}/u.test(bi);
    if (al && bl) return (ai.codePointAt(0) as number) - (bi.codePointAt(0) as number);
    if (al || bl) return (digits ? al : bl) ? -1 : 1;
    let an = 0n;
    let bn = 0n;
    if (ai === '0' || bi === '0') {
      for (let j = i - 1; j >= 0 && /\p{Nd}/u.test(a[j] as string); j--) {
        if (a[j] !== '0') {
          an = 1n;
          bn = 1n;
          break;
        }
      }
    }
    let ae = i;
    let be = i;
    for (; ae < a.length && /\p{Nd}/u.test(a[ae] as string); ae++) an = an * 10n + BigInt(Number(a[ae]) || 0);
    for (; be < b.length && /\p{Nd}/u.test(b[be] as string); be++) bn = bn * 10n + BigInt(Number(b[be]) || 0);
    if (an !== bn) return an < bn ? -1 : 1;
    if (ae !== be) return ae - be;
    return (ai.codePointAt(0) as number) - (bi.codePointAt(0) as number);
  }
  return a.length - b.length;
}
