import { cryptoMd5, cryptoSha1, cryptoSha256 } from './crypto.js';
import { jsonMarshalWithOptions } from './json.js';
import { regexFindN, regexReplace, regexSplit } from './regex.js';
import type { RegoValue } from './rego-value.js';
import { semverCompare, semverIsValid } from './semver.js';
import { sprintf } from './sprintf.js';
import { anyPrefixMatch, anySuffixMatch, stringsCount } from './strings.js';
import {
  timeAddDate,
  timeClock,
  timeDate,
  timeDiff,
  timeNowNs,
  timeParseDurationNs,
  timeParseRfc3339Ns,
  timeWeekday,
} from './time.js';
import { unitsParse, unitsParseBytes } from './units.js';
import { yamlIsValid, yamlMarshal, yamlUnmarshal } from './yaml.js';

export { RAW, type RawJson, rawJson, resultJson } from './raw-json.js';

/** One argument of a host builtin call, as the wasm gives it. */
export interface BuiltinArg {
  /** JSON form (opa_json_dump): sets become arrays, numbers become JS numbers. */
  json(): unknown;
  /** Rego text form (opa_value_dump): sets as {"a", "b"} / set(), original number text (100.0, 1e20, 12345678901234567890), non-string keys. */
  rego(): string;
  /** The value parsed from its Rego text form (read directly from module memory where the host can). */
  value(): RegoValue;
}

// Results may hold RawJson markers (exact number text such as int64 nanoseconds): the host writes a
// result for opa_json_parse with `resultJson`, never JSON.stringify.
/** A host builtin: returns a JSON-serialisable value (RawJson allowed), or `undefined` for "undefined" (as OPA does when a builtin errors in non-strict mode). */
export type HostBuiltin = (args: BuiltinArg[]) => unknown;

// OPA reads the clock once per query (BuiltinContext.Time), so the host passes one fixed per evaluation.
/** Every builtin the host implements, by OPA name; `clock` gives time.now_ns in Unix nanoseconds. */
export function createHostBuiltins(clock: () => bigint = wallClockNs): Record<string, HostBuiltin> {
  return {
    sprintf,
    'strings.any_prefix_match': anyPrefixMatch,
    'strings.any_suffix_match': anySuffixMatch,
    'strings.count': stringsCount,
    'regex.find_n': regexFindN,
    'regex.split': regexSplit,
    'regex.replace': regexReplace,
    'units.parse_bytes': unitsParseBytes,
    'units.parse': unitsParse,
    'semver.is_valid': semverIsValid,
    'semver.compare': semverCompare,
    'time.now_ns': timeNowNs(clock),
    'time.parse_rfc3339_ns': timeParseRfc3339Ns,
    'time.parse_duration_ns': timeParseDurationNs,
    'time.date': timeDate,
    'time.clock': timeClock,
    'time.weekday': timeWeekday,
    'time.add_date': timeAddDate,
    'time.diff': timeDiff,
    'crypto.md5': cryptoMd5,
    'crypto.sha1': cryptoSha1,
    'crypto.sha256': cryptoSha256,
    'yaml.is_valid': yamlIsValid,
    'yaml.unmarshal': yamlUnmarshal,
    'yaml.marshal': yamlMarshal,
    'json.marshal_with_options': jsonMarshalWithOptions,
  };
}

/** Every builtin the host implements, by OPA name, with time.now_ns reading the wall clock. */
export const hostBuiltins: Record<string, HostBuiltin> = createHostBuiltins();

function wallClockNs(): bigint {
  return BigInt(Date.now()) * 1_000_000n;
}
