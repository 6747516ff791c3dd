import { type ExprCase, testAgainstNative } from './test-native.js';

const value =
  '{"b": [1, 2.50, 1e3, -0.0], "a": {"x": "<&>\\u2028\\u2029", "y": null}, "c": true, "e": [], "f": {}, "s": {"z", "y"}}';
const cases: ExprCase[] = [
  { name: 'no options', expr: `json.marshal_with_options(${value}, {})` },
  { name: 'pretty', expr: `json.marshal_with_options(${value}, {"pretty": true})` },
  { name: 'indent', expr: `json.marshal_with_options(${value}, {"indent": "  "})` },
  {
    name: 'prefix and indent',
    expr: `json.marshal_with_options(${value}, {"prefix": "> ", "indent": "--"})`,
  },
  {
    name: 'prefix with pretty false',
    expr: `json.marshal_with_options(${value}, {"prefix": "> ", "pretty": false})`,
  },
  { name: 'empty prefix is still pretty', expr: `json.marshal_with_options(${value}, {"prefix": ""})` },
  {
    name: 'escapes',
    expr: String.raw`json.marshal_with_options({"a": "\b\f\n\r\t\u0001\u007f\"\\/é😀\u0085"}, {})`,
  },
  {
    name: 'non-string keys',
    expr: 'json.marshal_with_options({1.50: 1, true: 2, null: 3, [1, "x"]: 4, "k": 5}, {})',
  },
  {
    name: 'key order',
    expr: 'json.marshal_with_options({"b": 1, "a": 2, "B": 3, "é": 4, "😀": 5, "\uffff": 6}, {})',
  },
  {
    name: 'scalars',
    expr: 'json.marshal_with_options([null, "s", 12345678901234567890, 1E400], {"pretty": true})',
  },
  { name: 'input numbers', expr: 'json.marshal_with_options(input.numbers, {})' },
  { name: 'unknown option', expr: 'json.marshal_with_options({"a": 1}, input.bogus)' },
  { name: 'pretty not a boolean', expr: 'json.marshal_with_options({"a": 1}, input.prettyNumber)' },
  { name: 'indent not a string', expr: 'json.marshal_with_options({"a": 1}, input.indentNumber)' },
];

testAgainstNative(
  cases,
  '{"numbers": [12345678901234567890, -0.0, 1E400, 100.0, 1e-7], "bogus": {"bogus": 1}, "prettyNumber": {"pretty": 1}, "indentNumber": {"indent": 2}}',
);
