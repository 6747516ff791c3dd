import { type ExprCase, testAgainstNative } from './test-native.js';

const valid = [
  '1.0.0',
  'v1.2.3',
  '0.0.0',
  '1.0.0-0',
  '1.0.0-0a',
  '1.0.0-a.b+c.d',
  '1.0.0--',
  '1.0.0+-',
  '1.0.0+build.01',
];
const invalid = [
  '01.0.0',
  '1.01.0',
  '1.0.01',
  '1.0.0-00',
  '1.0.0-01',
  '1.0.0-',
  '1.0.0+',
  '1.0.0+a+b',
  'V1.0.0',
  'vv1.0.0',
];
const edge = [
  '1.0',
  '1.2.3.4',
  '-1.0.0',
  ' 1.0.0',
  '1.0.0 ',
  '9223372036854775807.0.0',
  '9223372036854775808.0.0',
  '1.0.0-a_b',
  '1.0.0-é',
  '',
];
// Not here: two numeric pre-release identifiers beyond int64 that differ, e.g. 1.0.0-99999999999999999999
// vs 1.0.0-100000000000000000000. Native OPA 1.22.2 never returns (Atoi clamps both, then its loop runs
// past the last identifier); we answer by value as SemVer says.
const pairs = [
  ['1.0.0', '2.0.0'],
  ['2.0.0', '10.0.0'],
  ['1.2.3', 'v1.2.3'],
  ['1.0.0-alpha', '1.0.0-alpha.1'],
  ['1.0.0-alpha.1', '1.0.0-alpha.beta'],
  ['1.0.0-beta.11', '1.0.0-beta.2'],
  ['1.0.0-rc.1', '1.0.0'],
  ['1.0.0-a', '1.0.0-B'],
  ['1.0.0-1', '1.0.0-a'],
  ['1.0.0+x', '1.0.0+y'],
  ['1.0.0-99999999999999999999', '1.0.0-100'],
  ['1.0.0-a.b.c', '1.0.0-a.b'],
  ['bad', '1.0.0'],
  ['1.0.0', 'bad'],
];

const cases: ExprCase[] = [
  ...[...valid, ...invalid, ...edge].map((v) => ({
    name: `is_valid ${JSON.stringify(v)}`,
    expr: `semver.is_valid(${JSON.stringify(v)})`,
  })),
  { name: 'is_valid of a number', expr: 'semver.is_valid(input.n)' },
  ...pairs.map(([a, b]) => ({
    name: `compare ${a} ${b}`,
    expr: `semver.compare(${JSON.stringify(a)}, ${JSON.stringify(b)})`,
  })),
];

testAgainstNative(cases, '{"n": 1}');
