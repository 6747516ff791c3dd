import type { RegoValue } from './rego-value.js';

// OPA's sort order of value kinds: ast.Compare in v1/ast/compare.go (null < boolean < number < string
// < var < ref < array < object < set); vars and refs never reach a builtin.
const KIND_ORDER: Record<RegoValue['kind'], number> = {
  null: 0,
  boolean: 1,
  number: 2,
  string: 3,
  array: 6,
  object: 7,
  set: 8,
};

/** OPA's ast.Compare: the order Go uses for object keys and set elements in String() and sorting. */
export function compareRego(a: RegoValue, b: RegoValue): number {
  if (a.kind !== b.kind) return KIND_ORDER[a.kind] - KIND_ORDER[b.kind];
  switch (a.kind) {
    case 'null':
      return 0;
    case 'boolean':
      return Number(a.value) - Number((b as typeof a).value);
    case 'number':
      return compareNumberText(a.text, (b as typeof a).text);
    case 'string':
      return compareCodePoints(a.value, (b as typeof a).value);
    case 'array':
      return compareLists(a.items, (b as typeof a).items);
    case 'set':
      return compareLists(sortRego(a.items), sortRego((b as typeof a).items));
    case 'object':
      return compareObjects(a.entries, (b as typeof a).entries);
  }
}

/** A sorted copy of `values` in ast.Compare order. */
export function sortRego(values: RegoValue[]): RegoValue[] {
  return [...values].sort(compareRego);
}

/** Object entries sorted by key in ast.Compare order. */
export function sortEntries(entries: Array<[RegoValue, RegoValue]>): Array<[RegoValue, RegoValue]> {
  return [...entries].sort((x, y) => compareRego(x[0], y[0]));
}

// Arrays and sets compare element by element, then by length (termSliceCompare).
function compareLists(a: RegoValue[], b: RegoValue[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const c = compareRego(a[i] as RegoValue, b[i] as RegoValue);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

// Objects compare key, then value, pair by pair in key order, then by size (object.Compare).
function compareObjects(a: Array<[RegoValue, RegoValue]>, b: Array<[RegoValue, RegoValue]>): number {
  const x = sortEntries(a);
  const y = sortEntries(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const [ka, va] = x[i] as [RegoValue, RegoValue];
    const [kb, vb] = y[i] as [RegoValue, RegoValue];
    const c = compareRego(ka, kb) || compareRego(va, vb);
    if (c !== 0) return c;
  }
  return x.length - y.length;
}

/** Go compares strings by UTF-8 bytes, which is code point order; JS `<` compares UTF-16 units. */
export function compareCodePoints(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const ca = a.codePointAt(i) as number;
    const cb = b.codePointAt(j) as number;
    if (ca !== cb) return ca - cb;
    i += ca > 0xffff ? 2 : 1;
    j += cb > 0xffff ? 2 : 1;
  }
  return a.length - i - (b.length - j);
}

interface Decimal {
  sign: number;
  digits: string; // no leading or trailing zeros; empty for zero
  exponent: number; // value = 0.digits × 10^exponent
}

// Numbers compare by exact value, as ast.Compare does with big.Rat: 1 == 1.0 == 1e0.
function compareNumberText(a: string, b: string): number {
  const x = toDecimal(a);
  const y = toDecimal(b);
  if (x.sign !== y.sign) return x.sign - y.sign;
  if (x.sign === 0) return 0;
  const magnitude = x.exponent !== y.exponent ? x.exponent - y.exponent : compareDigits(x.digits, y.digits);
  return x.sign * Math.sign(magnitude);
}

function compareDigits(a: string, b: string): number {
  const width = Math.max(a.length, b.length);
  const x = a.padEnd(width, '0');
  const y = b.padEnd(width, '0');
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Splits decimal number text into sign, significant digits and exponent. */
export function toDecimal(text: string): Decimal {
  const match = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!match) throw new SyntaxError(`not a number: ${text}`);
  const [, sign = '', whole = '', fraction = '', exp = '0'] = match;
  const all = whole + fraction;
  const lead = all.search(/[1-9]/);
  if (lead < 0) return { sign: 0, digits: '', exponent: 0 };
  const digits = all.slice(lead).replace(/0+$/, '');
  return { sign: sign === '-' ? -1 : 1, digits, exponent: whole.length - lead + Number(exp) };
}
