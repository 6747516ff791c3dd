import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { parseFast } from './fast.js';
import type { ParseOptions } from './index.js';
import { parseSlow } from './slow.js';

/** The parse result with each document's field lines as a plain record (the fast path keeps a compact table). */
function plain(parsed: ReturnType<typeof parseFast>): ReturnType<typeof parseFast> {
  return (
    parsed && {
      ...parsed,
      manifests: parsed.manifests.map((m) => ({ ...m, fieldLines: { ...m.fieldLines } })),
    }
  );
}

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Every YAML file of the repository a run can read: manifests, policies, fixtures, gator suites. */
function yamlFiles(): string[] {
  const roots = ['apps', 'clusters', 'policies', 'validators'];
  const files = roots.flatMap((root) =>
    (readdirSync(path.join(repo, root), { recursive: true }) as string[]).map((f) => path.join(root, f)),
  );
  return files
    .filter((f) => /\.ya?ml$/.test(f) && !f.includes('node_modules'))
    .filter((f) => !f.startsWith('validators') || /__fixtures__|__suites__/.test(f))
    .sort();
}

const variants: ParseOptions[] = [{}, { anyMapping: true }, { version: '1.2', anyMapping: true }];

describe('fast path', () => {
  test('reads every YAML file of the repository as the yaml package does', () => {
    const files = yamlFiles();
    let fast = 0;
    for (const file of files) {
      const text = readFileSync(path.join(repo, file), 'utf8');
      for (const opts of variants) {
        const got = parseFast(file, text, 'dev', opts);
        if (got === undefined) continue;
        fast++;
        expect(plain(got), `${file} ${JSON.stringify(opts)}`).toStrictEqual(
          parseSlow(file, text, 'dev', opts),
        );
      }
    }
    expect(files.length).toBeGreaterThan(500);
    expect(fast).toBeGreaterThan(files.length); // most files, under most options, take the fast path
  });

  const doc = (body: string): string => `apiVersion: v1\nkind: ConfigMap\n${body}`;
  test.for([
    {
      name: 'plain values starting with a colon (listen addresses)',
      fast: true,
      yaml: doc('data:\n  HTTP_ADDR: :8080\n  B: a:b\n  C: "::1"\n'),
    },
    {
      name: 'block scalars holding keys and ---',
      fast: true,
      yaml: doc(
        'data:\n  a: |\n    key: value\n    ---\n    - x\n  b: >-\n    folded: text\n\n    more\n  c: x\n',
      ),
    },
    {
      name: 'block scalar keep and indent indicators',
      fast: true,
      yaml: doc('data:\n  a: |2+\n     x\n\n  b: |-\n  c: y\n'),
    },
    {
      name: 'tabs inside a block scalar',
      fast: true,
      yaml: doc('data:\n  rego: |\n    x {\n    \tinput.a\n    }\n'),
    },
    {
      name: 'comments everywhere',
      fast: true,
      yaml: `# head\n${doc('data: # c\n  # c\n  a: b # c\n\n# c\n  c: "d" # e\n')}# tail\n`,
    },
    {
      name: 'quoted keys with / and ~',
      fast: true,
      yaml: doc('metadata:\n  annotations:\n    "a/b~c": x\n    \'d/e\': y\n    f~g/h: z\n'),
    },
    {
      name: 'empty documents',
      fast: true,
      yaml: `---\n---\n${doc('a: 1\n')}---\n\n---\n# c\n---\n${doc('b: 2\n')}---\n`,
    },
    {
      name: '--- with comments',
      fast: true,
      yaml: `--- # one\n${doc('a: 1\n')}---   # two\n\n# three\n${doc('b: 2\n')}`,
    },
    { name: 'a %YAML directive', fast: false, yaml: `%YAML 1.1\n---\n${doc('a: yes\n')}` },
    {
      name: 'CRLF line endings',
      fast: true,
      yaml: doc('data:\n  a: |\n    x\n\n  b: c\n').replaceAll('\n', '\r\n'),
    },
    { name: 'a UTF-8 BOM', fast: true, yaml: `\ufeff${doc('a: 1\n')}` },
    {
      name: 'trailing spaces after keys and values',
      fast: true,
      yaml: doc('data:   \n  a  : b   \n  c:    \n  d: "e"  \n'),
    },
    { name: 'sequences of sequences', fast: true, yaml: doc('x:\n- - a\n  - b\n- - - c\n-\n  - d\n- []\n') },
    {
      name: 'compact maps in sequences',
      fast: true,
      yaml: doc('x:\n  - name: a\n    image: b\n  -   name: c\n  - name: d\n    ports:\n    - 80\n'),
    },
    { name: 'null items and values', fast: true, yaml: doc('x:\n-\n- ~\n-   # c\n  a: 1\n-\ny:\nz: null\n') },
    {
      name: 'multi-line plain scalars',
      fast: true,
      yaml: doc('data:\n  a: one\n    two\n\n    three\n  b:\n    four\n    five\nx:\n- six\n  seven\n'),
    },
    {
      name: 'YAML 1.1 scalars',
      fast: true,
      yaml: doc(
        'x: [yes, no, on, off, y, n, Y, N, 0755, 0x1F, 0b11, 1_000, 1:20, .inf, e5, 2024-01-02, ~, Null]\n',
      ),
    },
    {
      name: 'flow collections',
      fast: true,
      yaml: doc(
        'metadata: {name: a, labels: {"x/y": "1"}}\nx: [a, [b, {c: d}]]\ny:\n- {a: 1}\n- [1, 2] # c\n',
      ),
    },
    {
      name: 'keys read as other types',
      fast: true,
      yaml: doc('data:\n  yes: 1\n  off: 2\n  1.5: b\n  .inf: c\n'),
    },
    {
      name: 'integer keys, which JavaScript reorders',
      fast: false,
      yaml: doc('data:\n  b: 1\n  80: http\n  0x10: a\n'),
    },
    { name: 'a mapping as a flow key', fast: false, yaml: doc('a: {{ .Values.x }}\n') },
    { name: 'a null flow key', fast: false, yaml: doc('a: {~: 1, b: 2}\n') },
    { name: 'a null key', fast: false, yaml: doc('data:\n  ~: 1\n') },
    { name: 'anchors and aliases', fast: false, yaml: doc('a: &x 1\nb: *x\n') },
    { name: 'a merge key', fast: false, yaml: doc('a: &x {p: 1}\nb:\n  <<: *x\n') },
    { name: 'a multi-line quoted scalar', fast: false, yaml: doc('a: "one\n  two"\n') },
    { name: 'a multi-line flow collection', fast: false, yaml: doc('a: [\n  1, 2]\n') },
    { name: 'an explicit tag', fast: false, yaml: doc('a: !!str 1\n') },
    { name: 'a tab-indented line', fast: false, yaml: doc('a:\n\tb: 1\n') },
    { name: 'a duplicate key', fast: false, yaml: doc('a: 1\na: 2\n') },
    { name: 'a document without kind', fast: false, yaml: 'apiVersion: v1\nmetadata: {}\n' },
    { name: 'a document that is a list', fast: false, yaml: '- a\n' },
    { name: 'a document ended by ...', fast: false, yaml: `${doc('a: 1\n')}...\n` },
    { name: 'escapes in a double-quoted key', fast: false, yaml: doc('"a\\tb": 1\n') },
    {
      name: 'an indented root',
      fast: true,
      yaml: `  apiVersion: v1\n  kind: ConfigMap\n  data:\n    a: b\n`,
    },
    {
      name: 'a sequence at the indent of its key',
      fast: true,
      yaml: doc('spec:\n  containers:\n  - name: a\n    args:\n    - x\n  - name: b\n  volumes: []\n'),
    },
  ])('$name', ({ yaml, fast }) => {
    for (const opts of variants) {
      const got = parseFast('x.yaml', yaml, 'dev', opts);
      if (got !== undefined) expect(plain(got)).toStrictEqual(parseSlow('x.yaml', yaml, 'dev', opts));
      if (Object.keys(opts).length === 0) expect(got !== undefined).toBe(fast);
    }
  });
});
