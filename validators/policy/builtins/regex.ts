// Regex builtins the wasm leaves to the host (v1/topdown/regex.go). Patterns are RE2, as Go's regexp
// package: re2js's RE2 class mirrors Go's API (allMatches, FindAll*Index) with UTF-16 offsets.
import { RE2JS } from 're2js';
import type { HostBuiltin } from './index.js';
import { asInt, asString, operands } from './operands.js';

type Regexp = ReturnType<RE2JS['re2']>;

/** regex.find_n: up to n leftmost non-overlapping matches (all when n < 0), Go's FindAllString. */
export const regexFindN: HostBuiltin = (args) => {
  const [p, s, n] = operands(args);
  const text = asString(s);
  const count = asInt(n);
  const re = compile(asString(p));
  if (!re || text === undefined || count === undefined) return undefined;
  return findAllIndex(re, text, Number(count)).map(([a, b]) => text.slice(a, b));
};

/** regex.split: Go's Regexp.Split(s, -1), with its quirks around empty matches at the ends. */
export const regexSplit: HostBuiltin = (args) => {
  const [p, s] = operands(args);
  const pattern = asString(p);
  const text = asString(s);
  const re = compile(pattern);
  if (!re || text === undefined) return undefined;
  if (pattern !== '' && text === '') return [''];
  const parts: string[] = [];
  let beg = 0;
  let end = 0;
  for (const [a, b] of findAllIndex(re, text, -1)) {
    end = a;
    if (b !== 0) parts.push(text.slice(beg, end));
    beg = b;
  }
  if (end !== text.length) parts.push(text.slice(beg));
  return parts;
};

/** regex.replace: Go's ReplaceAllString, expanding $1, ${name} and $$ in the replacement. */
export const regexReplace: HostBuiltin = (args) => {
  const [s, p, r] = operands(args);
  const text = asString(s);
  const template = asString(r);
  const re = compile(asString(p));
  if (!re || text === undefined || template === undefined) return undefined;
  const names = re.namedGroups as Record<string, number>;
  let out = '';
  let last = 0;
  for (const match of (re.findAllSubmatchIndex(text, -1) ?? []) as number[][]) {
    out += text.slice(last, match[0]) + expand(template, text, match, names);
    last = match[1] as number;
  }
  return out + text.slice(last);
};

function compile(pattern: string | undefined): Regexp | undefined {
  if (pattern === undefined) return undefined;
  try {
    return RE2JS.compile(pattern).re2();
  } catch {
    return undefined;
  }
}

function findAllIndex(re: Regexp, text: string, n: number): number[][] {
  return (re.findAllIndex(text, n) ?? []) as number[][];
}

// regexp.(*Regexp).expand: $name or ${name} is the longest run of letters, digits and _; all digits
// (no leading zero) is a group number; an unknown group is empty; a malformed $ stays literal.
function expand(template: string, text: string, match: number[], names: Record<string, number>): string {
  let out = '';
  let rest = template;
  for (;;) {
    const dollar = rest.indexOf('$');
    if (dollar < 0) return out + rest;
    out += rest.slice(0, dollar);
    rest = rest.slice(dollar + 1);
    if (rest.startsWith('$')) {
      out += '$';
      rest = rest.slice(1);
      continue;
    }
    const ref = /^(?:\{([\p{L}\p{Nd}_]+)\}|([\p{L}\p{Nd}_]+))/u.exec(rest);
    const name = ref?.[1] ?? ref?.[2];
    if (!ref || name === undefined) {
      out += '$';
      continue;
    }
    rest = rest.slice(ref[0].length);
    const group = /^(0|[1-9]\d{0,8})$/.test(name) ? Number(name) : names[name];
    const start = group === undefined ? undefined : match[2 * group];
    if (group !== undefined && start !== undefined && start >= 0)
      out += text.slice(start, match[2 * group + 1]);
  }
}
