// Go's time.Parse(time.RFC3339, s) and time.ParseDuration(s) (src/time/format.go, format_rfc3339.go) as
// OPA's time builtins call them, returning nanoseconds; undefined where OPA returns an error.
import { daysIn, goDate, inNanoRange } from './go-time.js';

const UNITS: Record<string, bigint> = {
  ns: 1n,
  us: 1_000n,
  µs: 1_000n, // U+00B5 micro sign
  μs: 1_000n, // U+03BC Greek mu
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
  // OPA 1.22.2 also takes days, weeks and 365-day years (native: "1.5d" is 129600000000000).
  d: 86_400_000_000_000n,
  w: 604_800_000_000_000n,
  y: 31_536_000_000_000_000n,
};
const MAX = 1n << 63n;

// Go tries a strict fast path, then the generic layout parser, which also takes a one-digit hour, a
// comma before the fraction and offsets up to ±24:60; this is the latter.
/** time.Parse(time.RFC3339, s) as Unix nanoseconds. */
export function parseRfc3339(s: string): bigint | undefined {
  const m = /^(.{4})-(\d\d)-(\d\d)T(\d\d?):(\d\d):(\d\d)(?:[.,](\d+))?(Z|[+-]\d\d:\d\d)$/.exec(s);
  if (!m) return undefined;
  const [, y = '', mo, d, h, mi, se, fraction = '', zone = 'Z'] = m;
  // stdLongYear is atoi of four bytes: an optional sign and digits.
  if (!/^[+-]?\d+$/.test(y)) return undefined;
  const [year, month, day, hour, min, sec] = [y, mo, d, h, mi, se].map(Number) as number[];
  if (month < 1 || month > 12 || hour > 23 || min > 59 || sec > 59) return undefined;
  if (day < 1 || day > daysIn(month, year)) return undefined;
  // Fractions keep their first nine digits, truncated.
  const nsec = Number(fraction.slice(0, 9).padEnd(9, '0'));
  let offset = 0;
  if (zone !== 'Z') {
    const [hh, mm] = [Number(zone.slice(1, 3)), Number(zone.slice(4, 6))];
    if (hh > 24 || mm > 60) return undefined;
    offset = (zone[0] === '-' ? -1 : 1) * (hh * 60 + mm) * 60;
  }
  const ns = goDate({ year, month, day, hour, min, sec, nsec }, 'UTC') - BigInt(offset) * 1_000_000_000n;
  return inNanoRange(ns) ? ns : undefined;
}

/** time.ParseDuration plus d, w and y units: "1h2m3.5s", "-1.5d", "300ms"; fractions go through float64 as in Go. */
export function parseDuration(text: string): bigint | undefined {
  let s = text;
  let negative = false;
  if (s[0] === '-' || s[0] === '+') {
    negative = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return 0n;
  if (s === '') return undefined;
  let total = 0n;
  while (s !== '') {
    const m = /^(\d*)(?:\.(\d*))?/.exec(s) as RegExpExecArray;
    const [whole, intDigits = '', fracDigits] = m;
    if (intDigits === '' && !fracDigits) return undefined;
    let v = intDigits === '' ? 0n : BigInt(intDigits);
    if (v > MAX) return undefined;
    s = s.slice(whole.length);
    const unitLength = s.search(/[.\d]/);
    const unitText = unitLength < 0 ? s : s.slice(0, unitLength);
    const unit = UNITS[unitText];
    if (unit === undefined) return undefined;
    s = s.slice(unitText.length);
    if (v > MAX / unit) return undefined;
    v *= unit;
    const { f, scale } = leadingFraction(fracDigits ?? '');
    if (f > 0n) {
      v += BigInt(Math.trunc(Number(f) * (Number(unit) / scale)));
      if (v > MAX) return undefined;
    }
    total += v;
    if (total > MAX) return undefined;
  }
  if (negative) return -total;
  return total > MAX - 1n ? undefined : total;
}

// leadingFraction: digits accumulate until the value would pass 2^63, then precision stops growing.
function leadingFraction(digits: string): { f: bigint; scale: number } {
  let f = 0n;
  let scale = 1;
  for (const c of digits) {
    if (f > (MAX - 1n) / 10n) break;
    const next = f * 10n + BigInt(c);
    if (next > MAX) break;
    f = next;
    scale *= 10;
  }
  return { f, scale };
}
