import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { parse } from 'yaml';
import { TollgateError } from '../core/errors.js';
import { syncTemplates } from './index.js';

const TEMPLATE = `# Denies privileged containers.
apiVersion: templates.gatekeeper.sh/v1
kind: ConstraintTemplate
metadata:
  name: k8sdenyprivileged
  annotations:
    metadata.gatekeeper.sh/title: "Privileged containers"
spec:
  crd:
    spec:
      names:
        kind: K8sDenyPrivileged # the kind constraints use
  targets:
    - target: admission.k8s.gatekeeper.sh
      rego: |
        package stale
`;

const SRC = `package k8sdenyprivileged

import future.keywords

import data.lib.pods

violation contains {"msg": "privileged"} if {
\tsome c in pods.containers
\tc.securityContext.privileged == true
}
`;

const LIB_PODS = `package lib.pods

import future.keywords

import data.lib.strings

containers := input.review.object.spec.containers
`;

const LIB_STRINGS = `package lib.strings

import future.keywords

trimmed(s) := trim_space(s)
`;

let root: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'tollgate-templates-'));
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function put(files: Record<string, string>): Promise<void> {
  for (const [file, text] of Object.entries(files)) {
    await mkdir(dirname(join(root, file)), { recursive: true });
    await writeFile(join(root, file), text);
  }
}

const read = (file: string) => readFile(join(root, file), 'utf8');
const target = async (file: string) => parse(await read(file)).spec.targets[0];

const PRIV = 'policies/rego/privileged/template.yaml';

test('embeds src.rego and its libs transitively, sorted by name, as literal blocks', async () => {
  await put({
    [PRIV]: TEMPLATE,
    'policies/rego/privileged/src.rego': SRC,
    'policies/rego/lib/pods.rego': LIB_PODS,
    'policies/rego/lib/strings.rego': LIB_STRINGS,
    'policies/rego/lib/unused.rego': 'package lib.unused\n',
  });

  expect(await syncTemplates(root, { check: false })).toEqual({ changed: [PRIV] });

  expect(await target(PRIV)).toEqual({
    target: 'admission.k8s.gatekeeper.sh',
    rego: SRC,
    libs: [LIB_PODS, LIB_STRINGS],
  });
  const text = await read(PRIV);
  expect(text).toContain('# Denies privileged containers.');
  expect(text).toContain('kind: K8sDenyPrivileged # the kind constraints use');
  expect(text).toContain('metadata.gatekeeper.sh/title: "Privileged containers"');
  expect(text).toContain('      rego: |\n        package k8sdenyprivileged\n');
  expect(text).toContain('      libs:\n        - |\n          package lib.pods\n');
});

test('check mode reports stale templates and writes nothing; a synced tree is clean', async () => {
  await put({
    [PRIV]: TEMPLATE,
    'policies/rego/privileged/src.rego': SRC,
    'policies/rego/lib/pods.rego': LIB_PODS,
    'policies/rego/lib/strings.rego': LIB_STRINGS,
  });

  expect(await syncTemplates(root, { check: true })).toEqual({ changed: [PRIV] });
  expect(await read(PRIV)).toBe(TEMPLATE);

  await syncTemplates(root, { check: false });
  expect(await syncTemplates(root, { check: true })).toEqual({ changed: [] });

  await put({ 'policies/rego/lib/strings.rego': `${LIB_STRINGS}\nupper(s) := upper(s)\n` });
  expect(await syncTemplates(root, { check: true })).toEqual({ changed: [PRIV] });
});

test.for([
  {
    name: 'no trailing newline',
    rego: 'package p\n\nimport rego.v1\n\nviolation contains {"msg": "x"} if false',
  },
  { name: 'several trailing newlines', rego: 'package p\n\nviolation contains {"msg": "x"} if false\n\n\n' },
  { name: 'leading indentation and tabs', rego: '  package p\n\tdefault x := 1\n' },
  { name: 'document markers inside', rego: 'package p\n# ---\n---\n...\n' },
])('keeps the Rego text exact: $name', async ({ rego }) => {
  await put({ [PRIV]: TEMPLATE, 'policies/rego/privileged/src.rego': rego });
  await syncTemplates(root, { check: false });
  expect((await target(PRIV)).rego).toBe(rego);
  expect(await syncTemplates(root, { check: true })).toEqual({ changed: [] });
});

test('removes libs when src.rego no longer imports any', async () => {
  await put({
    [PRIV]: TEMPLATE,
    'policies/rego/privileged/src.rego': SRC,
    'policies/rego/lib/pods.rego': LIB_PODS,
    'policies/rego/lib/strings.rego': LIB_STRINGS,
  });
  await syncTemplates(root, { check: false });
  await put({ 'policies/rego/privileged/src.rego': 'package k8sdenyprivileged\n' });

  await syncTemplates(root, { check: false });

  expect(await target(PRIV)).toEqual({
    target: 'admission.k8s.gatekeeper.sh',
    rego: 'package k8sdenyprivileged\n',
  });
});

test('lists every stale template, sorted, and skips folders without template.yaml', async () => {
  await put({
    'policies/rego/zeta/template.yaml': TEMPLATE,
    'policies/rego/zeta/src.rego': 'package zeta\n',
    'policies/rego/alpha/template.yaml': TEMPLATE,
    'policies/rego/alpha/src.rego': 'package alpha\n',
    'policies/rego/draft/src.rego': 'package draft\n',
  });

  expect(await syncTemplates(root, { check: false })).toEqual({
    changed: ['policies/rego/alpha/template.yaml', 'policies/rego/zeta/template.yaml'],
  });
});

const PLAIN = 'package k8sdenyprivileged\n';

test.for<{ name: string; files: Record<string, string>; error: Partial<TollgateError> }>([
  {
    name: 'a missing lib',
    files: { [PRIV]: TEMPLATE, 'policies/rego/privileged/src.rego': SRC },
    error: {
      code: 'FILE_NOT_FOUND',
      message: 'policies/rego/lib/pods.rego is missing (needed by policies/rego/privileged/src.rego)',
    },
  },
  {
    name: 'a missing src.rego',
    files: { [PRIV]: TEMPLATE },
    error: {
      code: 'FILE_NOT_FOUND',
      message:
        'policies/rego/privileged/src.rego is missing (needed by policies/rego/privileged/template.yaml)',
    },
  },
  {
    name: 'a template without targets',
    files: { [PRIV]: 'kind: ConstraintTemplate\nspec: {}\n', 'policies/rego/privileged/src.rego': PLAIN },
    error: { code: 'CONFIG_INVALID', message: `${PRIV} has no spec.targets[0]` },
  },
  {
    name: 'a template that is not YAML',
    files: { [PRIV]: 'spec: [\n', 'policies/rego/privileged/src.rego': PLAIN },
    error: { code: 'CONFIG_INVALID', at: { file: PRIV, line: 2 } },
  },
])('throws a TollgateError for $name', async ({ files, error }) => {
  await put(files);
  const thrown = await syncTemplates(root, { check: true }).catch((err: unknown) => err);
  expect(thrown).toBeInstanceOf(TollgateError);
  expect(thrown).toMatchObject(error);
});

test('throws FILE_NOT_FOUND when the repository has no policies/rego', async () => {
  await expect(syncTemplates(root, { check: true })).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
});
