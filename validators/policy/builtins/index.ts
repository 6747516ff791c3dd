import { sprintf } from './sprintf.js';

export { RAW, type RawJson, rawJson, resultJson } from './raw-json.js';

/** One argument of a host builtin call, as the wasm gives it. */
export interface BuiltinArg {
  /** JSON form (opa_json_dump): sets become arrays, numbers become JS numbers. */
  json(): unknown;
  /** Rego text form (opa_value_dump): sets as {"a", "b"} / set(), original number text (100.0, 1e20, 12345678901234567890), non-string keys. */
  rego(): string;
}

/**
 * A host builtin: returns a JSON-serialisable value, or `undefined` for "undefined" (as OPA does when a
 * builtin errors in non-strict mode). Results may contain RawJson markers (exact number text); the host
 * writes a result with `resultJson`.
 */
export type HostBuiltin = (args: BuiltinArg[]) => unknown;

/** Every builtin the host implements, by OPA name; `clock` gives time.now_ns and should be fixed per evaluation. */
export function createHostBuiltins(clock: () => bigint = wallClockNs): Record<string, HostBuiltin> {
  void clock;
  return { sprintf };
}

/** Every builtin the host implements, by OPA name, reading the wall clock. */
export const hostBuiltins: Record<string, HostBuiltin> = createHostBuiltins();

function wallClockNs(): bigint {
  return BigInt(Date.now()) * 1_000_000n;
}
