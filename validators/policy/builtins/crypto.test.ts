import { type ExprCase, testAgainstNative } from './test-native.js';

const cases: ExprCase[] = ['md5', 'sha1', 'sha256'].flatMap((alg) => [
  { name: `${alg} ascii`, expr: `crypto.${alg}("hello")` },
  { name: `${alg} empty`, expr: `crypto.${alg}("")` },
  { name: `${alg} unicode`, expr: `crypto.${alg}("ünïcödé 😀")` },
  { name: `${alg} non-string`, expr: `crypto.${alg}(input.n)` },
]);

testAgainstNative(cases, '{"n": 1}');
