import { posix } from 'node:path';
import type { Env } from '../core/types.js';
import type { Tree } from '../io/fs.js';
import { readRepoFile } from '../io/fs.js';
import { parse } from '../parse/index.js';

/** Kustomization file names, in the order kustomize looks for them (api/konfig/general.go). */
export const KUSTOMIZATION_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/** A patch as a kustomization lists it, with where its text is written. */
export interface PatchRef {
  /** File the patch text is in: the patch file, or the kustomization for an inline patch. */
  file: string;
  /** Line of the kustomization entry that lists it. */
  entryLine: number;
  text: string;
  /** Line in `file` of the text's first line, minus one. */
  lineOffset: number;
  target?: Record<string, unknown>;
  /** `patchesJson6902` entries are always JSON patches. */
  json6902?: boolean;
}

/** One kustomization read from the tree, with its references resolved to repo-relative paths. */
export interface KNode {
  dir: string;
  file: string;
  kind: string;
  object: Record<string, unknown>;
  lines: Record<string, number>;
  /** Resource entries: files and kustomization directories, with the line listing them. */
  resources: { path: string; line: number; isDir: boolean }[];
  components: { path: string; line: number }[];
  patches: PatchRef[];
  /** Why it could not be read (invalid YAML), with the line. */
  error?: { line: number; message: string };
}

/** Every kustomization reachable from `dir` (resources, bases, components), keyed by directory. */
export type KGraph = Map<string, KNode>;

const dirCache = new WeakMap<Tree, Set<string>>();

/** The directories of a tree (every ancestor of every file), memoized per tree. */
export function treeDirs(tree: Tree): Set<string> {
  let dirs = dirCache.get(tree);
  if (!dirs) {
    dirs = new Set(['.']);
    for (const f of tree.files) {
      for (let d = posix.dirname(f); d !== '.' && !dirs.has(d); d = posix.dirname(d)) dirs.add(d);
    }
    dirCache.set(tree, dirs);
  }
  return dirs;
}

/** The kustomization file of a directory, if it has one. */
export function kustomizationFile(tree: Tree, dir: string): string | undefined {
  const files = new Set(tree.files);
  return KUSTOMIZATION_NAMES.map((n) => (dir === '.' ? n : `${dir}/${n}`)).find((f) => files.has(f));
}

/** Reads the kustomization at `dir` and everything it reaches. */
export async function readGraph(tree: Tree, dir: string, env: Env): Promise<KGraph> {
  const graph: KGraph = new Map();
  const visit = async (d: string): Promise<void> => {
    if (graph.has(d)) return;
    const file = kustomizationFile(tree, d);
    if (!file) return;
    const node = await readNode(tree, d, file, env);
    graph.set(d, node);
    for (const r of node.resources) if (r.isDir) await visit(r.path);
    for (const c of node.components) await visit(c.path);
  };
  await visit(dir);
  return graph;
}

function isRemote(entry: string): boolean {
  return (
    /^[a-z][a-z0-9+.-]*:\/\//i.test(entry) ||
    /^(github\.com|gitlab\.com|bitbucket\.org)\//.test(entry) ||
    entry.startsWith('git@')
  );
}

async function readNode(tree: Tree, dir: string, file: string, env: Env): Promise<KNode> {
  const text = (await readRepoFile(tree.root, file))?.toString('utf8') ?? '';
  const parsed = parse(file, text, env, { anyMapping: true });
  const manifest = parsed.manifests[0];
  const node: KNode = {
    dir,
    file,
    kind: 'Kustomization',
    object: {},
    lines: {},
    resources: [],
    components: [],
    patches: [],
  };
  if (!manifest) {
    const f = parsed.findings[0];
    node.error = { line: f?.line ?? 1, message: f?.message ?? 'empty kustomization' };
    return node;
  }
  node.object = manifest.object as Record<string, unknown>;
  node.lines = manifest.fieldLines;
  node.kind = typeof node.object.kind === 'string' ? node.object.kind : 'Kustomization';
  const dirs = treeDirs(tree);
  const resolve = (entry: string) => posix.normalize(posix.join(dir, entry));
  for (const field of ['resources', 'bases']) {
    list(node.object[field]).forEach((entry, i) => {
      if (typeof entry !== 'string' || isRemote(entry)) return;
      const path = resolve(entry);
      node.resources.push({ path, line: node.lines[`/${field}/${i}`] ?? 1, isDir: dirs.has(path) });
    });
  }
  list(node.object.components).forEach((entry, i) => {
    if (typeof entry === 'string' && !isRemote(entry)) {
      node.components.push({ path: resolve(entry), line: node.lines[`/components/${i}`] ?? 1 });
    }
  });
  await readPatches(tree, node, resolve);
  return node;
}

async function readPatches(tree: Tree, node: KNode, resolve: (entry: string) => string): Promise<void> {
  const fromFile = async (path: string, entryLine: number, extra: Partial<PatchRef>): Promise<void> => {
    const file = resolve(path);
    // A missing patch file stays listed (empty) so a failed build can be blamed on its entry.
    const text = (await readRepoFile(tree.root, file))?.toString('utf8') ?? '';
    node.patches.push({ file, entryLine, text, lineOffset: 0, ...extra });
  };
  const inline = (text: string, pointer: string, extra: Partial<PatchRef>): void => {
    const keyLine = node.lines[pointer] ?? 1;
    // A block scalar (`patch: |-`) starts on the next line; a one-line string on the key's own line.
    const offset = text.includes('\n') ? keyLine : keyLine - 1;
    node.patches.push({ file: node.file, entryLine: keyLine, text, lineOffset: offset, ...extra });
  };
  for (const [i, entry] of list(node.object.patchesStrategicMerge).entries()) {
    if (typeof entry !== 'string') continue;
    const line = node.lines[`/patchesStrategicMerge/${i}`] ?? 1;
    if (entry.includes('\n') || entry.includes(':')) inline(entry, `/patchesStrategicMerge/${i}`, {});
    else await fromFile(entry, line, {});
  }
  for (const [i, entry] of list(node.object.patchesJson6902).entries()) {
    const e = entry as Record<string, unknown>;
    const target = e.target as Record<string, unknown> | undefined;
    if (typeof e.path === 'string')
      await fromFile(e.path, node.lines[`/patchesJson6902/${i}`] ?? 1, { target, json6902: true });
    else if (typeof e.patch === 'string')
      inline(e.patch, `/patchesJson6902/${i}/patch`, { target, json6902: true });
  }
  for (const [i, entry] of list(node.object.patches).entries()) {
    const e = entry as Record<string, unknown>;
    const target = e.target as Record<string, unknown> | undefined;
    if (typeof e.path === 'string') await fromFile(e.path, node.lines[`/patches/${i}`] ?? 1, { target });
    else if (typeof e.patch === 'string') inline(e.patch, `/patches/${i}/patch`, { target });
  }
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Parents of each node in the graph (a base can be shared by several kustomizations). */
export function parentsOf(graph: KGraph): Map<string, string[]> {
  const parents = new Map<string, string[]>();
  for (const node of graph.values()) {
    for (const child of [...node.resources.filter((r) => r.isDir), ...node.components]) {
      parents.set(child.path, [...(parents.get(child.path) ?? []), node.dir]);
    }
  }
  return parents;
}
