// Numbers keep their source text (`100.0`, `1e3`, `12345678901234567890`): OPA's Go builtins see that
// text, not a float64.
/** A Rego value as the wasm's `opa_value_dump` prints it. */
export type RegoValue =
  | { kind: 'null' }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'number'; text: string }
  | { kind: 'string'; value: string }
  | { kind: 'array'; items: RegoValue[] }
  | { kind: 'set'; items: RegoValue[] }
  | { kind: 'object'; entries: Array<[RegoValue, RegoValue]> };

// JSON number grammar, loosened to what the wasm's number printer can emit (`1.`, `01`).
const NUMBER = /-?\d+(?:\.\d*)?(?:[eE][+-]?\d+)?/y;
const WHITESPACE = /[ \t\r\n]*/y;

/** Parses `opa_value_dump` text (a superset of JSON: sets, `set()`, non-string keys); throws on bad text. */
export function parseRegoValue(text: string): RegoValue {
  const state = { text, at: 0 };
  const value = parseValue(state);
  skipWhitespace(state);
  if (state.at !== text.length) fail(state, 'trailing text');
  return value;
}

interface State {
  text: string;
  at: number;
}

function parseValue(s: State): RegoValue {
  skipWhitespace(s);
  const c = s.text[s.at];
  if (c === '"') return { kind: 'string', value: parseString(s) };
  if (c === '[') return { kind: 'array', items: parseList(s, ']') };
  if (c === '{') return parseBraces(s);
  if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return parseNumber(s);
  for (const [word, value] of KEYWORDS) {
    if (s.text.startsWith(word, s.at)) {
      s.at += word.length;
      return value;
    }
  }
  return fail(s, 'unexpected character');
}

const KEYWORDS: Array<[string, RegoValue]> = [
  ['null', { kind: 'null' }],
  ['true', { kind: 'boolean', value: true }],
  ['false', { kind: 'boolean', value: false }],
  ['set()', { kind: 'set', items: [] }],
];

function parseNumber(s: State): RegoValue {
  NUMBER.lastIndex = s.at;
  const match = NUMBER.exec(s.text);
  if (!match) fail(s, 'bad number');
  s.at += match[0].length;
  return { kind: 'number', text: match[0] };
}

function parseString(s: State): string {
  const start = s.at;
  let at = start + 1;
  for (;;) {
    const c = s.text[at];
    if (c === undefined) fail(s, 'unterminated string');
    if (c === '"') break;
    at += c === '\\' ? 2 : 1;
  }
  s.at = at + 1;
  // JSON.parse applies exactly the JSON escapes (\uXXXX pairs included) that opa_value_dump writes.
  return JSON.parse(s.text.slice(start, s.at)) as string;
}

function parseList(s: State, close: string): RegoValue[] {
  s.at++;
  skipWhitespace(s);
  if (s.text[s.at] === close) {
    s.at++;
    return [];
  }
  const first = parseValue(s);
  skipWhitespace(s);
  return continueList(s, [first], close);
}

// Reads `, item` pairs up to `close`; the caller has read the first item and the whitespace after it.
function continueList(s: State, items: RegoValue[], close: string): RegoValue[] {
  for (;;) {
    const c = s.text[s.at++];
    if (c === close) return items;
    if (c !== ',') fail(s, `expected , or ${close}`);
    items.push(parseValue(s));
    skipWhitespace(s);
  }
}

// `{` opens an object (`{}` included) or a non-empty set; a `:` after the first value means object.
function parseBraces(s: State): RegoValue {
  s.at++;
  skipWhitespace(s);
  if (s.text[s.at] === '}') {
    s.at++;
    return { kind: 'object', entries: [] };
  }
  const first = parseValue(s);
  skipWhitespace(s);
  if (s.text[s.at] !== ':') return { kind: 'set', items: continueList(s, [first], '}') };
  const entries: Array<[RegoValue, RegoValue]> = [];
  let key = first;
  for (;;) {
    if (s.text[s.at++] !== ':') fail(s, 'expected :');
    entries.push([key, parseValue(s)]);
    skipWhitespace(s);
    const c = s.text[s.at++];
    if (c === '}') return { kind: 'object', entries };
    if (c !== ',') fail(s, 'expected , or }');
    key = parseValue(s);
    skipWhitespace(s);
  }
}

function skipWhitespace(s: State): void {
  WHITESPACE.lastIndex = s.at;
  WHITESPACE.exec(s.text);
  s.at = WHITESPACE.lastIndex;
}

function fail(s: State, what: string): never {
  throw new SyntaxError(`opa value text: ${what} at offset ${s.at}`);
}
