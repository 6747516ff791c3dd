import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readSuites } from './suite.js';

const SUITE = `apiVersion: test.gatekeeper.sh/v1alpha1
kind: Suite
metadata:
  name: s
tests: []
`;

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'tollgate-suites-'));
  await mkdir(join(root, 'lib', 'a'), { recursive: true });
  await mkdir(join(root, 'lib', 'b'), { recursive: true });
  await writeFile(join(root, 'lib', 'a', 'suite.yaml'), SUITE);
  await writeFile(join(root, 'lib', 'b', 'suite.yaml'), SUITE);
  await writeFile(join(root, 'lib', 'b', 'pod.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n');
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('readSuites finds suites as gator verify does', () => {
  test('DIR/... relative to the working directory', async () => {
    const suites = await readSuites('lib/...', root);
    expect(suites.map((s) => relative(root, s.file))).toEqual(['lib/a/suite.yaml', 'lib/b/suite.yaml']);
  });

  test('an absolute DIR/..., whatever the working directory', async () => {
    const suites = await readSuites(join(root, 'lib/...'), tmpdir());
    expect(suites.map((s) => relative(root, s.file))).toEqual(['lib/a/suite.yaml', 'lib/b/suite.yaml']);
  });

  test('a directory alone reads only its own files; a missing path is FILE_NOT_FOUND', async () => {
    expect(await readSuites(join(root, 'lib', 'a'), '/')).toHaveLength(1);
    await expect(readSuites('nope/...', root)).rejects.toThrow(/nope\/\.\.\. does not exist/);
  });
});
