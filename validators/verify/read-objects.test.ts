import { describe, expect, test } from 'vitest';
import { goJson } from '../policy/review.js';
import { clean, readUnstructured, readUnstructureds } from './read-objects.js';

const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n';

describe('readUnstructureds (gator reader.ReadUnstructureds)', () => {
  test.for([
    { name: 'one object', text: pod, want: 1 },
    { name: 'two objects', text: `${pod}---\n${pod}`, want: 2 },
    {
      name: 'comment-only documents are dropped',
      text: `# c\n---\n# only a comment\n---\n${pod}---\n`,
      want: 1,
    },
    { name: 'nothing', text: '# nothing\n---\n\n', want: 0 },
  ])('$name', ({ text, want }) => {
    expect(readUnstructureds(text)).toHaveLength(want);
  });

  test.for([
    {
      name: 'leading --- then a comment document: an empty object without kind',
      text: `---\n# c\n---\n${pod}`,
      error: "invalid yaml: Object 'Kind' is missing in '{}'",
    },
    {
      name: '.inf is not JSON',
      text: `${pod}spec:\n  x: .inf\n`,
      error: 'invalid yaml: json: unsupported value: +Inf',
    },
    { name: 'no kind', text: 'apiVersion: v1\nmetadata:\n  name: p\n', error: "Object 'Kind' is missing" },
    { name: 'duplicate key', text: `${pod}kind: Pod\n`, error: 'invalid yaml: yaml:' },
  ])('$name fails', ({ text, error }) => {
    expect(() => readUnstructureds(text)).toThrow(error);
  });

  test('an object without apiVersion is read', () => {
    expect(readUnstructureds('kind: Pod\nmetadata:\n  name: p\n')[0]).toEqual({
      kind: 'Pod',
      metadata: { name: 'p' },
    });
  });

  test('blank and #-led lines are dropped, even inside block scalars', () => {
    expect(clean('a: |\n  one\n\n  # two\n  three\n')).toBe('a: |\n  one\n  three\n');
  });
});

describe('plain scalars as go.yaml.in/yaml/v3 resolves them, after the JSON round trip', () => {
  test.for([
    ['yes', 'yes'],
    ['on', 'on'],
    ['no', 'no'],
    ['True', true],
    ['~', null],
    ['', null],
    ['0755', 493],
    ['0o755', 493],
    ['0x1F', 31],
    ['0b101', 5],
    ['1_000', 1000],
    ['+12', 12],
    ['3.', 3],
    ['1e3', 1000],
    ['100.0', 100],
    ['-0.0', 0],
    ['08', 8],
    ['1:30', '1:30'],
    ['"0755"', '0755'],
    ['2024-01-15', '2024-01-15T00:00:00Z'],
    ['2024-01-15T10:00:00Z', '2024-01-15T10:00:00Z'],
    ['2024-01-15T10:00:00.500+02:00', '2024-01-15T10:00:00.5+02:00'],
    ['2024-13-15', '2024-13-15'],
  ] as const)('%s → %j', ([text, want]) => {
    expect(readUnstructured(`kind: X\nv: ${text}\n`).v).toEqual(want);
  });
});

describe('goJson: numbers as OPA gets them from gatekeeper', () => {
  test.for([
    { yaml: '100.0', json: '100' },
    { yaml: '1.50', json: '1.5' },
    { yaml: '0.000001', json: '1e-06' },
    { yaml: '1000000.5', json: '1.0000005e+06' },
    { yaml: '12345678901234567890', json: '1.2345678901234567e+19' },
    { yaml: '123456789012345678901234567890', json: '1.2345678901234568e+29' },
    { yaml: '9007199254740993', json: '9007199254740993' },
    { yaml: '-9223372036854775808', json: '-9223372036854775808' },
    { yaml: '[1, 9007199254740993]', json: '[1,9007199254740993]' },
  ])('$yaml → $json', ({ yaml, json }) => {
    expect(goJson(readUnstructured(`v: ${yaml}\nkind: X\n`))).toBe(`{"v":${json},"kind":"X"}`);
  });
});
