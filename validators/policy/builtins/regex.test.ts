import { type ExprCase, testAgainstNative } from './test-native.js';

const cases: ExprCase[] = [
  { name: 'find_n: all', expr: 'regex.find_n("a.", "a1a2a3", -1)' },
  { name: 'find_n: first two', expr: 'regex.find_n("[0-9]+", "10 20 30", 2)' },
  { name: 'find_n: zero', expr: 'regex.find_n("a", "aaa", 0)' },
  { name: 'find_n: empty matches', expr: 'regex.find_n("x*", "abc", -1)' },
  { name: 'find_n: mixed empty', expr: 'regex.find_n("a*", "baaac", -1)' },
  { name: 'find_n: no match', expr: 'regex.find_n("z", "abc", -1)' },
  { name: 'find_n: unicode', expr: 'regex.find_n("\\\\p{Greek}+", "abc αβγ def δ", -1)' },
  { name: 'find_n: count 1.0', expr: 'regex.find_n("a", "aaaa", input.one)' },
  { name: 'find_n: count 1.00', expr: 'regex.find_n("a", "aaaa", input.onez)' },
  { name: 'find_n: count 2e0', expr: 'regex.find_n("a", "aaaa", input.two)' },
  { name: 'find_n: count 1.5', expr: 'regex.find_n("a", "aaaa", input.f)' },
  { name: 'find_n: RE2 has no backreferences', expr: 'regex.find_n("(a)\\\\1", "aa", -1)' },
  { name: 'find_n: invalid pattern', expr: 'regex.find_n("(", "aa", -1)' },
  { name: 'find_n: leftmost-first alternation', expr: 'regex.find_n("a|ab", "ab", -1)' },
  { name: 'split: commas', expr: 'regex.split(",\\\\s*", "a, b,c")' },
  { name: 'split: leading and trailing', expr: 'regex.split(",", ",a,")' },
  { name: 'split: empty matches', expr: 'regex.split("", "abc")' },
  { name: 'split: star', expr: 'regex.split("a*", "baaac")' },
  { name: 'split: empty string', expr: 'regex.split("x", "")' },
  { name: 'split: empty pattern and string', expr: 'regex.split("", "")' },
  { name: 'split: no match', expr: 'regex.split("z", "abc")' },
  { name: 'replace: literal', expr: 'regex.replace("a-b-c", "-", "+")' },
  { name: 'replace: groups', expr: 'regex.replace("john smith", "(\\\\w+) (\\\\w+)", "$2, $1")' },
  {
    name: 'replace: named and braces',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Go's regexp template syntax, not a JS template
    expr: 'regex.replace("2024-05", "(?P<y>\\\\d+)-(?P<m>\\\\d+)", "${m}/${y} $$ $y")',
  },
  // biome-ignore lint/suspicious/noTemplateCurlyInString: Go's regexp template syntax, not a JS template
  { name: 'replace: $1x is group 1x', expr: 'regex.replace("ab", "(a)", "$1x|${1}x")' },
  { name: 'replace: malformed dollar', expr: 'regex.replace("ab", "a", "$ $- ${ $")' },
  { name: 'replace: unknown group', expr: 'regex.replace("ab", "(a)", "[$2][$01][$0]")' },
  { name: 'replace: anchored', expr: 'regex.replace("aaa", "^a", "b")' },
  { name: 'replace: empty matches', expr: 'regex.replace("abc", "x*", "-")' },
  { name: 'replace: star', expr: 'regex.replace("baaac", "a*", "-")' },
  { name: 'replace: unicode', expr: 'regex.replace("héllo wörld", "[éö]", "_")' },
  { name: 'replace: invalid pattern', expr: 'regex.replace("a", "[", "b")' },
];

testAgainstNative(cases, '{"one": 1.0, "onez": 1.00, "two": 2e0, "f": 1.5}');
