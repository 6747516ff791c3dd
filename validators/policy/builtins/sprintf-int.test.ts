import { expect, test } from 'vitest';
import { goSprintf } from './go-printf.js';
import { parseRegoValue } from './rego-value.js';
import { toGoArg } from './sprintf.js';

// OPA v1.17.1 (embedded by gatekeeper v3.23.1) hands sprintf a Go `int` for an integer that fits int64; newer OPA
// (the .tools opa 1.22.2 the native tables use) an int64. gator's output is the truth here.
test.for([
  { format: '%T', args: ['7'], want: 'int' },
  {
    format: '%T|%T|%T|%T',
    args: ['7', '1.5', '"s"', '12345678901234567890'],
    want: 'int|float64|string|*big.Int',
  },
  { format: '%s|%s', args: ['7', '1.5'], want: '%!s(int=7)|%!s(float64=1.5)' },
  { format: '%t', args: ['-3'], want: '%!t(int=-3)' },
  { format: '%v %d %x', args: ['42', '-7', '255'], want: '42 -7 ff' },
  { format: '%*d', args: ['5', '3'], want: '    3' },
])('sprintf($format, $args) = $want', ({ format, args, want }) => {
  expect(
    goSprintf(
      format,
      args.map((a) => toGoArg(parseRegoValue(a))),
    ),
  ).toBe(want);
});
