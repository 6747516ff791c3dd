// (*big.Int).Format in src/math/big/intconv.go: the digits, sign, base prefix and padding for integers
// beyond int64, which OPA's sprintf passes as *big.Int.
import type { Printer } from './go-fmt.js';

/** (*big.Int).Format: fmt hands a *big.Int every verb but %T and %p. */
export function formatBigInt(p: Printer, x: bigint, verb: string): void {
  const base = { b: 2, o: 8, O: 8, d: 10, s: 10, v: 10, x: 16, X: 16 }[verb];
  if (base === undefined) {
    // %p prints a pointer and %w a struct dump in Go; neither has a stable text, so both get this form.
    p.buf += `%!${verb}(big.Int=${x})`;
    return;
  }
  const f = p.f;
  const sign = x < 0n ? '-' : f.plus || f.plusV ? '+' : f.space ? ' ' : '';
  let prefix = '';
  if (f.sharp || f.sharpV) prefix = { b: '0b', o: '0', x: '0x', X: '0X' }[verb] ?? '';
  if (verb === 'O') prefix = '0o';
  let digits = (x < 0n ? -x : x).toString(base);
  if (verb === 'X') digits = digits.toUpperCase();
  let zeros = 0;
  if (f.precPresent) {
    if (digits.length < f.prec) zeros = f.prec - digits.length;
    else if (digits === '0' && f.prec === 0) return;
  }
  const length = sign.length + prefix.length + zeros + digits.length;
  let left = 0;
  let right = 0;
  if (f.widPresent && length < f.wid) {
    const d = f.wid - length;
    if (f.minus) right = d;
    else if (f.zero && !f.precPresent) zeros = d;
    else left = d;
  }
  p.buf += `${' '.repeat(left)}${sign}${prefix}${'0'.repeat(zeros)}${digits}${' '.repeat(right)}`;
}
