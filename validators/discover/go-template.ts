/**
 * The part of Go's text/template (and of the sprig functions Argo CD adds, applicationset/utils/utils.go) that
 * ApplicationSet templates use. Anything else is an error naming it, never a silent empty string.
 */

type Value = unknown;
type Node =
  | { t: 'text'; s: string }
  | { t: 'action'; p: Pipeline }
  | { t: 'if' | 'with'; p: Pipeline; yes: Node[]; else: Node[] }
  | { t: 'range'; p: Pipeline; body: Node[]; else: Node[] };
interface Pipeline {
  decl: string[];
  assign: boolean;
  cmds: Cmd[];
}
type Cmd = Arg[];
type Arg =
  | { t: 'field'; base: 'dot' | string; path: string[] }
  | { t: 'lit'; v: Value }
  | { t: 'fn'; name: string }
  | { t: 'sub'; p: Pipeline };

/** Options Argo CD passes as `goTemplateOptions`; only `missingkey` changes anything. */
export interface GoTemplateOptions {
  missingKey: 'default' | 'zero' | 'error';
}

/** Executes `template` against `data`; throws an Error with Go's wording on a template error. */
export function executeGoTemplate(template: string, data: Value, opts: GoTemplateOptions): string {
  const nodes = parseNodes(lex(template));
  const out: string[] = [];
  execNodes(nodes, { dot: data, root: data, vars: [{ $: data }], opts }, out);
  return out.join('');
}

interface Scope {
  dot: Value;
  root: Value;
  vars: Record<string, Value>[];
  opts: GoTemplateOptions;
}

// ---- lexing: text and actions, with `{{-`/`-}}` trimming and comments.
type Token = { t: 'text'; s: string } | { t: 'action'; s: string };

function lex(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const open = src.indexOf('{{', i);
    if (open < 0) {
      tokens.push({ t: 'text', s: src.slice(i) });
      break;
    }
    let text = src.slice(i, open);
    let start = open + 2;
    if (src[start] === '-' && /\s/.test(src[start + 1] ?? '')) {
      text = text.replace(/\s+$/, '');
      start += 1;
    }
    if (text) tokens.push({ t: 'text', s: text });
    const close = findClose(src, start);
    if (close < 0) throw new Error(`template: unclosed action`);
    let end = close;
    let trimAfter = false;
    if (src[close - 1] === '-' && /\s/.test(src[close - 2] ?? '')) {
      end = close - 1;
      trimAfter = true;
    }
    const body = src.slice(start, end).trim();
    if (!(body.startsWith('/*') && body.endsWith('*/'))) tokens.push({ t: 'action', s: body });
    i = close + 2;
    if (trimAfter) while (i < src.length && /\s/.test(src[i] as string)) i++;
  }
  return tokens;
}

function findClose(src: string, from: number): number {
  let quote: string | undefined;
  for (let i = from; i < src.length - 1; i++) {
    const c = src[i];
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === '`') quote = c;
    else if (c === '}' && src[i + 1] === '}') return i;
  }
  return -1;
}

// ---- parsing
function parseNodes(tokens: Token[]): Node[] {
  let pos = 0;
  const control = (word: 'if' | 'with' | 'range', rest: string): Node => {
    const p = parsePipeline(rest);
    const body = block(['else', 'end']);
    let elseNodes: Node[] = [];
    if (body.stop === 'else') {
      // `else if x` / `else with x` is a nested block that shares this one's `end`.
      const nested = /^(if|with)\s/.exec(body.rest)?.[1] as 'if' | 'with' | undefined;
      elseNodes = nested ? [control(nested, body.rest.slice(nested.length))] : block(['end']).nodes;
    }
    return word === 'range'
      ? { t: 'range', p, body: body.nodes, else: elseNodes }
      : { t: word, p, yes: body.nodes, else: elseNodes };
  };
  const block = (stops: string[]): { nodes: Node[]; stop: string; rest: string } => {
    const nodes: Node[] = [];
    while (pos < tokens.length) {
      const tok = tokens[pos++] as Token;
      if (tok.t === 'text') {
        nodes.push({ t: 'text', s: tok.s });
        continue;
      }
      const word = tok.s.split(/\s+/)[0] ?? '';
      const rest = tok.s.slice(word.length).trim();
      if (stops.includes(word)) return { nodes, stop: word, rest };
      if (word === 'if' || word === 'with' || word === 'range') nodes.push(control(word, rest));
      else if (['end', 'else', 'template', 'define', 'block', 'break', 'continue'].includes(word)) {
        throw new Error(`template: unexpected or unsupported {{${word}}}`);
      } else nodes.push({ t: 'action', p: parsePipeline(tok.s) });
    }
    if (stops.length > 0) throw new Error('template: unexpected EOF: missing {{end}}');
    return { nodes, stop: '', rest: '' };
  };
  return block([]).nodes;
}

function parsePipeline(src: string): Pipeline {
  const words = tokenize(src);
  let decl: string[] = [];
  let assign = false;
  const declAt = words.findIndex((w) => w === ':=' || w === '=');
  if (declAt > 0 && words.slice(0, declAt).every((w) => w.startsWith('$') || w === ',')) {
    decl = words.slice(0, declAt).filter((w) => w !== ',');
    assign = words[declAt] === '=';
    words.splice(0, declAt + 1);
  }
  const cmds: Cmd[] = [[]];
  for (const w of words) {
    if (w === '|') cmds.push([]);
    else (cmds[cmds.length - 1] as Cmd).push(parseArg(w));
  }
  if (cmds.some((c) => c.length === 0)) throw new Error(`template: missing command in "${src}"`);
  return { decl, assign, cmds };
}

function tokenize(src: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i] as string;
    if (/\s/.test(c) || c === ',') {
      if (c === ',') out.push(',');
      i++;
    } else if (c === '"' || c === '`') {
      let j = i + 1;
      while (j < src.length && src[j] !== c) j += src[j] === '\\' && c === '"' ? 2 : 1;
      out.push(src.slice(i, j + 1));
      i = j + 1;
    } else if (c === '(') {
      let depth = 0;
      let j = i;
      for (; j < src.length; j++) {
        if (src[j] === '(') depth++;
        else if (src[j] === ')' && --depth === 0) break;
      }
      out.push(src.slice(i, j + 1));
      i = j + 1;
    } else if (c === '|') {
      out.push('|');
      i++;
    } else if (src.startsWith(':=', i)) {
      out.push(':=');
      i += 2;
    } else {
      let j = i;
      while (j < src.length && !/[\s|(),]/.test(src[j] as string)) j++;
      out.push(src.slice(i, j));
      i = j;
    }
  }
  return out;
}

function parseArg(w: string): Arg {
  if (w.startsWith('(')) return { t: 'sub', p: parsePipeline(w.slice(1, -1)) };
  if (w.startsWith('"')) return { t: 'lit', v: JSON.parse(w) };
  if (w.startsWith('`')) return { t: 'lit', v: w.slice(1, -1) };
  if (w === 'true' || w === 'false') return { t: 'lit', v: w === 'true' };
  if (w === 'nil') return { t: 'lit', v: null };
  if (/^-?\d/.test(w)) return { t: 'lit', v: Number(w) };
  if (w === '.') return { t: 'field', base: 'dot', path: [] };
  if (w.startsWith('.')) return { t: 'field', base: 'dot', path: w.slice(1).split('.') };
  if (w.startsWith('$')) {
    const [v = '$', ...path] = w.split('.');
    return { t: 'field', base: v, path };
  }
  return { t: 'fn', name: w };
}

// ---- execution
function execNodes(nodes: Node[], scope: Scope, out: string[]): void {
  for (const n of nodes) {
    if (n.t === 'text') out.push(n.s);
    else if (n.t === 'action') {
      const v = evalPipeline(n.p, scope);
      if (n.p.decl.length === 0) out.push(printValue(v));
    } else if (n.t === 'range') {
      const v = evalPipeline({ ...n.p, decl: [] }, scope);
      const entries: [Value, Value][] = Array.isArray(v)
        ? v.map((x, i) => [i, x])
        : isMap(v)
          ? Object.keys(v)
              .sort()
              .map((k) => [k, v[k]])
          : [];
      if (entries.length === 0) execNodes(n.else, scope, out);
      for (const [k, x] of entries) {
        const vars: Record<string, Value> = {};
        if (n.p.decl.length === 1) vars[n.p.decl[0] as string] = x;
        if (n.p.decl.length === 2) {
          vars[n.p.decl[0] as string] = k;
          vars[n.p.decl[1] as string] = x;
        }
        execNodes(n.body, { ...scope, dot: x, vars: [...scope.vars, vars] }, out);
      }
    } else {
      const v = evalPipeline(n.p, scope);
      const inner: Scope = { ...scope, vars: [...scope.vars, {}] };
      if (truthy(v)) execNodes(n.yes, n.t === 'with' ? { ...inner, dot: v } : inner, out);
      else execNodes(n.else, inner, out);
    }
  }
}

function evalPipeline(p: Pipeline, scope: Scope): Value {
  let value: Value;
  let first = true;
  for (const cmd of p.cmds) {
    value = evalCmd(cmd, scope, first ? undefined : [value]);
    first = false;
  }
  for (const name of p.decl) {
    const frame = p.assign
      ? ([...scope.vars].reverse().find((f) => name in f) ?? scope.vars[0])
      : scope.vars[scope.vars.length - 1];
    if (frame) frame[name] = value;
  }
  return value;
}

function evalCmd(cmd: Cmd, scope: Scope, piped: Value[] | undefined): Value {
  const [head, ...rest] = cmd;
  if (!head) return undefined;
  if (head.t === 'fn') {
    const fn = FUNCS[head.name];
    if (!fn) throw new Error(`template: function "${head.name}" not defined (or not supported by Tollgate)`);
    const args = rest.map((a) => evalArg(a, scope));
    return fn(...args, ...(piped ?? []));
  }
  if (rest.length > 0 || piped) throw new Error(`template: can't give argument to non-function`);
  return evalArg(head, scope);
}

function evalArg(a: Arg, scope: Scope): Value {
  if (a.t === 'lit') return a.v;
  if (a.t === 'sub') return evalPipeline(a.p, scope);
  if (a.t === 'fn') {
    const fn = FUNCS[a.name];
    if (!fn) throw new Error(`template: function "${a.name}" not defined (or not supported by Tollgate)`);
    return fn();
  }
  let cur: Value;
  if (a.base === 'dot') cur = scope.dot;
  else {
    const frame = [...scope.vars].reverse().find((f) => a.base in f);
    if (!frame) throw new Error(`template: undefined variable "${a.base}"`);
    cur = frame[a.base];
  }
  for (const key of a.path) {
    if (!isMap(cur)) throw new Error(`template: nil pointer evaluating interface {}.${key}`);
    if (!(key in cur)) {
      if (scope.opts.missingKey === 'error') throw new Error(`template: map has no entry for key "${key}"`);
      cur = undefined;
      continue;
    }
    cur = cur[key];
  }
  return cur;
}

function isMap(v: Value): v is Record<string, Value> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function truthy(v: Value): boolean {
  if (v === undefined || v === null || v === false || v === 0 || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (isMap(v)) return Object.keys(v).length > 0;
  return true;
}

/** Go's `%v` of a JSON value, as text/template prints it. */
export function printValue(v: Value): string {
  if (v === undefined || v === null) return '<no value>';
  if (typeof v === 'number') return goFloat(v);
  if (Array.isArray(v)) return `[${v.map(printValue).join(' ')}]`;
  if (isMap(v)) {
    return `map[${Object.keys(v)
      .sort()
      .map((k) => `${k}:${printValue(v[k])}`)
      .join(' ')}]`;
  }
  return String(v);
}

/** strconv.FormatFloat(f, 'g', -1, 64) as fmt's %v uses it: exponent form below 1e-4 and from 1e21. */
function goFloat(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return String(n);
  const exp = n === 0 ? 0 : Math.floor(Math.log10(Math.abs(n)));
  if (exp < -4 || exp >= 21) return n.toExponential().replace(/e([+-])(\d)$/, 'e$10$2');
  return String(n);
}

const str = (v: Value): string =>
  v === undefined || v === null ? '' : typeof v === 'string' ? v : printValue(v);

/** sanitizeName / slugify of applicationset/utils (SanitizeName: lowercase, [a-z0-9-.], trimmed, ≤ 253). */
function normalize(v: Value): string {
  return str(v)
    .toLowerCase()
    .replace(/[^a-z0-9-.]/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 253);
}

const FUNCS: Record<string, (...args: Value[]) => Value> = {
  print: (...a) => a.map(str).join(''),
  printf: (format, ...a) => {
    let i = 0;
    return str(format).replace(/%([-+# 0]*\d*(?:\.\d+)?)([vsdqtxf%])/g, (_m, _flags, verb: string) => {
      if (verb === '%') return '%';
      const x = a[i++];
      if (verb === 'q') return JSON.stringify(str(x));
      if (verb === 'd') return String(Math.trunc(Number(x)));
      return str(x);
    });
  },
  index: (coll, ...keys) => {
    let cur = coll;
    for (const k of keys) {
      if (Array.isArray(cur)) {
        const i = Number(k);
        if (i < 0 || i >= cur.length) throw new Error(`template: index out of range: ${i}`);
        cur = cur[i];
      } else if (isMap(cur)) cur = cur[str(k)];
      else
        throw new Error(
          `template: can't index item of type ${cur === null || cur === undefined ? 'nil' : typeof cur}`,
        );
    }
    return cur;
  },
  len: (v) => (Array.isArray(v) ? v.length : isMap(v) ? Object.keys(v).length : str(v).length),
  eq: (a, ...bs) => bs.some((b) => a === b),
  ne: (a, b) => a !== b,
  lt: (a, b) => (a as number) < (b as number),
  le: (a, b) => (a as number) <= (b as number),
  gt: (a, b) => (a as number) > (b as number),
  ge: (a, b) => (a as number) >= (b as number),
  and: (...a) => a.find((x) => !truthy(x)) ?? a[a.length - 1],
  or: (...a) => a.find((x) => truthy(x)) ?? a[a.length - 1],
  not: (a) => !truthy(a),
  default: (d, v) => (truthy(v) ? v : d),
  empty: (v) => !truthy(v),
  coalesce: (...a) => a.find(truthy),
  ternary: (a, b, c) => (truthy(c) ? a : b),
  lower: (s) => str(s).toLowerCase(),
  upper: (s) => str(s).toUpperCase(),
  title: (s) => str(s).replace(/\b\w/g, (c) => c.toUpperCase()),
  trim: (s) => str(s).trim(),
  trimAll: (c, s) => str(s).split(str(c)).filter(Boolean).join(str(c)),
  trimPrefix: (p, s) => (str(s).startsWith(str(p)) ? str(s).slice(str(p).length) : str(s)),
  trimSuffix: (p, s) => (str(s).endsWith(str(p)) && str(p) ? str(s).slice(0, -str(p).length) : str(s)),
  replace: (a, b, s) => str(s).split(str(a)).join(str(b)),
  contains: (sub, s) => str(s).includes(str(sub)),
  hasPrefix: (p, s) => str(s).startsWith(str(p)),
  hasSuffix: (p, s) => str(s).endsWith(str(p)),
  quote: (...a) => a.map((x) => JSON.stringify(str(x))).join(' '),
  squote: (...a) => a.map((x) => `'${str(x)}'`).join(' '),
  join: (sep, list) => (Array.isArray(list) ? list.map(str).join(str(sep)) : str(list)),
  splitList: (sep, s) => str(s).split(str(sep)),
  toString: (v: Value) => str(v),
  trunc: (n, s) => {
    const k = Number(n);
    return k >= 0 ? str(s).slice(0, k) : str(s).slice(k);
  },
  substr: (a, b, s) => str(s).slice(Number(a), Number(b) < 0 ? undefined : Number(b)),
  list: (...a) => a,
  dict: (...a) => {
    const out: Record<string, Value> = {};
    for (let i = 0; i < a.length; i += 2) out[str(a[i])] = a[i + 1];
    return out;
  },
  first: (l) => (Array.isArray(l) ? l[0] : undefined),
  last: (l) => (Array.isArray(l) ? l[l.length - 1] : undefined),
  base: (s) => str(s).split('/').pop() ?? '',
  dir: (s) => str(s).split('/').slice(0, -1).join('/') || '.',
  toJson: (v) => JSON.stringify(v ?? null),
  kebabcase: (s) =>
    str(s)
      .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
      .replace(/[_\s]+/g, '-')
      .toLowerCase(),
  snakecase: (s) =>
    str(s)
      .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
      .replace(/[-\s]+/g, '_')
      .toLowerCase(),
  regexReplaceAll: (re, s, repl) =>
    str(s).replace(new RegExp(str(re), 'g'), str(repl).replace(/\$\{?(\d+)\}?/g, '$$$1')),
  regexMatch: (re, s) => new RegExp(str(re)).test(str(s)),
  b64enc: (s) => Buffer.from(str(s)).toString('base64'),
  b64dec: (s) => Buffer.from(str(s), 'base64').toString('utf8'),
  normalize,
  slugify: (s) => normalize(s).replace(/\./g, '-').slice(0, 50),
};
