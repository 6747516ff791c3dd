import { expect, test } from 'vitest';
import { createHostBuiltins, resultJson } from './index.js';
import { type ExprCase, testAgainstNative } from './test-native.js';

const ns = '1700000000000000000';
const rfc3339 = [
  '2020-01-01T00:00:00Z',
  '2020-01-01T10:00:00.123456789123Z',
  '2020-01-01T10:00:00,5Z',
  '2020-01-01T1:00:00Z',
  '2020-01-01T10:00:00+05:30',
  '2020-01-01T10:00:00-24:00',
  '2020-01-01T10:00:00+24:60',
  '2020-01-01T10:00:00+25:00',
  '2020-02-29T00:00:00Z',
  '2019-02-29T00:00:00Z',
  '2020-13-01T00:00:00Z',
  '2020-01-01T24:00:00Z',
  '2020-01-01t00:00:00Z',
  '2020-01-01T00:00:00z',
  '2020-01-01T00:00:00',
  '2020-01-01 00:00:00Z',
  '1677-09-21T00:12:43.145224192Z',
  '1677-09-21T00:12:43.145224191Z',
  '2262-04-11T23:47:16.854775807Z',
  '2262-04-11T23:47:16.854775808Z',
  '1970-01-01T00:00:00.000000001Z',
];
const durations = [
  '1h2m3.5s',
  '300ms',
  '-1.5h',
  '+2m',
  '1µs',
  '1μs',
  '1us',
  '0',
  '',
  '1',
  '.5s',
  '1.s',
  '.s',
  '1d',
  '1.5d',
  '1w',
  '1y',
  '1D',
  '1mo',
  '1d1h',
  '106751d',
  '106752d',
  '1.0000000001d',
  '1h30',
  '1e3s',
  '0.1ns',
  '1.9ns',
  '2562047h47m16.854775807s',
  '2562047h47m16.854775808s',
  '-2562047h47m16.854775808s',
  '0.1234567891234567891h',
  '1h1h',
];
const zones = [
  'UTC',
  '',
  'America/New_York',
  'Asia/Kolkata',
  'Australia/Lord_Howe',
  'EST',
  'US/Eastern',
  'america/new_york',
  'Nope/Zone',
  '+05:00',
];
const instants = [
  ns,
  '0',
  '-1',
  '1e18',
  '1.5',
  '9223372036854775807',
  '-9223372036854775808',
  '9223372036854775808',
  '1699999999999999999.0',
];

const cases: ExprCase[] = [
  ...rfc3339.map((s) => ({ name: `parse_rfc3339_ns ${s}`, expr: `time.parse_rfc3339_ns("${s}")` })),
  ...durations.map((s) => ({
    name: `parse_duration_ns ${JSON.stringify(s)}`,
    expr: `time.parse_duration_ns("${s}")`,
  })),
  ...instants.flatMap((n) => [
    { name: `date ${n}`, expr: `time.date(${n})` },
    { name: `clock ${n}`, expr: `time.clock(${n})` },
    { name: `weekday ${n}`, expr: `time.weekday(${n})` },
  ]),
  ...zones.flatMap((z) => [
    { name: `date in ${JSON.stringify(z)}`, expr: `time.date([${ns}, "${z}"])` },
    { name: `clock in ${JSON.stringify(z)}`, expr: `time.clock([${ns}, "${z}"])` },
  ]),
  {
    name: 'date before 1900 in New York (LMT)',
    expr: 'time.clock([-3000000000000000000, "America/New_York"])',
  },
  { name: 'date with layout', expr: 'time.date(input.withLayout)' },
  { name: 'date with bad layout', expr: 'time.date(input.badLayout)' },
  { name: 'date of []', expr: 'time.date(input.empty)' },
  { name: 'date of a string', expr: 'time.date(input.s)' },
  { name: 'add_date', expr: `time.add_date(${ns}, 1, 2, 3)` },
  { name: 'add_date month overflow', expr: 'time.add_date(1706659200000000000, 0, 1, 0)' },
  { name: 'add_date negative', expr: `time.add_date(${ns}, -1, -13, -40)` },
  { name: 'add_date across DST', expr: 'time.add_date(input.beforeDst, 0, 0, 1)' },
  { name: 'add_date to a wall time in the DST gap', expr: 'time.add_date(input.beforeGap, 0, 0, 1)' },
  { name: 'add_date to a repeated wall time', expr: 'time.add_date(input.beforeFold, 0, 0, 1)' },
  { name: 'add_date out of range', expr: `time.add_date(${ns}, 300, 0, 0)` },
  { name: 'add_date 1.0 years', expr: `time.add_date(${ns}, input.one, 0, 0)` },
  { name: 'add_date 1.5 years', expr: `time.add_date(${ns}, input.f, 0, 0)` },
  { name: 'weekday in Kolkata', expr: 'time.weekday([1700000000000000000, "Asia/Kolkata"])' },
  { name: 'diff', expr: 'time.diff(1700000000000000000, 1600000000000000000)' },
  { name: 'diff month borrow', expr: 'time.diff(1706659200000000000, 1709251200000000000)' },
  { name: 'diff in zone', expr: 'time.diff([1700000000000000000, "Asia/Kolkata"], 1690000000000000000)' },
  { name: 'diff same', expr: 'time.diff(5, 5)' },
];

// add_date's and date's declared types take no [ns, tz, layout] literal; through input they do.
const input = {
  empty: [],
  s: 'x',
  withLayout: [1700000000000000000, 'UTC', '2006'],
  badLayout: [1700000000000000000, 'UTC', 1],
  // 2024-03-09 12:00 New York; the next day has 23 hours.
  beforeDst: [1710003600000000000, 'America/New_York'],
  // 2024-03-09 02:30 New York: 2024-03-10 02:30 does not exist.
  beforeGap: [1709969400000000000, 'America/New_York'],
  // 2024-11-02 01:30 New York: 2024-11-03 01:30 happens twice.
  beforeFold: [1730525400000000000, 'America/New_York'],
};
// JSON.stringify cannot write 1.0, which IntOperand accepts.
testAgainstNative(cases, `${JSON.stringify(input).slice(0, -1)}, "one": 1.0, "f": 1.5}`);

// time.now_ns cannot be compared with native; it must read the injected clock, exactly.
test.for([
  { name: 'small', now: 5n, json: '5' },
  { name: 'beyond 2^53', now: 1700000000123456789n, json: '1700000000123456789' },
])('time.now_ns reads the clock: $name', ({ now, json }) => {
  const builtins = createHostBuiltins(() => now);
  expect(resultJson(builtins['time.now_ns']?.([]))).toBe(json);
});
