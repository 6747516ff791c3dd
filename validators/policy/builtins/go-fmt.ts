// The raw formatter of Go's fmt package (src/fmt/format.go): padding, integers, floats, strings, runes.
// go-printf.ts parses the format and picks these per argument type and verb.
import { type FloatFormat, formatFloat } from './go-float.js';
import { canBackquote, goQuote, goQuoteRune, isPrint } from './go-quote.js';

/** fmt's flags and width/precision for one verb (fmtFlags plus wid/prec). */
export interface Flags {
  widPresent: boolean;
  precPresent: boolean;
  minus: boolean;
  plus: boolean;
  sharp: boolean;
  space: boolean;
  zero: boolean;
  plusV: boolean;
  sharpV: boolean;
  wid: number;
  prec: number;
}

/** The output buffer and the flags of the verb being printed. */
export interface Printer {
  buf: string;
  f: Flags;
}

const MAX_RUNE = 0x10ffffn;
const RUNE_ERROR = 0xfffd;

/** Flags as fmt.clearflags leaves them. */
export function clearFlags(): Flags {
  return {
    widPresent: false,
    precPresent: false,
    minus: false,
    plus: false,
    sharp: false,
    space: false,
    zero: false,
    plusV: false,
    sharpV: false,
    wid: 0,
    prec: 0,
  };
}

/** fmt.writePadding: n spaces, or zeros when zero-padding to the left. */
export function writePadding(p: Printer, n: number): void {
  if (n > 0) p.buf += (p.f.zero && !p.f.minus ? '0' : ' ').repeat(n);
}

/** fmt.pad/padString: width counts runes, not bytes. */
export function pad(p: Printer, s: string): void {
  if (!p.f.widPresent || p.f.wid === 0) {
    p.buf += s;
    return;
  }
  const width = p.f.wid - runeCount(s);
  if (p.f.minus) {
    p.buf += s;
    writePadding(p, width);
  } else {
    writePadding(p, width);
    p.buf += s;
  }
}

/** Pads `s` with zero padding switched off (fmtInteger, fmtUnicode, Inf/NaN). */
function padNoZero(p: Printer, s: string): void {
  const zero = p.f.zero;
  p.f.zero = false;
  pad(p, s);
  p.f.zero = zero;
}

/** fmt.fmtS: a string truncated to the precision in runes. */
export function fmtS(p: Printer, s: string): void {
  pad(p, truncate(p, s));
}

/** fmt.fmtQ: %q of a string, backquoted with #, ASCII-only with +. */
export function fmtQ(p: Printer, s: string): void {
  const t = truncate(p, s);
  if (p.f.sharp && canBackquote(t)) pad(p, `\`${t}\``);
  else pad(p, goQuote(t, p.f.plus));
}

/** fmt.fmtSbx: %x/%X of a string's UTF-8 bytes. */
export function fmtSx(p: Printer, s: string, upper: boolean): void {
  const digits = upper ? '0123456789ABCDEFX' : '0123456789abcdefx';
  const bytes = new TextEncoder().encode(s);
  const length = p.f.precPresent && p.f.prec < bytes.length ? p.f.prec : bytes.length;
  let width = 2 * length;
  if (width <= 0) {
    if (p.f.widPresent) writePadding(p, p.f.wid);
    return;
  }
  if (p.f.space) width = (p.f.sharp ? width * 2 : width) + length - 1;
  else if (p.f.sharp) width += 2;
  if (p.f.widPresent && p.f.wid > width && !p.f.minus) writePadding(p, p.f.wid - width);
  const prefix = `0${digits[16]}`;
  let out = p.f.sharp ? prefix : '';
  for (let i = 0; i < length; i++) {
    if (p.f.space && i > 0) out += p.f.sharp ? ` ${prefix}` : ' ';
    const c = bytes[i] as number;
    out += (digits[c >> 4] as string) + (digits[c & 0xf] as string);
  }
  p.buf += out;
  if (p.f.widPresent && p.f.wid > width && p.f.minus) writePadding(p, p.f.wid - width);
}

/** fmt.fmtInteger: `u` is the uint64 bit pattern; signed values print their sign. */
export function fmtInteger(p: Printer, u: bigint, base: number, verb: string, upper: boolean): void {
  const f = p.f;
  const negative = BigInt.asIntN(64, u) < 0n;
  const magnitude = negative ? -BigInt.asIntN(64, u) : u;
  let prec = 0;
  if (f.precPresent) {
    prec = f.prec;
    // Precision 0 and value 0 print nothing but the padding.
    if (prec === 0 && magnitude === 0n) {
      const zero = f.zero;
      f.zero = false;
      writePadding(p, f.wid);
      f.zero = zero;
      return;
    }
  } else if (f.zero && !f.minus && f.widPresent) {
    prec = negative || f.plus || f.space ? f.wid - 1 : f.wid;
  }
  let digits = magnitude.toString(base);
  if (upper) digits = digits.toUpperCase();
  digits = digits.padStart(prec, '0');
  if (f.sharp) {
    if (base === 2) digits = `0b${digits}`;
    else if (base === 8 && digits[0] !== '0') digits = `0${digits}`;
    else if (base === 16) digits = `0${upper ? 'X' : 'x'}${digits}`;
  }
  if (verb === 'O') digits = `0o${digits}`;
  const sign = negative ? '-' : f.plus ? '+' : f.space ? ' ' : '';
  padNoZero(p, sign + digits);
}

/** fmt.fmtUnicode: U+0078, or U+0078 'x' with #. */
export function fmtUnicode(p: Printer, u: bigint): void {
  const prec = p.f.precPresent && p.f.prec > 4 ? p.f.prec : 4;
  let s = `U+${u.toString(16).toUpperCase().padStart(prec, '0')}`;
  if (p.f.sharp && u <= MAX_RUNE && isPrint(Number(u))) s += ` '${String.fromCodePoint(Number(u))}'`;
  padNoZero(p, s);
}

/** fmt.fmtC: the rune, U+FFFD when not valid Unicode. */
export function fmtC(p: Printer, u: bigint): void {
  pad(p, String.fromCodePoint(validRune(u)));
}

/** fmt.fmtQc: a quoted rune literal. */
export function fmtQc(p: Printer, u: bigint): void {
  pad(p, goQuoteRune(u > MAX_RUNE ? RUNE_ERROR : Number(u), p.f.plus));
}

function validRune(u: bigint): number {
  const r = Number(u);
  return u > MAX_RUNE || (r >= 0xd800 && r <= 0xdfff) ? RUNE_ERROR : r;
}

/** fmt.fmtFloat: strconv text plus sign, # and zero-padding rules. */
export function fmtFloat(p: Printer, v: number, verb: FloatFormat, defaultPrec: number): void {
  const f = p.f;
  const prec = f.precPresent ? f.prec : defaultPrec;
  let num = formatFloat(v, verb, prec);
  if (num[0] !== '-' && num[0] !== '+') num = `+${num}`;
  if (f.space && num[0] === '+' && !f.plus) num = ` ${num.slice(1)}`;
  if (num[1] === 'I' || num[1] === 'N') {
    padNoZero(p, num[1] === 'N' && !f.space && !f.plus ? num.slice(1) : num);
    return;
  }
  if (f.sharp && verb !== 'b') num = keepPoint(num, verb, prec);
  if (f.plus || num[0] !== '+') {
    if (f.zero && !f.minus && f.widPresent && f.wid > num.length) {
      p.buf += num[0];
      writePadding(p, f.wid - num.length);
      p.buf += num.slice(1);
      return;
    }
    pad(p, num);
    return;
  }
  pad(p, num.slice(1));
}

// The # flag forces a decimal point and keeps trailing zeros (%#g prints prec significant digits).
function keepPoint(signed: string, verb: FloatFormat, prec: number): string {
  let digits = verb === 'g' || verb === 'G' || verb === 'x' ? (prec === -1 ? 6 : prec) : 0;
  let num = signed;
  let tail = '';
  let hasDecimalPoint = false;
  let sawNonzeroDigit = false;
  for (let i = 1; i < num.length; i++) {
    const c = num[i] as string;
    if (c === '.') hasDecimalPoint = true;
    else if (c === 'p' || c === 'P' || ((c === 'e' || c === 'E') && verb !== 'x' && verb !== 'X')) {
      tail = num.slice(i);
      num = num.slice(0, i);
    } else {
      if (c !== '0') sawNonzeroDigit = true;
      if (sawNonzeroDigit) digits--;
    }
  }
  if (!hasDecimalPoint) {
    if (num.length === 2 && num[1] === '0') digits--;
    num += '.';
  }
  return num + '0'.repeat(Math.max(digits, 0)) + tail;
}

function truncate(p: Printer, s: string): string {
  if (!p.f.precPresent) return s;
  let n = p.f.prec;
  let i = 0;
  for (const ch of s) {
    if (n-- <= 0) return s.slice(0, i);
    i += ch.length;
  }
  return s;
}

function runeCount(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}
