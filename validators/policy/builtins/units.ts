// units.parse_bytes (v1/topdown/parse_bytes.go) and units.parse (parse_units.go). Results are exact
// number text: parse_bytes rounds like big.Float (64-bit mantissa), parse computes with big.Rat.
import type { HostBuiltin } from './index.js';
import { asString, operands } from './operands.js';
import { exactInteger, rawJson } from './raw-json.js';

const KI = 1n << 10n;
const K = 1000n;
// parse_bytes.go's switch on the lower-cased unit.
const BYTE_UNITS: Record<string, bigint> = {
  '': 1n,
  ...Object.fromEntries(
    ['k', 'm', 'g', 't', 'p', 'e'].flatMap((u, i) => [
      [u, K ** BigInt(i + 1)],
      [`${u}b`, K ** BigInt(i + 1)],
      [`${u}i`, KI ** BigInt(i + 1)],
      [`${u}ib`, KI ** BigInt(i + 1)],
    ]),
  ),
};
// parse_units.go's switch: upper or lower case letter, "m" alone is milli and "M" mega.
const SI_UNITS: Record<string, bigint> = {
  '': 1n,
  ...Object.fromEntries(
    ['K', 'M', 'G', 'T', 'P', 'E'].flatMap((u, i) => [
      [u, K ** BigInt(i + 1)],
      [`${u}i`, KI ** BigInt(i + 1)],
      ...(u === 'M' ? [] : [[u.toLowerCase(), K ** BigInt(i + 1)]]),
      [`${u.toLowerCase()}i`, KI ** BigInt(i + 1)],
    ]),
  ),
};
// units.parse's "m" is x.SetFloat64(0.001): the float64 nearest 0.001, as an exact fraction.
const MILLI = { num: 1152921504606847n, den: 1n << 60n };
const DECIMAL_NUMBER = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/** units.parse_bytes: "10KiB", "1.5gb", "1e3" (case-insensitive units) → whole bytes, truncated. */
export const unitsParseBytes: HostBuiltin = (args) => {
  const [v] = operands(args);
  const raw = asString(v);
  if (raw === undefined) return undefined;
  const s = raw.toLowerCase().replaceAll('"', '');
  const split = !s.includes(' ') && splitNumberAndUnit(s);
  if (!split || split.num === '') return undefined;
  const multiplier = BYTE_UNITS[split.unit];
  const value = parseDecimal(split.num);
  if (multiplier === undefined || !value) return undefined;
  // big.Float: SetString rounds to 64 bits, Mul rounds again, Int truncates toward zero.
  const parsed = roundTo64Bits(value.num, value.den);
  const product = roundTo64Bits(parsed.mant * multiplier, 1n, parsed.exp);
  const magnitude =
    product.exp >= 0 ? product.mant << BigInt(product.exp) : product.mant >> BigInt(-product.exp);
  return exactInteger(value.negative ? -magnitude : magnitude);
};

/** units.parse: SI and binary units ("m" is milli, "M" mega) → a number, decimals as FloatString(10). */
export const unitsParse: HostBuiltin = (args) => {
  const [v] = operands(args);
  const raw = asString(v);
  if (raw === undefined) return undefined;
  const s = raw.replaceAll('"', '');
  const split = !s.includes(' ') && splitNumberAndUnit(s);
  if (!split || split.num === '') return undefined;
  // Only the letters after the first are lower-cased, so that "m" and "M" stay apart.
  const unit = split.unit.length > 1 ? split.unit[0] + split.unit.slice(1).toLowerCase() : split.unit;
  const multiplier = SI_UNITS[unit];
  const factor = unit === 'm' ? MILLI : multiplier === undefined ? undefined : { num: multiplier, den: 1n };
  const value = parseDecimal(split.num);
  if (!factor || !value) return undefined;
  const num = value.num * factor.num * (value.negative ? -1n : 1n);
  const den = value.den * factor.den;
  return num % den === 0n ? exactInteger(num / den) : rawJson(floatString(num, den, 10));
};

// extractNumAndUnit: the number is the longest prefix of digits, '.', '+', '-' and e/E followed by a
// digit or sign; an exponent of more than 6 digits is an error.
function splitNumberAndUnit(s: string): { num: string; unit: string } | undefined {
  let end = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    if (!/[0-9.+-]/.test(c) && c !== 'e' && c !== 'E') {
      end = i;
      break;
    }
    if (c === 'e' || c === 'E') {
      const next = s[i + 1];
      if (next === undefined || !/[0-9+-]/.test(next)) {
        end = i;
        break;
      }
      if (next === '+' || next === '-') i++;
      const digits = /^\d*/.exec(s.slice(i + 1))?.[0].length ?? 0;
      if (digits > 6) return undefined;
    }
  }
  return { num: s.slice(0, end), unit: s.slice(end) };
}

// big.Float/big.Rat SetString of a plain decimal: the exact value as a non-negative fraction and a sign.
function parseDecimal(text: string): { negative: boolean; num: bigint; den: bigint } | undefined {
  const m = DECIMAL_NUMBER.exec(text);
  if (!m) return undefined;
  const [, sign = '', whole = '', fraction = '', exp = '0'] = m;
  if (whole === '' && fraction === '') return undefined;
  const scale = Number(exp) - fraction.length;
  const digits = BigInt(whole + fraction || '0');
  const num = scale >= 0 ? digits * 10n ** BigInt(scale) : digits;
  return { negative: sign === '-', num, den: scale >= 0 ? 1n : 10n ** BigInt(-scale) };
}

// num/den × 2^exp rounded to a 64-bit mantissa, half to even (big.Float's default rounding).
function roundTo64Bits(num: bigint, den: bigint, exp = 0): { mant: bigint; exp: number } {
  if (num === 0n) return { mant: 0n, exp: 0 };
  let e = num.toString(2).length - den.toString(2).length - 64;
  for (;;) {
    const n = e < 0 ? num << BigInt(-e) : num;
    const d = e > 0 ? den << BigInt(e) : den;
    let mant = n / d;
    if (mant >= 1n << 64n) e++;
    else if (mant < 1n << 63n) e--;
    else {
      const twice = 2n * (n % d);
      if (twice > d || (twice === d && mant % 2n === 1n)) mant++;
      return mant === 1n << 64n ? { mant: 1n << 63n, exp: e + 1 + exp } : { mant, exp: e + exp };
    }
  }
}

// big.Rat.FloatString: `prec` decimals, the last rounded half away from zero.
function floatString(num: bigint, den: bigint, prec: number): string {
  const negative = num < 0n;
  const abs = negative ? -num : num;
  const p = 10n ** BigInt(prec);
  let q = abs / den;
  let r = ((abs % den) * p) / den;
  const r2 = ((abs % den) * p) % den;
  if (2n * r2 >= den) {
    r++;
    if (r >= p) {
      q++;
      r -= p;
    }
  }
  return `${negative ? '-' : ''}${q}.${r.toString().padStart(prec, '0')}`;
}
