// Time builtins the wasm leaves to the host (v1/topdown/time.go). Nanosecond results are int64 and
// pass back as exact text.
import { civil, goDate, inNanoRange, loadLocation, type ZonedTime } from './go-time.js';
import type { HostBuiltin } from './index.js';
import { asInt, asString, operands } from './operands.js';
import { exactInteger } from './raw-json.js';
import { toDecimal } from './rego-compare.js';
import type { RegoValue } from './rego-value.js';
import { parseDuration, parseRfc3339 } from './time-parse.js';

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
// Larger calendar offsets overflow Go's int arithmetic; JS numbers stop being exact well before.
const MAX_CALENDAR_STEP = 1_000_000_000n;

/** time.now_ns: the clock's reading (OPA reads the time once per query; the host fixes it per evaluation). */
export function timeNowNs(clock: () => bigint): HostBuiltin {
  return () => exactInteger(clock());
}

/** time.parse_rfc3339_ns. */
export const timeParseRfc3339Ns: HostBuiltin = (args) => {
  const [v] = operands(args);
  const text = asString(v);
  const ns = text === undefined ? undefined : parseRfc3339(text);
  return ns === undefined ? undefined : exactInteger(ns);
};

/** time.parse_duration_ns. */
export const timeParseDurationNs: HostBuiltin = (args) => {
  const [v] = operands(args);
  const text = asString(v);
  const ns = text === undefined ? undefined : parseDuration(text);
  return ns === undefined ? undefined : exactInteger(ns);
};

/** time.date: [year, month, day] of ns or [ns, tz]. */
export const timeDate: HostBuiltin = (args) => {
  const t = tzTime(operands(args)[0]);
  if (!t) return undefined;
  const c = civil(t);
  return [c.year, c.month, c.day];
};

/** time.clock: [hour, minute, second] of ns or [ns, tz]. */
export const timeClock: HostBuiltin = (args) => {
  const t = tzTime(operands(args)[0]);
  if (!t) return undefined;
  const c = civil(t);
  return [c.hour, c.min, c.sec];
};

/** time.weekday: the English day name of ns or [ns, tz]. */
export const timeWeekday: HostBuiltin = (args) => {
  const t = tzTime(operands(args)[0]);
  return t && WEEKDAYS[civil(t).weekday];
};

/** time.add_date: Go's Time.AddDate(years, months, days) in the time's location. */
export const timeAddDate: HostBuiltin = (args) => {
  const [time, ...steps] = operands(args);
  const t = tzTime(time);
  const [years, months, days] = steps.map(asInt);
  if (!t || years === undefined || months === undefined || days === undefined) return undefined;
  if ([years, months, days].some((n) => n > MAX_CALENDAR_STEP || n < -MAX_CALENDAR_STEP)) return undefined;
  const c = civil(t);
  const ns = goDate(
    { ...c, year: c.year + Number(years), month: c.month + Number(months), day: c.day + Number(days) },
    t.zone,
  );
  return inNanoRange(ns) ? exactInteger(ns) : undefined;
};

/** time.diff: [years, months, days, hours, minutes, seconds] between two times, in the first's location. */
export const timeDiff: HostBuiltin = (args) => {
  const [a, b] = operands(args).map(tzTime);
  if (!a || !b) return undefined;
  // The icza/gox algorithm in builtinDiff: both in t1's location, earlier first, then borrow.
  const [x, y] = [a, { ns: b.ns, zone: a.zone }].sort((p, q) => (p.ns < q.ns ? -1 : p.ns > q.ns ? 1 : 0));
  const c1 = civil(x as ZonedTime);
  const c2 = civil(y as ZonedTime);
  let [year, month, day] = [c2.year - c1.year, c2.month - c1.month, c2.day - c1.day];
  let [hour, min, sec] = [c2.hour - c1.hour, c2.min - c1.min, c2.sec - c1.sec];
  if (sec < 0) [sec, min] = [sec + 60, min - 1];
  if (min < 0) [min, hour] = [min + 60, hour - 1];
  if (hour < 0) [hour, day] = [hour + 24, day - 1];
  if (day < 0) {
    // Days in c1's month, as 32 - time.Date(y1, M1, 32, ...).Day().
    day +=
      32 -
      civil({
        ns: goDate({ year: c1.year, month: c1.month, day: 32, hour: 0, min: 0, sec: 0, nsec: 0 }, 'UTC'),
        zone: 'UTC',
      }).day;
    month--;
  }
  if (month < 0) [month, year] = [month + 12, year - 1];
  return [year, month, day, hour, min, sec];
};

// tzTime: a number of ns, or [ns], [ns, tz] or [ns, tz, layout]; ns must be an exact int64.
function tzTime(v: RegoValue | undefined): ZonedTime | undefined {
  let ns = v;
  let zone = 'UTC';
  if (v?.kind === 'array') {
    const [first, tz, layout] = v.items;
    if (layout !== undefined && layout.kind !== 'string') return undefined;
    ns = first;
    if (tz !== undefined) {
      const name = asString(tz);
      const loaded = name === undefined ? undefined : loadLocation(name);
      if (loaded === undefined) return undefined;
      zone = loaded;
    }
  }
  if (ns?.kind !== 'number') return undefined;
  const value = exactInt(ns.text);
  return value === undefined || !inNanoRange(value) ? undefined : { ns: value, zone };
}

// NumberToFloat(n).Int64() with big.Exact: the number's exact value must be an integer.
function exactInt(text: string): bigint | undefined {
  const d = toDecimal(text);
  if (d.sign === 0) return 0n;
  if (d.exponent < d.digits.length) return undefined;
  return BigInt(d.sign) * BigInt(d.digits) * 10n ** BigInt(d.exponent - d.digits.length);
}
