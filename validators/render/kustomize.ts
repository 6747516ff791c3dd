import { randomBytes } from 'node:crypto';
import { join, posix } from 'node:path';
import { parseDocument, stringify } from 'yaml';
import type { KubeObject } from '../core/types.js';
import type { RunTool } from '../io/exec.js';
import { copyFiles, readRepoFile, removeDir, replaceFile, type Tree } from '../io/fs.js';
import { parse } from '../parse/index.js';
import { type KGraph, kustomizationFile, readGraph, treeDirs } from './kustomization.js';
import { blameKustomize } from './kustomize-errors.js';
import { locateObjects } from './origin.js';
import type { Rendered, Target } from './types.js';
import { envsubst, renderFinding } from './util.js';

/**
 * Builds a kustomize target as Argo CD does (util/kustomize/kustomize.go Build): the Application's options are
 * applied with `kustomize edit` to a scratch copy of the app directory, then `kustomize build <dir>` runs from the
 * repository root. The copy also gets `buildMetadata: [originAnnotations]` so each object names its source file.
 */
export async function renderKustomize(tree: Tree, target: Target, run: RunTool): Promise<Rendered> {
  const kfile = kustomizationFile(tree, target.path);
  if (!kfile) {
    return fail(target, target.appFile, target.appLine, `no kustomization file in ${target.path}`);
  }
  const graph = await readGraph(tree, target.path, target.env);
  const optionComponents = await addOptionComponents(tree, target, graph);
  const work = await scratchCopy(tree, target.path);
  try {
    const workKfile = join(work.abs, posix.basename(kfile));
    // The copy of the kustomization is a fresh file, so nothing below can write through to the user's file.
    await replaceFile(workKfile, (await readRepoFile(tree.root, kfile))?.toString('utf8') ?? '');
    const edited = await applyOptions(target, work.abs, workKfile, tree, run);
    if (edited) return edited;
    const text = (await readRepoFile(work.abs, posix.basename(kfile)))?.toString('utf8') ?? '';
    await replaceFile(workKfile, withOriginAnnotations(text));
    const out = await run('kustomize', ['build', work.abs], { cwd: tree.root });
    if (out.code !== 0) {
      const blame = blameKustomize(out.stderr, { tree, graph, work: work.abs, target, kfile });
      return { manifests: [], findings: [renderFinding(target.env, blame.file, blame.line, blame.message)] };
    }
    const parsed = parse(kfile, out.stdout, target.env);
    const objects: KubeObject[] = parsed.manifests.map((m) => m.object);
    const manifests = await locateObjects(objects, {
      tree,
      env: target.env,
      target,
      graph,
      optionComponents,
    });
    return { manifests, findings: [] };
  } finally {
    await removeDir(work.cleanup);
  }
}

function fail(target: Target, file: string, line: number, message: string): Rendered {
  return { manifests: [], findings: [renderFinding(target.env, file, line, message)] };
}

/**
 * A writable copy of the app directory. Beside the original in a Tollgate-owned tree (same depth, so `../base`
 * resolves the same and origin paths read back unchanged); for the repository root, a copy of the whole tree.
 */
async function scratchCopy(tree: Tree, path: string): Promise<{ abs: string; cleanup: string }> {
  const tag = randomBytes(4).toString('hex');
  if (path === '.') {
    const abs = join(tree.root, `.tollgate-${tag}`);
    const files = tree.files.filter((f) => !f.startsWith('.tollgate-'));
    await copyFiles(tree.root, files, abs);
    return { abs, cleanup: abs };
  }
  const rel = posix.join(posix.dirname(path), `.tollgate-${tag}-${posix.basename(path)}`);
  const prefix = `${path}/`;
  const files = tree.files.filter((f) => f.startsWith(prefix)).map((f) => f.slice(prefix.length));
  const abs = join(tree.root, rel);
  await copyFiles(join(tree.root, path), files, abs);
  return { abs, cleanup: abs };
}

async function addOptionComponents(tree: Tree, target: Target, graph: KGraph): Promise<string[]> {
  const out: string[] = [];
  const dirs = treeDirs(tree);
  for (const c of target.kustomize?.components ?? []) {
    const dir = posix.normalize(posix.join(target.path, c));
    if (!dirs.has(dir)) continue;
    out.push(dir);
    for (const [k, v] of await readGraph(tree, dir, target.env)) if (!graph.has(k)) graph.set(k, v);
  }
  return out;
}

/** The `kustomize edit` calls of Argo CD's Build, in its order; a failing edit is a finding on the option. */
async function applyOptions(
  target: Target,
  dir: string,
  kfile: string,
  tree: Tree,
  run: RunTool,
): Promise<Rendered | undefined> {
  const k = target.kustomize;
  if (!k) return undefined;
  const env = target.buildEnv;
  const edits: { args: string[]; option: string }[] = [];
  if (k.namePrefix) edits.push({ args: ['set', 'nameprefix', '--', k.namePrefix], option: 'namePrefix' });
  if (k.nameSuffix) edits.push({ args: ['set', 'namesuffix', '--', k.nameSuffix], option: 'nameSuffix' });
  if (k.images?.length) {
    edits.push({ args: ['set', 'image', ...k.images.map((i) => envsubst(i, env))], option: 'images' });
  }
  if (k.replicas?.length) {
    edits.push({
      args: ['set', 'replicas', ...k.replicas.map((r) => `${r.name}=${r.count}`)],
      option: 'replicas',
    });
  }
  if (k.commonLabels && Object.keys(k.commonLabels).length > 0) {
    const flags = [
      ...(k.forceCommonLabels ? ['--force'] : []),
      ...(k.labelWithoutSelector ? ['--without-selector'] : []),
      ...(k.labelIncludeTemplates ? ['--include-templates'] : []),
    ];
    const pairs = Object.entries(k.commonLabels).map(([n, v]) => `${n}:${envsubst(v, env)}`);
    edits.push({ args: ['add', 'label', ...flags, ...pairs], option: 'commonLabels' });
  }
  if (k.commonAnnotations && Object.keys(k.commonAnnotations).length > 0) {
    const pairs = Object.entries(k.commonAnnotations).map(
      ([n, v]) => `${n}:${k.commonAnnotationsEnvsubst ? envsubst(v, env) : v}`,
    );
    edits.push({
      args: ['add', 'annotation', ...(k.forceCommonAnnotations ? ['--force'] : []), ...pairs],
      option: 'commonAnnotations',
    });
  }
  if (k.namespace) edits.push({ args: ['set', 'namespace', '--', k.namespace], option: 'namespace' });
  for (const edit of edits) {
    const out = await run('kustomize', ['edit', ...edit.args], { cwd: dir });
    if (out.code !== 0) return optionFailure(target, edit.option, out.stderr);
  }
  if (k.patches?.length) {
    // No `kustomize edit` adds a patch; Argo CD appends to `patches:` in the file itself.
    const doc = parseDocument((await readRepoFile(dir, posix.basename(kfile)))?.toString('utf8') ?? '');
    const current = (doc.toJS() as { patches?: unknown } | null)?.patches;
    doc.set('patches', [...(Array.isArray(current) ? current : []), ...k.patches]);
    await replaceFile(kfile, doc.toString());
  }
  const components = (k.components ?? []).filter(
    (c) => !k.ignoreMissingComponents || treeDirs(tree).has(posix.normalize(posix.join(target.path, c))),
  );
  if (components.length > 0) {
    const out = await run('kustomize', ['edit', 'add', 'component', ...components], { cwd: dir });
    if (out.code !== 0) return optionFailure(target, 'components', out.stderr);
  }
  return undefined;
}

function optionFailure(target: Target, option: string, stderr: string): Rendered {
  const line = target.optionLines[`/kustomize/${option}`] ?? target.appLine;
  const reason = stderr.split('\n').find((l) => l.startsWith('Error:')) ?? stderr.trim().split('\n')[0] ?? '';
  return fail(
    target,
    target.appFile,
    line,
    `kustomize ${option} option could not be applied: ${reason.replace(/^Error: /, '')}`,
  );
}

/** Adds `originAnnotations` to `buildMetadata`, keeping the rest of the kustomization as it is. */
export function withOriginAnnotations(text: string): string {
  const doc = parseDocument(text);
  const js = (doc.toJS() ?? {}) as Record<string, unknown>;
  const current = Array.isArray(js.buildMetadata) ? (js.buildMetadata as string[]) : [];
  if (current.includes('originAnnotations')) return text;
  if (doc.contents === null) return stringify({ buildMetadata: ['originAnnotations'] });
  doc.set('buildMetadata', [...current, 'originAnnotations']);
  return doc.toString();
}
