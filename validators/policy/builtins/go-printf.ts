// Go's fmt.Sprintf (src/fmt/print.go: doPrintf, printArg, badVerb) over the four types OPA's sprintf
// passes: int, *big.Int, float64 and string (OPA v1.17.1, gatekeeper v3.23.1: Number.Int() gives a Go int, so %T is `int`).

import { formatBigInt } from './go-bigint.js';
import {
  clearFlags,
  fmtC,
  fmtFloat,
  fmtInteger,
  fmtQ,
  fmtQc,
  fmtS,
  fmtSx,
  fmtUnicode,
  type Printer,
} from './go-fmt.js';

/** A Go value as OPA's builtinSprintf hands it to fmt.Sprintf; `type` is its %T name. */
export type GoArg =
  | { type: 'int'; value: bigint }
  | { type: '*big.Int'; value: bigint }
  | { type: 'float64'; value: number }
  | { type: 'string'; value: string };

/** fmt.Sprintf(format, args...) with Go's output byte for byte, error annotations included. */
export function goSprintf(format: string, args: GoArg[]): string {
  const p: Printer = { buf: '', f: clearFlags() };
  const end = format.length;
  let argNum = 0;
  let afterIndex = false;
  let reordered = false;
  let goodArgNum = true;

  // argNumber: an explicit [n] index at `i`, if any; returns the index after it.
  const argNumber = (i: number): number => {
    afterIndex = false;
    if (format[i] !== '[') return i;
    reordered = true;
    const { index, width, ok } = parseArgNumber(format, i);
    if (ok && index >= 0 && index < args.length) {
      argNum = index;
      afterIndex = true;
    } else {
      goodArgNum = false;
      afterIndex = ok;
    }
    return i + width;
  };

  formatLoop: for (let i = 0; i < end; ) {
    goodArgNum = true;
    const percent = format.indexOf('%', i);
    p.buf += format.slice(i, percent < 0 ? end : percent);
    if (percent < 0) break;
    i = percent + 1;
    p.f = clearFlags();
    for (; i < end; i++) {
      const c = format[i] as string;
      if (c === '#') p.f.sharp = true;
      else if (c === '0') p.f.zero = true;
      else if (c === '+') p.f.plus = true;
      else if (c === '-') p.f.minus = true;
      else if (c === ' ') p.f.space = true;
      else {
        // Fast path: flags and a lower-case verb, no width, precision or index.
        if (c >= 'a' && c <= 'z' && argNum < args.length) {
          if (c === 'v' || c === 'w') moveVFlags(p);
          printArg(p, args[argNum] as GoArg, c);
          argNum++;
          i++;
          continue formatLoop;
        }
        break;
      }
    }

    i = argNumber(i);
    if (format[i] === '*') {
      i++;
      const w = intFromArg(args, argNum);
      argNum = w.argNum;
      p.f.wid = w.num;
      p.f.widPresent = w.isInt;
      if (!w.isInt) p.buf += '%!(BADWIDTH)';
      if (p.f.wid < 0) {
        p.f.wid = -p.f.wid;
        p.f.minus = true;
        p.f.zero = false;
      }
      afterIndex = false;
    } else {
      const w = parseNum(format, i, end);
      p.f.wid = w.num;
      p.f.widPresent = w.isNum;
      i = w.next;
      if (afterIndex && p.f.widPresent) goodArgNum = false;
    }

    if (i + 1 < end && format[i] === '.') {
      i++;
      if (afterIndex) goodArgNum = false;
      i = argNumber(i);
      if (format[i] === '*') {
        i++;
        const w = intFromArg(args, argNum);
        argNum = w.argNum;
        p.f.prec = w.num;
        p.f.precPresent = w.isInt;
        if (p.f.prec < 0) {
          p.f.prec = 0;
          p.f.precPresent = false;
        }
        if (!p.f.precPresent) p.buf += '%!(BADPREC)';
        afterIndex = false;
      } else {
        const w = parseNum(format, i, end);
        p.f.prec = w.num;
        p.f.precPresent = true;
        i = w.next;
      }
    }

    if (!afterIndex) i = argNumber(i);
    if (i >= end) {
      p.buf += '%!(NOVERB)';
      break;
    }
    const verb = String.fromCodePoint(format.codePointAt(i) as number);
    i += verb.length;
    if (verb === '%') p.buf += '%';
    else if (!goodArgNum) p.buf += `%!${verb}(BADINDEX)`;
    else if (argNum >= args.length) p.buf += `%!${verb}(MISSING)`;
    else {
      if (verb === 'v' || verb === 'w') moveVFlags(p);
      printArg(p, args[argNum] as GoArg, verb);
      argNum++;
    }
  }

  if (!reordered && argNum < args.length) {
    p.f = clearFlags();
    p.buf += '%!(EXTRA ';
    args.slice(argNum).forEach((arg, k) => {
      p.buf += `${k > 0 ? ', ' : ''}${arg.type}=`;
      printArg(p, arg, 'v');
    });
    p.buf += ')';
  }
  return p.buf;
}

// %+v and %#v are their own formats: the flags move to plusV/sharpV.
function moveVFlags(p: Printer): void {
  p.f.sharpV = p.f.sharp;
  p.f.sharp = false;
  p.f.plusV = p.f.plus;
  p.f.plus = false;
}

function printArg(p: Printer, arg: GoArg, verb: string): void {
  if (verb === 'T') {
    fmtS(p, arg.type);
    return;
  }
  switch (arg.type) {
    case 'string':
      if (verb === 'v') (p.f.sharpV ? fmtQ : fmtS)(p, arg.value);
      else if (verb === 's') fmtS(p, arg.value);
      else if (verb === 'x' || verb === 'X') fmtSx(p, arg.value, verb === 'X');
      else if (verb === 'q') fmtQ(p, arg.value);
      else badVerb(p, arg, verb);
      return;
    case 'int':
      printInt(p, arg, verb);
      return;
    case 'float64':
      printFloat64(p, arg, verb);
      return;
    case '*big.Int':
      formatBigInt(p, arg.value, verb);
      return;
  }
}

function printInt(p: Printer, arg: GoArg & { type: 'int' }, verb: string): void {
  const u = BigInt.asUintN(64, arg.value);
  const base = { v: 10, d: 10, b: 2, o: 8, O: 8, x: 16, X: 16 }[verb];
  if (base !== undefined) fmtInteger(p, u, base, verb, verb === 'X');
  else if (verb === 'c') fmtC(p, u);
  else if (verb === 'q') fmtQc(p, u);
  else if (verb === 'U') fmtUnicode(p, u);
  else badVerb(p, arg, verb);
}

function printFloat64(p: Printer, arg: GoArg & { type: 'float64' }, verb: string): void {
  if (verb === 'v') fmtFloat(p, arg.value, 'g', -1);
  else if (verb === 'b' || verb === 'g' || verb === 'G' || verb === 'x' || verb === 'X') {
    fmtFloat(p, arg.value, verb, -1);
  } else if (verb === 'f' || verb === 'e' || verb === 'E') fmtFloat(p, arg.value, verb, 6);
  else if (verb === 'F') fmtFloat(p, arg.value, 'f', 6);
  else badVerb(p, arg, verb);
}

// %!verb(type=value); the value prints with %v under the same flags, as pp.badVerb does.
function badVerb(p: Printer, arg: GoArg, verb: string): void {
  p.buf += `%!${verb}(${arg.type}=`;
  printArg(p, arg, 'v');
  p.buf += ')';
}

function intFromArg(args: GoArg[], argNum: number): { num: number; isInt: boolean; argNum: number } {
  const arg = args[argNum];
  if (arg === undefined) return { num: 0, isInt: false, argNum };
  if (arg.type !== 'int' || tooLarge(Number(arg.value))) return { num: 0, isInt: false, argNum: argNum + 1 };
  return { num: Number(arg.value), isInt: true, argNum: argNum + 1 };
}

function tooLarge(x: number): boolean {
  return x > 1e6 || x < -1e6;
}

// parsenum: decimal digits from `start`; gives up (num 0, index `end`) past 1e6.
function parseNum(s: string, start: number, end: number): { num: number; isNum: boolean; next: number } {
  if (start >= end) return { num: 0, isNum: false, next: end };
  let num = 0;
  let isNum = false;
  let i = start;
  for (; i < end && (s[i] as string) >= '0' && (s[i] as string) <= '9'; i++) {
    if (tooLarge(num)) return { num: 0, isNum: false, next: end };
    num = num * 10 + Number(s[i]);
    isNum = true;
  }
  return { num, isNum, next: i };
}

// parseArgNumber: `[n]` at `at`, one-indexed; width is how much to skip (1 without a closing bracket).
function parseArgNumber(format: string, at: number): { index: number; width: number; ok: boolean } {
  if (format.length - at < 3) return { index: 0, width: 1, ok: false };
  const close = format.indexOf(']', at + 1);
  if (close < 0) return { index: 0, width: 1, ok: false };
  const n = parseNum(format, at + 1, close);
  if (!n.isNum || n.next !== close) return { index: 0, width: close - at + 1, ok: false };
  return { index: n.num - 1, width: close - at + 1, ok: true };
}
