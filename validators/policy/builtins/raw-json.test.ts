import { expect, test } from 'vitest';
import { exactInteger, rawJson, resultJson } from './raw-json.js';

test.for([
  {
    name: 'plain values',
    value: { b: [1, 'x', null, true], a: { c: 1.5 } },
    json: '{"b":[1,"x",null,true],"a":{"c":1.5}}',
  },
  { name: 'raw number text', value: [rawJson('0.0010000000'), rawJson('-0')], json: '[0.0010000000,-0]' },
  {
    name: 'int64 beyond 2^53',
    value: { ns: exactInteger(1700000000123456789n) },
    json: '{"ns":1700000000123456789}',
  },
  { name: 'safe integer stays a number', value: exactInteger(42n), json: '42' },
])('resultJson: $name', ({ value, json }) => {
  expect(resultJson(value)).toBe(json);
});

test('JSON.stringify of a RawJson gives the nearest number, not {}', () => {
  expect(JSON.stringify({ ns: rawJson('1700000000123456789') })).toBe('{"ns":1700000000123456800}');
});
