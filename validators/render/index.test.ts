import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createRunTool } from '../io/exec.js';
import { listRepoFiles, snapshotTree, type Tree } from '../io/fs.js';
import { fieldOrigin, globToRegExp, type RenderedManifest, render, type Target } from './index.js';

const run = createRunTool({ searchPath: process.env.PATH });
let repo: string;
let tree: Tree;

const FILES: Record<string, string> = {
  'base/kustomization.yaml': 'resources:\n  - deployment.yaml\ncommonLabels:\n  team: web\n',
  'base/deployment.yaml': [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: web',
    'spec:',
    '  replicas: 1',
    '  template:',
    '    spec:',
    '      containers:',
    '        - name: web',
    '          image: ghcr.io/acme/web:1.0.0',
    '',
  ].join('\n'),
  'overlay/kustomization.yaml': 'resources:\n  - ../base\n',
  'component/kustomization.yaml':
    'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\npatches:\n  - path: p.yaml\n',
  'component/p.yaml':
    'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  paused: true\n',
  'dir/a.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n',
  'dir/sub/b.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n',
  'dir/sub/skip.yaml':
    '# +argocd:skip-file-rendering\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: s\n',
  'dir/list.json':
    '{"apiVersion": "v1", "kind": "List", "items": [\n  {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}}\n]}\n',
  'dir/x.jsonnet': '{}\n',
  'dir/README.md': '# not a manifest\n',
  'chart/Chart.yaml': 'apiVersion: v2\nname: c\nversion: 0.1.0\n',
  'chart/values.yaml': 'name: x\n',
  'chart/templates/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Values.name }}\n',
};

beforeAll(async () => {
  repo = await mkdtemp(join(tmpdir(), 'tollgate-render-'));
  for (const [file, text] of Object.entries(FILES)) {
    await mkdir(dirname(join(repo, file)), { recursive: true });
    await writeFile(join(repo, file), text);
  }
  tree = await snapshotTree(repo, (await listRepoFiles(repo, run)).files, 'working tree');
});

afterAll(async () => {
  await rm(repo, { recursive: true, force: true });
  await rm(tree.root, { recursive: true, force: true });
});

const target = (t: Partial<Target>): Target => ({
  env: 'dev',
  app: 'web',
  appFile: 'apps/web.yaml',
  appLine: 1,
  kind: 'kustomize',
  path: 'overlay',
  optionLines: {},
  buildEnv: { ARGOCD_APP_NAME: 'web' },
  ...t,
});

describe('kustomize with the Application kustomize options, as Argo CD applies them', () => {
  test('each option reaches the output and points at the Application line that sets it', async () => {
    const optionLines = {
      '/kustomize/namePrefix': 10,
      '/kustomize/images/0': 12,
      '/kustomize/replicas/0': 14,
      '/kustomize/commonLabels/env': 16,
      '/kustomize/commonAnnotations/owner': 18,
      '/kustomize/namespace': 19,
      '/kustomize/patches/0/patch': 21,
    };
    const r = await render(
      tree,
      target({
        optionLines,
        kustomize: {
          namePrefix: 'dev-',
          nameSuffix: '-x',
          // Argo CD substitutes ARGOCD_APP_* variables in images (util/kustomize Build).
          images: ['ghcr.io/acme/web=ghcr.io/acme/web:$ARGOCD_APP_NAME'],
          replicas: [{ name: 'web', count: 4 }],
          commonLabels: { env: 'dev' },
          commonAnnotations: { owner: 'payments' },
          namespace: 'ledger',
          patches: [
            { target: { kind: 'Deployment' }, patch: '- op: add\n  path: /spec/minReadySeconds\n  value: 5' },
          ],
          components: ['../component'],
        },
      }),
      run,
    );
    expect(r.findings).toEqual([]);
    const m = r.manifests[0] as RenderedManifest;
    expect(m.object).toMatchObject({
      metadata: {
        name: 'dev-web-x',
        namespace: 'ledger',
        labels: { env: 'dev', team: 'web' },
        annotations: { owner: 'payments' },
      },
      spec: { replicas: 4, paused: true, minReadySeconds: 5 },
    });
    const image = '/spec/template/spec/containers/0/image';
    expect(
      (m.object.spec as { template: { spec: { containers: { image: string }[] } } }).template.spec
        .containers[0]?.image,
    ).toBe('ghcr.io/acme/web:web');
    expect(
      Object.fromEntries(
        [
          image,
          '/spec/replicas',
          '/metadata/labels/env',
          '/metadata/labels/team',
          '/spec/paused',
          '/spec/minReadySeconds',
        ].map((p) => [p, fieldOrigin(m, p)]),
      ),
    ).toEqual({
      [image]: { file: 'apps/web.yaml', line: 12 },
      '/spec/replicas': { file: 'apps/web.yaml', line: 14 },
      '/metadata/labels/env': { file: 'apps/web.yaml', line: 16 },
      '/metadata/labels/team': { file: 'base/kustomization.yaml', line: 4 },
      '/spec/paused': { file: 'component/p.yaml', line: 6 },
      '/spec/minReadySeconds': { file: 'apps/web.yaml', line: 24 },
    });
    expect(fieldOrigin(m, '/spec/template/spec/containers/0/name')).toEqual({
      file: 'base/deployment.yaml',
      line: 10,
    });
  });

  test("the user's files are never edited", async () => {
    await render(tree, target({ kustomize: { namePrefix: 'p-', namespace: 'n' } }), run);
    expect(await readFile(join(tree.root, 'overlay/kustomization.yaml'), 'utf8')).toBe(
      FILES['overlay/kustomization.yaml'],
    );
    expect(await readFile(join(repo, 'overlay/kustomization.yaml'), 'utf8')).toBe(
      FILES['overlay/kustomization.yaml'],
    );
  });

  test('an option kustomize refuses is a finding on the option', async () => {
    const r = await render(
      tree,
      target({
        path: 'base',
        optionLines: { '/kustomize/commonLabels': 7 },
        kustomize: { commonLabels: { team: 'x' } },
      }),
      run,
    );
    expect(r.findings).toEqual([
      expect.objectContaining({
        file: 'apps/web.yaml',
        line: 7,
        message: expect.stringMatching(/label team already in kustomization/),
      }),
    ]);
  });
});

describe('plain directories, as findManifests reads them', () => {
  test.for([
    { name: 'top level only', opts: {}, names: ['a', 'c'] },
    { name: 'recurse, skip marker honoured', opts: { recurse: true }, names: ['a', 'c', 'b'] },
    { name: 'include (gobwas: * crosses /)', opts: { recurse: true, include: '*b.yaml' }, names: ['b'] },
    {
      name: 'exclude with alternatives',
      opts: { recurse: true, exclude: '{sub/*,list.json}' },
      names: ['a'],
    },
  ])('$name', async ({ opts, names }) => {
    const r = await render(tree, target({ kind: 'directory', path: 'dir', directory: opts }), run);
    expect(r.manifests.map((m) => m.object.metadata?.name)).toEqual(names);
  });

  test('List items keep their lines; jsonnet is a warning', async () => {
    const r = await render(tree, target({ kind: 'directory', path: 'dir' }), run);
    expect(r.manifests.find((m) => m.object.metadata?.name === 'c')).toMatchObject({
      file: 'dir/list.json',
      line: 2,
    });
    expect(r.findings).toEqual([
      expect.objectContaining({ file: 'dir/x.jsonnet', enforcementAction: 'warn' }),
    ]);
  });
});

describe('helm', () => {
  test('values objects override values.yaml; a missing value file is a finding on the option', async () => {
    const ok = await render(
      tree,
      target({ kind: 'helm', path: 'chart', helm: { valuesObject: { name: 'zed' } } }),
      run,
    );
    expect(ok.manifests.map((m) => [m.file, m.line, m.object.metadata?.name])).toEqual([
      ['chart/templates/cm.yaml', 1, 'zed'],
    ]);
    const missing = await render(
      tree,
      target({
        kind: 'helm',
        path: 'chart',
        optionLines: { '/helm/valueFiles/0': 9 },
        helm: { valueFiles: ['chart/nope.yaml'] },
      }),
      run,
    );
    expect(missing.findings).toEqual([
      expect.objectContaining({
        file: 'apps/web.yaml',
        line: 9,
        message: 'helm value file chart/nope.yaml does not exist',
      }),
    ]);
  });
});

describe('globs, in the four flavours Argo CD uses', () => {
  test.for([
    {
      name: 'gobwas * crosses /',
      glob: '*.yaml',
      flavor: { starCrossesSlash: true, braces: true },
      path: 'a/b.yaml',
      match: true,
    },
    {
      name: 'path.Match * stops at /',
      glob: 'apps/*',
      flavor: { starCrossesSlash: false },
      path: 'apps/a/b',
      match: false,
    },
    {
      name: 'path.Match one level',
      glob: 'apps/*',
      flavor: { starCrossesSlash: false },
      path: 'apps/a',
      match: true,
    },
    {
      name: 'doublestar **',
      glob: 'values/**/*.yaml',
      flavor: { starCrossesSlash: false, doubleStar: true },
      path: 'values/a/b/c.yaml',
      match: true,
    },
    {
      name: 'doublestar ** zero dirs',
      glob: 'values/**/*.yaml',
      flavor: { starCrossesSlash: false, doubleStar: true },
      path: 'values/c.yaml',
      match: true,
    },
    { name: 'class', glob: 'env-[dp]*', flavor: { starCrossesSlash: false }, path: 'env-prod', match: true },
    {
      name: 'negated class',
      glob: 'env-[!d]*',
      flavor: { starCrossesSlash: false },
      path: 'env-dev',
      match: false,
    },
  ])('$name', ({ glob, flavor, path, match }) => {
    expect(globToRegExp(glob, flavor)?.test(path)).toBe(match);
  });
});
