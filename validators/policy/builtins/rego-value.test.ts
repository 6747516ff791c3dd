import { expect, test } from 'vitest';
import { regoString } from './rego-string.js';
import { parseRegoValue } from './rego-value.js';

// Value-dump text in, OPA's String() form out: sorted, Go-quoted, number text kept.
test.for([
  {
    name: 'scalars',
    text: '[null, true, false, -0.0, 1e3, 12345678901234567890]',
    out: '[null, true, false, -0.0, 1e3, 12345678901234567890]',
  },
  { name: 'string escapes', text: String.raw`"a\n\u00e9\ud83d\ude00\"\\"`, out: String.raw`"a\né😀\"\\"` },
  { name: 'set in hash order', text: '{"b", "a"}', out: '{"a", "b"}' },
  { name: 'empty set and object', text: '[set(), {}]', out: '[set(), {}]' },
  { name: 'non-string keys', text: '{"k": 1, 2: [3], [1]: {"x"}}', out: '{2: [3], "k": 1, [1]: {"x"}}' },
  { name: 'whitespace', text: ' { "a" : [ 1 , 2 ] } ', out: '{"a": [1, 2]}' },
  { name: 'set of sets', text: '{{2, 1}, {1}}', out: '{{1}, {1, 2}}' },
])('$name', ({ text, out }) => {
  expect(regoString(parseRegoValue(text))).toBe(out);
});

test.for([
  { name: 'trailing text', text: '1 2' },
  { name: 'unterminated string', text: '"abc' },
  { name: 'missing colon', text: '{"a": 1, "b"}' },
  { name: 'bare word', text: 'nul' },
])('rejects $name', ({ text }) => {
  expect(() => parseRegoValue(text)).toThrow(SyntaxError);
});
