/** Key of a RawJson marker. */
export const RAW: unique symbol = Symbol('tollgate.rawJson');

// Numbers whose text matters: int64 nanoseconds above 2^53, `0.0010000000` from units.parse.
/** A builtin result (or part of one) given as JSON text, written verbatim by `resultJson`. */
export interface RawJson {
  readonly [RAW]: string;
}

/** Marks JSON text to be passed to the wasm verbatim. */
export function rawJson(text: string): RawJson {
  // JSON.stringify ignores the symbol key; toJSON keeps a host that uses it close (the nearest double)
  // rather than writing {}. Only resultJson gives the exact text.
  return Object.defineProperty({ [RAW]: text }, 'toJSON', { value: () => JSON.parse(text) });
}

/** An exact integer as a JSON number: a plain number when it is safe, raw text otherwise. */
export function exactInteger(n: bigint): number | RawJson {
  return n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER)
    ? Number(n)
    : rawJson(`${n}`);
}

/** The JSON text of a HostBuiltin result for opa_json_parse, with RawJson parts spliced in as written. */
export function resultJson(value: unknown): string {
  if (value !== null && typeof value === 'object') {
    if (RAW in value) return (value as RawJson)[RAW];
    if (Array.isArray(value)) return `[${value.map(resultJson).join(',')}]`;
    const members = Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}:${resultJson(v)}`);
    return `{${members.join(',')}}`;
  }
  const text = JSON.stringify(value);
  if (text === undefined) throw new TypeError(`builtin result is not JSON: ${String(value)}`);
  return text;
}
