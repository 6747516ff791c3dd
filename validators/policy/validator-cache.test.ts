import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { cacheValidatorsIn, compileValidator } from './constraint.js';

const schema = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      properties: {
        parameters: { type: 'object', properties: { labels: { type: 'array', items: { type: 'string' } } } },
      },
    },
    metadata: { type: 'object', properties: { name: { type: 'string', maxLength: 5 } } },
  },
};
const bad = { spec: { parameters: { labels: ['a', 3] } }, metadata: { name: 'much-too-long' } };

let dir: string | undefined;
afterEach(async () => {
  cacheValidatorsIn(undefined);
  if (dir) await rm(dir, { recursive: true, force: true });
});

test('a validator compiled once is stored and loaded by later runs, with the same verdicts and errors', async () => {
  dir = await mkdtemp(join(tmpdir(), 'tollgate-ajv-'));
  cacheValidatorsIn(dir);
  const compiled = compileValidator(schema);
  const files = await readdir(join(dir, 'ajv'));
  expect(files).toHaveLength(1);
  const loaded = compileValidator(schema);
  expect(loaded).not.toBe(compiled);
  expect(loaded(bad)).toBe(false);
  expect(compiled(bad)).toBe(false);
  expect(loaded.errors).toEqual(compiled.errors);
  expect(loaded.errors?.map((e) => e.instancePath).sort()).toEqual([
    '/metadata/name',
    '/spec/parameters/labels/1',
  ]);
  expect(loaded({ spec: { parameters: { labels: ['a'] } } })).toBe(true);
});

test('a damaged cache entry is compiled again and replaced', async () => {
  dir = await mkdtemp(join(tmpdir(), 'tollgate-ajv-'));
  cacheValidatorsIn(dir);
  compileValidator(schema);
  const [file] = await readdir(join(dir, 'ajv'));
  await writeFile(join(dir, 'ajv', file as string), 'module.exports = 42;');
  const validate = compileValidator(schema);
  expect(validate(bad)).toBe(false);
  expect(compileValidator(schema)(bad)).toBe(false);
});

test('an unwritable cache never fails: the validator is compiled', async () => {
  dir = await mkdtemp(join(tmpdir(), 'tollgate-ajv-'));
  const notADirectory = join(dir, 'file');
  await writeFile(notADirectory, 'x');
  cacheValidatorsIn(notADirectory);
  expect(compileValidator(schema)(bad)).toBe(false);
});
