import { type ExprCase, testAgainstNative } from './test-native.js';

const cases: ExprCase[] = [
  { name: 'prefix: string and string', expr: 'strings.any_prefix_match("foobar", "foo")' },
  { name: 'prefix: no match', expr: 'strings.any_prefix_match("foobar", "bar")' },
  { name: 'prefix: array and set', expr: 'strings.any_prefix_match(["a/b", "c/d"], {"x/", "c/"})' },
  { name: 'prefix: set and array, none', expr: 'strings.any_prefix_match({"a/b"}, ["b", "ab"])' },
  { name: 'prefix: empty prefix', expr: 'strings.any_prefix_match(["x"], [""])' },
  { name: 'prefix: empty lists', expr: 'strings.any_prefix_match([], ["a"])' },
  { name: 'prefix: unicode', expr: 'strings.any_prefix_match("ünïcode", ["ün"])' },
  { name: 'prefix: non-string element', expr: 'strings.any_prefix_match(input.mixed, "a")' },
  { name: 'prefix: number operand', expr: 'strings.any_prefix_match(input.n, "a")' },
  { name: 'suffix: string and string', expr: 'strings.any_suffix_match("foobar", "bar")' },
  {
    name: 'suffix: array and set',
    expr: 'strings.any_suffix_match(["a.example.com", "b.org"], {".net", ".org"})',
  },
  { name: 'suffix: none', expr: 'strings.any_suffix_match(["a.com"], ["b.com", "a.co"])' },
  { name: 'suffix: unicode', expr: 'strings.any_suffix_match("naïve😀", "e😀")' },
  { name: 'suffix: empty set', expr: 'strings.any_suffix_match("x", set())' },
  { name: 'count: simple', expr: 'strings.count("cheese", "e")' },
  { name: 'count: non-overlapping', expr: 'strings.count("aaaa", "aa")' },
  { name: 'count: empty search', expr: 'strings.count("five😀", "")' },
  { name: 'count: none', expr: 'strings.count("abc", "z")' },
  { name: 'count: non-string', expr: 'strings.count(input.n, "a")' },
];

testAgainstNative(cases, '{"mixed": ["a", 1], "n": 5}');
