import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Tree } from '../io/fs.js';
import { parse } from '../parse/index.js';
import { expandApplicationSet } from './appset.js';

const FILES: Record<string, string> = {
  'envs/dev/config.yaml': 'cluster: dev-eu\nreplicas: 1\n',
  'envs/prod/config.yaml': '- cluster: prod-eu\n  replicas: 3\n- cluster: prod-us\n  replicas: 3\n',
  'envs/old/config.yaml': 'cluster: old\n',
  'apps/api/kustomization.yaml': '',
  'apps/web/kustomization.yaml': '',
  'apps/.hidden/kustomization.yaml': '',
};
let tree: Tree;
beforeAll(async () => {
  const root = await mkdtemp(join(tmpdir(), 'tollgate-appset-'));
  for (const [f, text] of Object.entries(FILES)) {
    await mkdir(dirname(join(root, f)), { recursive: true });
    await writeFile(join(root, f), text);
  }
  tree = { root, files: Object.keys(FILES).sort(), revision: 'working tree' };
});
afterAll(async () => {
  await rm(tree.root, { recursive: true, force: true });
});

const ctx = { isThisRepo: (u: string) => u === 'https://git.example/repo.git', treeAt: async () => tree };
const REPO = 'https://git.example/repo.git';

async function names(generators: string, goTemplate: boolean, name: string) {
  const text = [
    'apiVersion: argoproj.io/v1alpha1',
    'kind: ApplicationSet',
    'metadata: {name: s, namespace: argocd}',
    'spec:',
    `  goTemplate: ${goTemplate}`,
    '  generators:',
    generators.replace(/^/gm, '    '),
    '  template:',
    `    metadata: {name: '${name}'}`,
    '    spec: {project: default, destination: {server: https://kubernetes.default.svc}}',
  ].join('\n');
  const appset = parse('appset.yaml', text, 'dev').manifests[0];
  if (!appset) throw new Error('fixture does not parse');
  const out = await expandApplicationSet(appset, ctx);
  return {
    names: out.applications.map((a) => a.object.metadata?.name),
    findings: out.findings,
    unsupported: out.unsupported,
  };
}

describe('ApplicationSet generators', () => {
  test.for([
    {
      name: 'list, fasttemplate',
      gen: '- list:\n    elements: [{env: dev}, {env: prod}]',
      go: false,
      tmpl: 'web-{{env}}',
      out: ['web-dev', 'web-prod'],
    },
    {
      name: 'git directories, hidden ones skipped, path[1]',
      gen: `- git:\n    repoURL: ${REPO}\n    revision: HEAD\n    directories: [{path: 'apps/*'}]`,
      go: false,
      tmpl: '{{path[1]}}-{{path.basename}}',
      out: ['api-api', 'web-web'],
    },
    {
      name: 'git files, a list file gives one set per item, exclude',
      gen: `- git:\n    repoURL: ${REPO}\n    revision: HEAD\n    files: [{path: 'envs/*/config.yaml'}, {path: envs/old/config.yaml, exclude: true}]`,
      go: true,
      tmpl: '{{.cluster}}-{{.path.basename}}-{{.replicas}}',
      out: ['dev-eu-dev-1', 'prod-eu-prod-3', 'prod-us-prod-3'],
    },
    {
      name: 'matrix of git directories and a list',
      gen: `- matrix:\n    generators:\n      - git:\n          repoURL: ${REPO}\n          revision: HEAD\n          directories: [{path: 'apps/*'}]\n      - list:\n          elements: [{env: dev}, {env: prod}]`,
      go: true,
      tmpl: '{{.path.basename}}-{{.env}}',
      out: ['api-dev', 'api-prod', 'web-dev', 'web-prod'],
    },
    {
      name: 'matrix, the second generator reading the first',
      gen: `- matrix:\n    generators:\n      - list:\n          elements: [{dir: envs/prod}]\n      - git:\n          repoURL: ${REPO}\n          revision: HEAD\n          files: [{path: '{{.dir}}/config.yaml'}]`,
      go: true,
      tmpl: '{{.cluster}}',
      out: ['prod-eu', 'prod-us'],
    },
    {
      name: 'merge by key',
      gen: '- merge:\n    mergeKeys: [env]\n    generators:\n      - list: {elements: [{env: dev, size: s}, {env: prod, size: s}]}\n      - list: {elements: [{env: prod, size: xl}]}',
      go: false,
      tmpl: '{{env}}-{{size}}',
      out: ['dev-s', 'prod-xl'],
    },
    {
      name: 'selector',
      gen: '- list:\n    elements: [{env: dev}, {env: prod}]\n  selector: {matchLabels: {env: prod}}',
      go: false,
      tmpl: 'web-{{env}}',
      out: ['web-prod'],
    },
  ])('$name', async ({ gen, go, tmpl, out }) => {
    const r = await names(gen, go, tmpl);
    expect(r.findings).toEqual([]);
    expect(r.names).toEqual(out);
  });

  test('a generator matching nothing is a warning on its line', async () => {
    const r = await names(
      `- git:\n    repoURL: ${REPO}\n    revision: HEAD\n    directories: [{path: 'nope/*'}]`,
      true,
      'x',
    );
    expect(r.findings).toEqual([
      expect.objectContaining({
        line: 7,
        enforcementAction: 'warn',
        message: expect.stringMatching(/matches nothing/),
      }),
    ]);
  });

  test('generators Tollgate cannot evaluate are reported, not guessed', async () => {
    const r = await names('- clusters: {}', false, 'x');
    expect(r.unsupported).toEqual([{ line: 7, reason: 'clusters generator is not evaluated by Tollgate' }]);
    const other = await names(
      '- git:\n    repoURL: https://other/repo.git\n    directories: [{path: x}]',
      false,
      'x',
    );
    expect(other.unsupported[0]?.reason).toMatch(/not this repository/);
  });

  test('a template error is a finding on the template', async () => {
    const r = await names('- list:\n    elements: [{env: dev}]', true, '{{.nope | bogus}}');
    expect(r.findings).toEqual([
      expect.objectContaining({
        line: 10,
        enforcementAction: 'deny',
        message: expect.stringMatching(/bogus/),
      }),
    ]);
  });
});
