// The parts of Go's time package the time builtins need: locations (time.LoadLocation, via the IANA data
// in Intl), civil fields of an instant (Date, Clock, Weekday) and time.Date's normalisation.

/** A loaded location: an IANA name, or "UTC". */
export type Zone = string;

/** An instant in a location; `ns` is Unix nanoseconds. */
export interface ZonedTime {
  ns: bigint;
  zone: Zone;
}

/** Civil fields of a time in its location (Go's Date, Clock and Weekday, 0 = Sunday). */
export interface Civil {
  year: number;
  month: number;
  day: number;
  hour: number;
  min: number;
  sec: number;
  nsec: number;
  weekday: number;
}

const NS_PER_SEC = 1_000_000_000n;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const formatters = new Map<Zone, Intl.DateTimeFormat>();

/** time.LoadLocation as tzTime calls it: "" and "UTC" are UTC, "Local" the process zone; undefined if unknown. */
export function loadLocation(name: string): Zone | undefined {
  if (name === '' || name === 'UTC') return 'UTC';
  if (name === 'Local') return new Intl.DateTimeFormat().resolvedOptions().timeZone;
  // Go reads tzdata files by exact name; Intl also takes offsets and any letter case, Go does not.
  if (/^[+-]/.test(name)) return undefined;
  try {
    const resolved = formatter(name).resolvedOptions().timeZone;
    return resolved !== name && resolved.toLowerCase() === name.toLowerCase() ? undefined : name;
  } catch {
    return undefined;
  }
}

/** The zone's UTC offset in seconds at a Unix second. */
export function offsetAt(zone: Zone, unixSec: number): number {
  if (zone === 'UTC') return 0;
  const parts = Object.fromEntries(
    formatter(zone)
      .formatToParts(unixSec * 1000)
      .map((p) => [p.type, p.value]),
  );
  const wall = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
  return wall / 1000 - unixSec;
}

/** Civil fields of `t` in its location. */
export function civil(t: ZonedTime): Civil {
  const sec = Number(floorDiv(t.ns, NS_PER_SEC));
  const nsec = Number(t.ns - BigInt(sec) * NS_PER_SEC);
  const local = sec + offsetAt(t.zone, sec);
  const days = Math.floor(local / 86400);
  const secOfDay = local - days * 86400;
  const { year, month, day } = civilFromDays(days);
  return {
    year,
    month,
    day,
    hour: Math.floor(secOfDay / 3600),
    min: Math.floor((secOfDay % 3600) / 60),
    sec: secOfDay % 60,
    nsec,
    // 1970-01-01 was a Thursday.
    weekday: (((days + 4) % 7) + 7) % 7,
  };
}

/** time.Date(year, month, day, hour, min, sec, nsec, loc): out-of-range fields carry over; Unix ns. */
export function goDate(c: Omit<Civil, 'weekday'>, zone: Zone): bigint {
  const [year, month0] = norm(c.year, c.month - 1, 12);
  const [secs, nsec] = norm(c.sec, c.nsec, 1e9);
  const [mins, sec] = norm(c.min, secs, 60);
  const [hours, min] = norm(c.hour, mins, 60);
  const [day, hour] = norm(c.day, hours, 24);
  const wall = (daysFromCivil(year, month0 + 1, 1) + day - 1) * 86400 + hour * 3600 + min * 60 + sec;
  // Look the offset up at the wall time taken as UTC, then again at the corrected instant if it differs.
  let offset = offsetAt(zone, wall);
  if (offset !== 0) {
    const second = offsetAt(zone, wall - offset);
    if (second !== offset) offset = second;
  }
  return BigInt(wall - offset) * NS_PER_SEC + BigInt(nsec);
}

/** Days in a month of a year (1-based month). */
export function daysIn(month: number, year: number): number {
  return (
    daysFromCivil(month === 12 ? year + 1 : year, month === 12 ? 1 : month + 1, 1) -
    daysFromCivil(year, month, 1)
  );
}

/** Whether Unix ns fit Go's UnixNano (toSafeUnixNano's range check). */
export function inNanoRange(ns: bigint): boolean {
  return ns >= INT64_MIN && ns <= INT64_MAX;
}

function formatter(zone: Zone): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, f);
  }
  return f;
}

// Go's norm: moves whole multiples of base from lo into hi so that 0 <= lo < base.
function norm(hi: number, lo: number, base: number): [number, number] {
  const carry = Math.floor(lo / base);
  return [hi + carry, lo - carry * base];
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b < 0n ? q - 1n : q;
}

// Howard Hinnant's days_from_civil / civil_from_days (proleptic Gregorian, as Go).
function daysFromCivil(y0: number, m: number, d: number): number {
  const y = m <= 2 ? y0 - 1 : y0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(z0: number): { year: number; month: number; day: number } {
  const z = z0 + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const month = mp + (mp < 10 ? 3 : -9);
  return {
    year: yoe + era * 400 + (month <= 2 ? 1 : 0),
    month,
    day: doy - Math.floor((153 * mp + 2) / 5) + 1,
  };
}
