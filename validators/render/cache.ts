import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunTool } from '../io/exec.js';
import { readRepoFile, type Tree } from '../io/fs.js';
import { readGraph } from './kustomization.js';
import type { Rendered, Target } from './types.js';

type Render = (tree: Tree, target: Target, run: RunTool) => Promise<Rendered>;

/** Tool versions rendering depends on (pipelines/tools.json pins them). */
const TOOLS = 'kustomize 5.8.2, helm 3.22.0';

let codeHash: Promise<string> | undefined;

/** A hash of the render stage's own code, so a new Tollgate never reads an old Tollgate's renders. */
function renderCodeHash(): Promise<string> {
  codeHash ??= (async () => {
    const dir = dirname(fileURLToPath(import.meta.url));
    const h = createHash('sha256');
    for (const f of (await readdir(dir))
      .filter((f) => /\.(js|ts)$/.test(f) && !f.includes('.test.'))
      .sort()) {
      h.update(f).update(await readFile(join(dir, f)));
    }
    return h.digest('hex');
  })();
  return codeHash;
}

/**
 * Wraps `render` with a cache on disk keyed by everything a render reads: the target (with its Application's
 * options and lines), the content of every file it can reach, the tools' versions and this stage's code. A warm
 * run renders only what changed since the last one; a target whose inputs cannot be listed is always rendered.
 */
export function cachedRender(render: Render, dir: string): Render {
  return async (tree, target, run) => {
    const key = await renderKey(tree, target).catch(() => undefined);
    const file = key ? join(dir, `${key}.json`) : undefined;
    if (file) {
      const hit = await readFile(file, 'utf8').catch(() => undefined);
      // A cache entry is an optimisation: one that does not parse (a torn write, a disk error) is rendered again.
      const cached = hit === undefined ? undefined : parseRendered(hit);
      if (cached) return cached;
    }
    const rendered = await render(tree, target, run);
    if (file) {
      // Nor may a cache that cannot be written (read-only checkout, full disk) fail the run.
      const tmp = `${file}.${process.pid}.tmp`;
      await mkdir(dir, { recursive: true })
        .then(() => writeFile(tmp, JSON.stringify(rendered)))
        .then(() => rename(tmp, file))
        .catch(() => undefined);
    }
    return rendered;
  };
}

function parseRendered(text: string): Rendered | undefined {
  try {
    const value = JSON.parse(text) as Rendered;
    return Array.isArray(value?.manifests) && Array.isArray(value?.findings) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Content hashes by tree and file: environments render the same directories (policies, bases) many times. */
const hashes = new WeakMap<Tree, Map<string, Promise<string>>>();

function fileHash(tree: Tree, file: string): Promise<string> {
  let byFile = hashes.get(tree);
  if (!byFile) {
    byFile = new Map();
    hashes.set(tree, byFile);
  }
  let hash = byFile.get(file);
  if (!hash) {
    hash = readRepoFile(tree.root, file).then((c) =>
      c ? createHash('sha256').update(c).digest('hex') : '-',
    );
    byFile.set(file, hash);
  }
  return hash;
}

/** The cache key, or undefined when the inputs reach outside the tree (remote bases, `$ref` value files). */
async function renderKey(tree: Tree, target: Target): Promise<string | undefined> {
  const roots = new Set<string>([target.path]);
  const extra = new Set<string>();
  if (target.kind === 'kustomize') {
    const graph = await readGraph(tree, target.path, target.env);
    for (const node of graph.values()) {
      if (node.error) return undefined;
      roots.add(node.dir);
      for (const r of node.resources) {
        if (/:\/\/|^[\w.-]+\.(com|io|org|net)\//.test(r.path)) return undefined;
        if (!r.isDir) extra.add(r.path);
      }
    }
    for (const c of target.kustomize?.components ?? [])
      roots.add(posix.normalize(posix.join(target.path, c)));
  } else if (target.kind === 'helm') {
    for (const f of [
      ...(target.helm?.valueFiles ?? []),
      ...(target.helm?.fileParameters ?? []).map((p) => p.path),
    ]) {
      if (f.startsWith('$') || f.includes('://')) return undefined;
      extra.add(posix.normalize(posix.join(target.path, f)));
    }
  }
  const within = (f: string) => [...roots].some((r) => r === '.' || f === r || f.startsWith(`${r}/`));
  const files = tree.files.filter((f) => within(f) || extra.has(f));
  const h = createHash('sha256');
  h.update(`${TOOLS}\n${await renderCodeHash()}\n${JSON.stringify(target)}\n`);
  for (const f of files) h.update(`${f}\0${await fileHash(tree, f)}\n`);
  return h.digest('hex').slice(0, 40);
}
