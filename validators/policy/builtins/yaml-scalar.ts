// How go-yaml v3 writes a string scalar (emitterc.go): encoder.stringv requests a style, and
// yaml_emitter_analyze_scalar / select_scalar_style fall back from plain to single- to double-quoted.
import { daysIn } from './go-time.js';
import { resolvePlain } from './yaml-decode.js';

const OLD_BOOLS = new Set('y Y yes Yes YES on On ON n N no No NO off Off OFF'.split(' '));
const BASE60_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;
const TIMESTAMP =
  /^(\d{4})-(\d\d?)-(\d\d?)(?:(?:[Tt](\d\d?):(\d\d?):(\d\d?)(?:[.,]\d+)?(?:Z|[+-]\d\d:\d\d))|(?: (\d\d?):(\d\d?):(\d\d?)(?:[.,]\d+)?))?$/;
// yaml_emitter_write_double_quoted_scalar's named escapes.
const ESCAPES = new Map<number, string>([
  [0x00, '0'],
  [0x07, 'a'],
  [0x08, 'b'],
  [0x09, 't'],
  [0x0a, 'n'],
  [0x0b, 'v'],
  [0x0c, 'f'],
  [0x0d, 'r'],
  [0x1b, 'e'],
  [0x22, '"'],
  [0x5c, '\\'],
  [0x85, 'N'],
  [0xa0, '_'],
  [0x2028, 'L'],
  [0x2029, 'P'],
]);

// stringv picks literal (has \n), plain (reads back as a string) or double-quoted; the emitter then
// falls back from plain to single-quoted to double-quoted as the characters require.
/** go-yaml v3's text for string `s`; block lines, and lines after a break, start at `indent`. */
export function stringText(s: string, indent: number, simpleKey: boolean): string {
  const a = analyze(s);
  const canUsePlain =
    typeof resolvePlain(s) === 'string' && !isTimestamp(s) && !BASE60_FLOAT.test(s) && !OLD_BOOLS.has(s);
  let style = s.includes('\n') ? 'literal' : canUsePlain ? 'plain' : 'double';
  if (style === 'plain' && (!a.blockPlainAllowed || (s === '' && simpleKey))) style = 'single';
  if (style === 'single' && !a.singleQuotedAllowed) style = 'double';
  if (style === 'literal' && !a.blockAllowed) style = 'double';
  if (style === 'plain') return s;
  if (style === 'single') return singleQuoted(s, indent);
  if (style === 'double') return doubleQuoted(s);
  return literal(s, indent);
}

// resolve.go's parseTimestamp: time.Parse with "2006-1-2T15:4:5.999999999Z07:00" (or t), "2006-1-2
// 15:4:5.999999999" or "2006-1-2", so the fields must also be in range.
function isTimestamp(s: string): boolean {
  const m = TIMESTAMP.exec(s);
  if (!m) return false;
  const [year, month, day, ...clock] = m.slice(1).map(Number) as number[];
  const [h, mi, se] = clock.filter((n) => !Number.isNaN(n));
  if ((month as number) < 1 || (month as number) > 12) return false;
  if ((day as number) < 1 || (day as number) > daysIn(month as number, year as number)) return false;
  return h === undefined || ((h as number) < 24 && (mi as number) < 60 && (se as number) < 60);
}

/** The facts select_scalar_style uses: breaks, and which styles the characters allow. */
export function analyze(s: string): {
  multiline: boolean;
  blockPlainAllowed: boolean;
  singleQuotedAllowed: boolean;
  blockAllowed: boolean;
} {
  const chars = [...s];
  if (chars.length === 0)
    return { multiline: false, blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: false };
  let indicators = s.startsWith('---') || s.startsWith('...');
  let [
    lineBreaks,
    special,
    tabs,
    leadingSpace,
    leadingBreak,
    trailingSpace,
    trailingBreak,
    breakSpace,
    spaceBreak,
  ] = Array(9).fill(false) as boolean[];
  let precededByWhitespace = true;
  let previousSpace = false;
  let previousBreak = false;
  chars.forEach((c, i) => {
    const next = chars[i + 1];
    const followedByWhitespace = next === undefined || next === ' ' || next === '\t';
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(c)) indicators = true;
      else if ((c === '?' || c === ':' || c === '-') && followedByWhitespace) indicators = true;
    } else if ((c === ':' && followedByWhitespace) || (c === '#' && precededByWhitespace)) indicators = true;
    const cp = c.codePointAt(0) as number;
    if (c === '\t') tabs = true;
    else if (!isPrintable(cp)) special = true;
    const last = i === chars.length - 1;
    if (c === ' ') {
      leadingSpace ||= i === 0;
      trailingSpace ||= last;
      breakSpace ||= previousBreak;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreak(cp)) {
      lineBreaks = true;
      leadingBreak ||= i === 0;
      trailingBreak ||= last;
      spaceBreak ||= previousSpace;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = c === ' ' || c === '\t' || isBreak(cp);
  });
  const plainBlocked =
    leadingSpace ||
    leadingBreak ||
    trailingSpace ||
    trailingBreak ||
    breakSpace ||
    spaceBreak ||
    tabs ||
    special ||
    lineBreaks ||
    indicators;
  return {
    multiline: lineBreaks,
    blockPlainAllowed: !plainBlocked,
    singleQuotedAllowed: !(breakSpace || spaceBreak || tabs || special),
    blockAllowed: !(trailingSpace || spaceBreak || special),
  };
}

// libyaml's is_printable over UTF-8: LF, printable ASCII, U+00A0..U+D7FF, U+E000..U+FFFD but not the BOM.
function isPrintable(cp: number): boolean {
  return (
    cp === 0x0a ||
    (cp >= 0x20 && cp <= 0x7e) ||
    (cp >= 0xa0 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd && cp !== 0xfeff)
  );
}

function isBreak(cp: number): boolean {
  return cp === 0x0a || cp === 0x0d || cp === 0x85 || cp === 0x2028 || cp === 0x2029;
}

function singleQuoted(s: string, indent: number): string {
  let out = "'";
  let breaks = false;
  for (const c of s) {
    if (isBreak(c.codePointAt(0) as number)) {
      out += c;
      breaks = true;
      continue;
    }
    if (breaks) out += ' '.repeat(indent);
    out += c === "'" ? "''" : c;
    breaks = false;
  }
  return `${out}${breaks ? ' '.repeat(indent) : ''}'`;
}

// yaml_emitter_write_double_quoted_scalar. Its is_bom(value, i) looks at the first three bytes
// whatever i is, so a string starting with a BOM has every character escaped.
function doubleQuoted(s: string): string {
  const bom = s.startsWith('\ufeff');
  let out = '"';
  for (const c of s) {
    const cp = c.codePointAt(0) as number;
    if (!bom && isPrintable(cp) && !isBreak(cp) && c !== '"' && c !== '\\') {
      out += c;
      continue;
    }
    const named = ESCAPES.get(cp);
    if (named) out += `\\${named}`;
    else if (cp <= 0xff) out += `\\x${hex(cp, 2)}`;
    else if (cp <= 0xffff) out += `\\u${hex(cp, 4)}`;
    else out += `\\U${hex(cp, 8)}`;
  }
  return `${out}"`;
}

// "|" with an indentation hint when the text starts with a space or break, and "-" (no final break),
// "+" (the text is one break or ends with two) or nothing as chomping.
function literal(s: string, indent: number): string {
  const chars = [...s];
  const breakAt = (i: number) => i >= 0 && isBreak(chars[i]?.codePointAt(0) ?? 0);
  const first = chars[0] ?? '';
  let hints = first === ' ' || breakAt(0) ? '2' : '';
  const last = chars.length - 1;
  if (!breakAt(last)) hints += '-';
  else if (last === 0 || breakAt(last - 1)) hints += '+';
  let out = `|${hints}\n`;
  let breaks = true;
  for (const c of chars) {
    if (isBreak(c.codePointAt(0) as number)) {
      out += c;
      breaks = true;
    } else {
      if (breaks) out += ' '.repeat(indent);
      out += c;
      breaks = false;
    }
  }
  return out;
}

function hex(n: number, width: number): string {
  return n.toString(16).toUpperCase().padStart(width, '0');
}
