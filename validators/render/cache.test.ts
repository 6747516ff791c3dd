import { mkdir, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { expect, test } from 'vitest';
import { createRunTool } from '../io/exec.js';
import { listRepoFiles, removeDir, snapshotTree } from '../io/fs.js';
import { cachedRender } from './cache.js';
import { render, type Target } from './index.js';

const run = createRunTool({ searchPath: process.env.PATH });

async function repoWith(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'tollgate-render-cache-'));
  for (const [f, text] of Object.entries(files)) {
    await mkdir(dirname(join(root, f)), { recursive: true });
    await writeFile(join(root, f), text);
  }
  return root;
}

const files = {
  'base/kustomization.yaml': 'resources:\n  - cm.yaml\n',
  'base/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\ndata:\n  level: info\n',
  'overlay/kustomization.yaml': 'resources:\n  - ../base\nnamePrefix: prod-\n',
  'elsewhere/notes.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: unrelated\n',
};

const target: Target = {
  env: 'prod',
  app: 'app',
  appFile: 'app.yaml',
  appLine: 1,
  kind: 'kustomize',
  path: 'overlay',
  optionLines: {},
  buildEnv: {},
};

test('a cached render is reused until a file it reads changes, and equals a fresh render', async () => {
  const root = await repoWith(files);
  const cacheDir = join(root, '.cache');
  let renders = 0;
  const counting: typeof render = (tree, t, r) => {
    renders++;
    return render(tree, t, r);
  };
  const cached = cachedRender(counting, cacheDir);
  const at = async () => snapshotTree(root, (await listRepoFiles(root, run)).files, 'working tree');

  const tree1 = await at();
  const first = await cached(tree1, target, run);
  const second = await cached(tree1, target, run);
  expect(renders).toBe(1);
  expect(second).toEqual(first);
  expect(first.manifests.map((m) => m.object.metadata?.name)).toEqual(['prod-app']);

  await writeFile(
    join(root, 'elsewhere/notes.yaml'),
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: other\n',
  );
  await cached(await at(), target, run);
  expect(renders).toBe(1); // a file the overlay cannot reach

  await writeFile(
    join(root, 'base/cm.yaml'),
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\ndata:\n  level: debug\n',
  );
  const tree3 = await at();
  const third = await cached(tree3, target, run);
  expect(renders).toBe(2); // the base changed
  expect(third).toEqual(await render(tree3, target, run));
  expect(third.manifests[0]?.object.data).toEqual({ level: 'debug' });
  await cached(tree3, { ...target, kustomize: { namePrefix: 'x-' } }, run);
  expect(renders).toBe(3); // other Application options
  await removeDir(root);
});

test('a cache entry that does not parse is rendered again; a cache that cannot be written does not fail the run', async () => {
  const root = await repoWith(files);
  const cacheDir = join(root, '.cache');
  let renders = 0;
  const counting: typeof render = (tree, t, r) => {
    renders++;
    return render(tree, t, r);
  };
  const tree = await snapshotTree(root, (await listRepoFiles(root, run)).files, 'working tree');
  const first = await cachedRender(counting, cacheDir)(tree, target, run);
  for (const f of await readdir(cacheDir)) await writeFile(join(cacheDir, f), '{"manifests": [');
  expect(await cachedRender(counting, cacheDir)(tree, target, run)).toEqual(first);
  expect(renders).toBe(2);
  await writeFile(join(root, 'not-a-dir'), '');
  expect(await cachedRender(counting, join(root, 'not-a-dir', 'cache'))(tree, target, run)).toEqual(first);
  expect(renders).toBe(3);
  await removeDir(root);
});
