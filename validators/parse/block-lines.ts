// A single pass over block-style YAML that finds the line of every key and sequence item, checked against the
// objects js-yaml loaded. It knows only what Kubernetes manifests use; on anything else it gives up
// (returns undefined) and parse() takes the slow path, which has a parser's node ranges.

import { LineTableBuilder } from './line-table.js';
import type { ResolvePlain } from './plain-scalars.js';

/** One document as the scanner mapped it. */
export interface ScannedDocument {
  line: number;
  fieldLines: Record<string, number>;
}

interface Frame {
  indent: number;
  seq: boolean;
  pointer: string;
  value: unknown;
  keys: string[]; // a mapping's keys in js-yaml's order; a key on a line must be the next one
  next: number;
}

/** A key or `-` with nothing after it: the value starts on a later line, or is null. */
interface Pending {
  pointer: string;
  indent: number;
  item: boolean;
  line: number;
  value: unknown;
}

class Unmapped extends Error {}

const segment = (key: string): string =>
  key.includes('~') || key.includes('/') ? key.replaceAll('~', '~0').replaceAll('/', '~1') : key;

const isContainer = (v: unknown): v is object => typeof v === 'object' && v !== null && !(v instanceof Date);

/**
 * Maps each document of `text` to its start line and field lines, in the shape the `yaml`-package walk gives
 * (key line; item line, or the `-` line of a null item; a flow collection's children on its line).
 * `objects` are js-yaml's documents, nulls left out; undefined when the text holds anything not mapped here.
 */
export function scanBlockLines(
  text: string,
  objects: unknown[],
  resolve: ResolvePlain,
): ScannedDocument[] | undefined {
  try {
    return scan(text, objects, resolve);
  } catch (err) {
    if (err instanceof Unmapped) return undefined;
    throw err;
  }
}

function scan(text: string, objects: unknown[], resolve: ResolvePlain): ScannedDocument[] {
  const fail = (): never => {
    throw new Unmapped();
  };
  if (text.includes('\r') && /\r(?!\n)/.test(text)) fail();
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.includes('\ufeff')) fail();
  const lines = body.split('\n');
  const tabs = body.includes('\t');
  const crlf = body.includes('\r');
  const docs: ScannedDocument[] = [];

  const table = new LineTableBuilder();
  const out = (pointer: string, line: number): void => table.set(pointer, line);
  let stack: Frame[] = [];
  let pending: Pending | undefined;
  let skipAbove = -1; // > -1 inside a block scalar or a plain scalar's continuation: deeper lines belong to it
  let started = false;
  let s = '';
  let lineNo = 0;

  // Documents of a file repeat their paths: one string per pointer, so building fieldLines hashes each once.
  const pointers = new Map<string, Map<string, string>>();
  const child = (parent: string, key: string): string => {
    let children = pointers.get(parent);
    if (!children) {
      children = new Map();
      pointers.set(parent, children);
    }
    let pointer = children.get(key);
    if (pointer === undefined) {
      pointer = `${parent}/${segment(key)}`;
      children.set(key, pointer);
    }
    return pointer;
  };
  const keys = new Map<string, string>();

  const close = (frame: Frame): void => {
    if (frame.next !== (frame.seq ? (frame.value as unknown[]).length : frame.keys.length)) fail();
  };
  const resolvePending = (): void => {
    if (!pending) return;
    if (pending.value !== null) fail();
    if (pending.item) out(pending.pointer, pending.line);
    pending = undefined;
  };
  const endDocument = (): void => {
    resolvePending();
    for (const frame of stack) close(frame);
    stack = [];
    skipAbove = -1;
    started = false;
  };

  /** The end of a one-line flow collection; its keys must read as strings, as in block mappings. */
  const flowEnd = (at: number): number => {
    const maps: boolean[] = []; // per open bracket: is it a mapping
    let keyFrom = -1; // where a plain key of the innermost mapping starts, while in key position
    const checkKey = (to: number, emptyOk: boolean): void => {
      const key = keyFrom >= 0 ? s.slice(keyFrom, to).trim() : '';
      if (key !== '' || (keyFrom >= 0 && !emptyOk)) plainKey(key);
      keyFrom = -1;
    };
    for (let j = at; j < s.length; j++) {
      const c = s[j];
      if (c === '"' || c === "'") {
        if (keyFrom >= 0 && s.slice(keyFrom, j).trim() !== '') fail();
        keyFrom = -1;
        j = quoteEnd(j);
      } else if (c === '[' || c === '{') {
        if (keyFrom >= 0) fail(); // a collection as a key
        maps.push(c === '{');
        keyFrom = c === '{' ? j + 1 : -1;
      } else if (c === ']' || c === '}') {
        checkKey(j, true);
        maps.pop();
        if (maps.length === 0) return j + 1;
      } else if (c === ',') {
        checkKey(j, true);
        if (maps[maps.length - 1]) keyFrom = j + 1;
      } else if (c === ':' && keyFrom >= 0) {
        checkKey(j, false);
      } else if (c === '&' || c === '*' || c === '!' || c === '?' || (c === '#' && s[j - 1] === ' ')) fail();
    }
    return fail();
  };
  const quoteEnd = (at: number): number => {
    const q = s[at];
    for (let j = at + 1; j < s.length; j++) {
      const c = s[j];
      if (q === '"' && c === '\\') j++;
      else if (c === q) {
        if (q === "'" && s[j + 1] === "'") j++;
        else return j;
      }
    }
    return fail(); // a quoted scalar over several lines
  };
  const onlyComment = (at: number): void => {
    let j = at;
    while (s[j] === ' ') j++;
    if (j < s.length && (s[j] !== '#' || j === at)) fail();
  };
  const assignAll = (value: unknown, pointer: string): void => {
    if (Array.isArray(value)) {
      value.forEach((v, i) => {
        out(`${pointer}/${i}`, lineNo);
        assignAll(v, `${pointer}/${i}`);
      });
    } else if (isContainer(value)) {
      for (const [k, v] of Object.entries(value)) {
        if (k === '__proto__') fail();
        out(`${pointer}/${segment(k)}`, lineNo);
        assignAll(v, `${pointer}/${segment(k)}`);
      }
    }
  };

  /**
   * The position after `:` when a key starts at `at`, the key in `found`; else -1. `expected` is the key
   * js-yaml read next: plain text equal to it is that key without resolving it (`null` and `<<` are not).
   */
  let found = '';
  const keyAt = (at: number, expected: string | undefined): number => {
    const c = s[at] as string;
    if (c === '"' || c === "'") {
      const end = quoteEnd(at);
      let j = end + 1;
      while (s[j] === ' ') j++;
      if (s[j] !== ':' || (j + 1 < s.length && s[j + 1] !== ' ')) return -1;
      const raw = s.slice(at + 1, end);
      if (c === '"' && raw.includes('\\')) fail();
      found = c === "'" ? raw.replaceAll("''", "'") : raw;
      return j + 1;
    }
    if (
      expected !== undefined &&
      expected !== 'null' &&
      expected !== '<<' &&
      !'?:,[]{}#&*!|>%@`-'.includes(c) &&
      s.startsWith(expected, at)
    ) {
      let j = at + expected.length;
      while (s[j] === ' ') j++;
      if (s[j] === ':' && (j + 1 === s.length || s[j + 1] === ' ')) {
        found = expected;
        return j + 1;
      }
    }
    for (let j = at; j < s.length; j++) {
      const d = s[j];
      if (d === ':' && (j + 1 === s.length || s[j + 1] === ' ')) {
        found = plainKey(s.slice(at, j).trimEnd());
        return j + 1;
      }
      if (d === '#' && s[j - 1] === ' ') return -1;
    }
    return -1;
  };
  /** A plain key as the `yaml` package names it: String() of its value; null, dates and `<<` are not mapped. */
  const plainKey = (source: string): string => {
    const known = keys.get(source);
    if (known !== undefined) return known;
    if (source === '<<') fail();
    const resolved = resolve(source);
    if (resolved !== undefined && (resolved.value === null || typeof resolved.value === 'object')) fail();
    const key = resolved === undefined ? source : String(resolved.value);
    keys.set(source, key);
    return key;
  };
  const isDash = (at: number): boolean => s[at] === '-' && (at + 1 === s.length || s[at + 1] === ' ');

  /** A node starting at `at` on this line whose pointer and js-yaml value are known. */
  const node = (
    at: number,
    pointer: string,
    value: unknown,
    parentIndent: number,
    compact: boolean,
  ): void => {
    const c = s[at] as string;
    if (isDash(at)) {
      if (!compact || !Array.isArray(value)) fail();
      stack.push({ indent: at, seq: true, pointer, value, keys: [], next: 0 });
      item(at);
      return;
    }
    if ('&*!?%@`:|>[{,]}#'.includes(c)) {
      scalarOrFlow(at, pointer, value, parentIndent);
      return;
    }
    const keys =
      typeof value === 'object' && value !== null && !Array.isArray(value) ? Object.keys(value) : undefined;
    const after = keyAt(at, keys?.[0]);
    if (after >= 0) {
      // A Date has no keys: the first key does not match.
      if (!compact || keys === undefined) fail();
      const frame: Frame = { indent: at, seq: false, pointer, value, keys: keys as string[], next: 0 };
      stack.push(frame);
      entry(frame, found, after);
      return;
    }
    scalarOrFlow(at, pointer, value, parentIndent);
  };
  const scalarOrFlow = (at: number, pointer: string, value: unknown, parentIndent: number): void => {
    const c = s[at] as string;
    if (c === '[' || c === '{') {
      if (!isContainer(value)) fail();
      onlyComment(flowEnd(at));
      assignAll(value, pointer);
      return;
    }
    if (isContainer(value)) fail();
    if (c === '|' || c === '>') {
      if (!/^[|>][-+1-9]{0,2}( +#.*| *)$/.test(s.slice(at))) fail();
      skipAbove = parentIndent;
      return;
    }
    if (c === '"' || c === "'") {
      onlyComment(quoteEnd(at) + 1);
      return;
    }
    // `:8080` is a plain scalar (a `:` not followed by a space starts one); the other indicators are not.
    if ('&*!?%@`,]}#'.includes(c) || (c === ':' && (at + 1 >= s.length || s[at + 1] === ' '))) fail();
    skipAbove = parentIndent; // a plain scalar may go on over deeper lines
  };
  const item = (dash: number): void => {
    const frame = stack[stack.length - 1] as Frame;
    const value = (frame.value as unknown[])[frame.next];
    if (frame.next >= (frame.value as unknown[]).length) fail();
    const pointer = child(frame.pointer, String(frame.next++));
    let at = dash + 1;
    while (s[at] === ' ') at++;
    if (at === s.length || s[at] === '#') {
      pending = { pointer, indent: dash, item: true, line: lineNo, value };
      return;
    }
    out(pointer, lineNo);
    node(at, pointer, value, dash, true);
  };
  const entry = (frame: Frame, key: string, after: number): void => {
    if (key === '__proto__' || frame.keys[frame.next] !== key) fail();
    frame.next++;
    const pointer = child(frame.pointer, key);
    const value = (frame.value as Record<string, unknown>)[key];
    out(pointer, lineNo);
    let at = after;
    while (s[at] === ' ') at++;
    if (at === s.length || s[at] === '#') {
      pending = { pointer, indent: frame.indent, item: false, line: lineNo, value };
      return;
    }
    node(at, pointer, value, frame.indent, false);
  };

  for (let i = 0; i < lines.length; i++) {
    s = lines[i] as string;
    lineNo = i + 1;
    if (crlf && s.endsWith('\r')) s = s.slice(0, -1);
    if ((s[0] === '-' || s[0] === '.') && (s.startsWith('---') || s.startsWith('...'))) {
      if (s.length === 3 || s[3] === ' ' || s[3] === '\t') {
        if (s[0] === '.') fail();
        endDocument();
        const rest = s.slice(3).trim();
        if (rest !== '' && rest[0] !== '#') fail();
        continue;
      }
    }
    if (skipAbove >= 0) {
      let indent = 0;
      while (s[indent] === ' ') indent++;
      if (indent > skipAbove || indent === s.length) continue;
      if ((s[indent] === '\t' || s[indent] === '\r') && /^[ \t\r]*$/.test(s)) continue;
      skipAbove = -1;
    }
    if (tabs && s.includes('\t')) fail();
    let indent = 0;
    while (s[indent] === ' ') indent++;
    if (indent === s.length || s[indent] === '#') continue;
    if (!started) {
      if (s[0] === '%') fail();
      const object = objects[docs.length];
      if (!isContainer(object) || Array.isArray(object)) fail();
      started = true;
      docs.push({ line: lineNo, fieldLines: table.start() });
      out('', lineNo);
      const keys = Object.keys(object as object);
      const after = keyAt(indent, keys[0]);
      if (after < 0) fail();
      const frame: Frame = { indent, seq: false, pointer: '', value: object, keys, next: 0 };
      stack.push(frame);
      entry(frame, found, after);
      continue;
    }
    const dash = isDash(indent);
    if (pending) {
      const p: Pending = pending;
      if (indent > p.indent || (indent === p.indent && dash && !p.item)) {
        pending = undefined;
        if (p.item) out(p.pointer, lineNo);
        node(indent, p.pointer, p.value, p.indent, true);
        continue;
      }
      resolvePending();
    }
    let top = stack[stack.length - 1];
    while (top && (top.indent > indent || (top.indent === indent && top.seq && !dash))) {
      close(top);
      stack.pop();
      top = stack[stack.length - 1];
    }
    if (!top || top.indent !== indent) fail();
    const frame = top as Frame;
    if (frame.seq) {
      item(indent);
    } else {
      const after = dash ? -1 : keyAt(indent, frame.keys[frame.next]);
      if (after < 0) fail();
      entry(frame, found, after);
    }
  }
  endDocument();
  table.finish();
  if (docs.length !== objects.length) fail();
  return docs;
}
