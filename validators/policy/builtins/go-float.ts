// Go's strconv.FormatFloat(v, fmt, prec, 64) (src/strconv/ftoa.go). JS toFixed/toExponential round
// halves away from zero and cap the digit count; Go rounds the exact binary value half to even.

/** A strconv.FormatFloat format byte. */
export type FloatFormat = 'b' | 'e' | 'E' | 'f' | 'g' | 'G' | 'x' | 'X';

/** Decimal digits without leading or trailing zeros: value = 0.d × 10^dp (Go's decimalSlice). */
interface Digits {
  d: string;
  dp: number;
}

const MANT_BITS = 52n;
const MASK64 = (1n << 64n) - 1n;

/** strconv.FormatFloat for a float64; `prec` -1 means the shortest text that reads back exactly. */
export function formatFloat(v: number, fmt: FloatFormat, prec: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '+Inf' : '-Inf';
  const { neg, mant, exp } = decompose(v);
  if (fmt === 'b') return fmtB(neg, mant, exp);
  if (fmt === 'x' || fmt === 'X') return fmtX(prec, fmt, neg, mant, exp);
  if (prec < 0) {
    const digs = shortestDigits(Math.abs(v));
    const shortestPrec =
      fmt === 'e' || fmt === 'E' ? digs.d.length - 1 : fmt === 'f' ? digs.d.length - digs.dp : digs.d.length;
    return formatDigits(true, neg, digs, Math.max(shortestPrec, 0), fmt);
  }
  let digs = exactDigits(mant, exp - Number(MANT_BITS));
  if (fmt === 'e' || fmt === 'E') digs = round(digs, prec + 1);
  else if (fmt === 'f') digs = round(digs, digs.dp + prec);
  else {
    if (prec === 0) prec = 1;
    digs = round(digs, prec);
  }
  return formatDigits(false, neg, digs, prec, fmt);
}

function decompose(v: number): { neg: boolean; mant: bigint; exp: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, v);
  const bits = view.getBigUint64(0);
  const biased = Number((bits >> MANT_BITS) & 0x7ffn);
  let mant = bits & ((1n << MANT_BITS) - 1n);
  if (biased !== 0) mant |= 1n << MANT_BITS;
  return { neg: bits >> 63n === 1n, mant, exp: (biased === 0 ? 1 : biased) - 1023 };
}

// JS Number→String yields the shortest round-tripping digits, closest to the exact value, as Go's Ryu does.
function shortestDigits(x: number): Digits {
  if (x === 0) return { d: '', dp: 0 };
  const [mantissa = '', e = '0'] = String(x).split('e');
  const [whole = '', fraction = ''] = mantissa.split('.');
  const all = whole + fraction;
  const lead = all.search(/[1-9]/);
  return { d: all.slice(lead).replace(/0+$/, ''), dp: whole.length - lead + Number(e) };
}

// The exact decimal expansion of mant × 2^e2.
function exactDigits(mant: bigint, e2: number): Digits {
  if (mant === 0n) return { d: '', dp: 0 };
  const n = e2 >= 0 ? mant << BigInt(e2) : mant * 5n ** BigInt(-e2);
  const s = n.toString();
  return { d: s.replace(/0+$/, ''), dp: s.length + Math.min(e2, 0) };
}

// decimal.Round(nd) in src/strconv/decimal.go: half to even on the exact digits; nd < 0 is a no-op.
function round(digs: Digits, nd: number): Digits {
  const { d, dp } = digs;
  if (nd < 0 || nd >= d.length) return digs;
  const halfway = d[nd] === '5' && nd + 1 === d.length;
  const up = halfway ? nd > 0 && Number(d[nd - 1]) % 2 === 1 : (d[nd] as string) >= '5';
  if (!up) {
    const kept = d.slice(0, nd).replace(/0+$/, '');
    return { d: kept, dp: kept === '' ? 0 : dp };
  }
  for (let i = nd - 1; i >= 0; i--) {
    if (d[i] !== '9') return { d: d.slice(0, i) + String(Number(d[i]) + 1), dp };
  }
  return { d: '1', dp: dp + 1 };
}

function formatDigits(shortest: boolean, neg: boolean, digs: Digits, prec: number, fmt: FloatFormat): string {
  if (fmt === 'e' || fmt === 'E') return fmtE(neg, digs, prec, fmt);
  if (fmt === 'f') return fmtF(neg, digs, prec);
  const nd = digs.d.length;
  let eprec = prec;
  if (eprec > nd && nd >= digs.dp) eprec = nd;
  // %e is used if the exponent is less than -4 or at least the precision (6 for shortest).
  if (shortest) eprec = 6;
  const exp = digs.dp - 1;
  if (exp < -4 || exp >= eprec) {
    return fmtE(neg, digs, Math.min(prec, nd) - 1, fmt === 'g' ? 'e' : 'E');
  }
  return fmtF(neg, digs, Math.max((prec > digs.dp ? nd : prec) - digs.dp, 0));
}

// %e: -d.ddddde±dd
function fmtE(neg: boolean, digs: Digits, prec: number, fmt: 'e' | 'E'): string {
  let out = (neg ? '-' : '') + (digs.d[0] ?? '0');
  if (prec > 0) out += `.${digs.d.slice(1, prec + 1).padEnd(prec, '0')}`;
  const exp = digs.d.length === 0 ? 0 : digs.dp - 1;
  return `${out}${fmt}${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
}

// %f: -ddddddd.ddddd
function fmtF(neg: boolean, digs: Digits, prec: number): string {
  const { d, dp } = digs;
  let out = neg ? '-' : '';
  out += dp > 0 ? d.slice(0, dp).padEnd(dp, '0') : '0';
  if (prec > 0) {
    let fraction = '';
    for (let i = 0; i < prec; i++) fraction += dp + i >= 0 ? (d[dp + i] ?? '0') : '0';
    out += `.${fraction}`;
  }
  return out;
}

// %b: -ddddddddp±ddd
function fmtB(neg: boolean, mant: bigint, exp: number): string {
  const e = exp - Number(MANT_BITS);
  return `${neg ? '-' : ''}${mant}p${e >= 0 ? '+' : ''}${e}`;
}

// %x: -0x1.yyyyyyyyp±ddd or -0x0p+00; uint64 shifts emulated with a 64-bit mask.
function fmtX(prec: number, fmt: 'x' | 'X', neg: boolean, mantissa: bigint, exponent: number): string {
  let mant = mantissa << (60n - MANT_BITS);
  let exp = mantissa === 0n ? 0 : exponent;
  while (mant !== 0n && (mant & (1n << 60n)) === 0n) {
    mant <<= 1n;
    exp--;
  }
  if (prec >= 0 && prec < 15) {
    const shift = BigInt(prec * 4);
    const extra = (mant << shift) & ((1n << 60n) - 1n);
    mant >>= 60n - shift;
    if ((extra | (mant & 1n)) > 1n << 59n) mant++;
    mant <<= 60n - shift;
    if ((mant & (1n << 61n)) !== 0n) {
      mant >>= 1n;
      exp++;
    }
  }
  const hex = fmt === 'X' ? '0123456789ABCDEF' : '0123456789abcdef';
  let out = `${neg ? '-' : ''}0${fmt}${(mant >> 60n) & 1n}`;
  mant = (mant << 4n) & MASK64;
  if ((prec < 0 && mant !== 0n) || prec > 0) {
    out += '.';
    for (let i = 0; prec < 0 ? mant !== 0n : i < prec; i++) {
      out += hex[Number((mant >> 60n) & 15n)];
      mant = (mant << 4n) & MASK64;
    }
  }
  return `${out}${fmt === 'X' ? 'P' : 'p'}${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
}
