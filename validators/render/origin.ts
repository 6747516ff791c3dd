import { posix } from 'node:path';
import { parseAllDocuments, parse as parseYaml } from 'yaml';
import type { Env, KubeObject, Manifest } from '../core/types.js';
import type { Tree } from '../io/fs.js';
import { readRepoFile } from '../io/fs.js';
import { parse } from '../parse/index.js';
import { align, pointersOf, segment, valueAt } from './align.js';
import type { KGraph, KNode, PatchRef } from './kustomization.js';
import type { RenderedManifest, Target } from './types.js';

// kustomize's buildMetadata: [originAnnotations] (api/resource/origin.go) writes this on every object.
const ORIGIN = 'config.kubernetes.io/origin';
const MERGE_KEY_LEAF = /\/(name|mountPath|devicePath|containerPort|port|ip|topologyKey)$/;

/** Where kustomize says an object came from, read from its origin annotation. */
interface Origin {
  path?: string;
  repo?: string;
  configuredIn?: string;
}

interface Layer {
  set(pointer: string, file: string, line: number): void;
}

/** What the mapping needs besides the objects: the tree, the target, and the kustomizations it reached. */
export interface LocateContext {
  tree: Tree;
  env: Env;
  target: Target;
  graph: KGraph;
  /** Components the Application adds (`spec.source.kustomize.components`), resolved. */
  optionComponents: string[];
}

/**
 * Turns kustomize's output objects into manifests that point at the files a person edits: the resource file
 * the origin annotation names (matched by kind and name), then every patch and transformer field over it.
 */
export async function locateObjects(objects: KubeObject[], ctx: LocateContext): Promise<RenderedManifest[]> {
  const sources = new Map<string, Promise<Manifest[]>>();
  const docsOf = (file: string): Promise<Manifest[]> => {
    let p = sources.get(file);
    if (!p) {
      p = readRepoFile(ctx.tree.root, file).then((buf) =>
        buf ? parse(file, buf.toString('utf8'), ctx.env, { anyMapping: true }).manifests : [],
      );
      sources.set(file, p);
    }
    return p;
  };
  const out: RenderedManifest[] = [];
  for (const object of objects) out.push(await locateOne(object, ctx, docsOf));
  return out;
}

async function locateOne(
  object: KubeObject,
  ctx: LocateContext,
  docsOf: (file: string) => Promise<Manifest[]>,
): Promise<RenderedManifest> {
  const origin = takeOrigin(object);
  const top = ctx.graph.get(ctx.target.path);
  const topFile = top?.file ?? ctx.target.appFile;
  const resolve = (p: string) => posix.normalize(posix.join(ctx.target.path, p));
  let file = topFile;
  let line = 1;
  let source: Manifest | undefined;
  let leaf: KNode | undefined = top;
  if (origin.path && !origin.repo) {
    file = resolve(origin.path);
    source = pickDocument(await docsOf(file), object);
    line = source?.line ?? 1;
    leaf = [...ctx.graph.values()].find((n) => n.resources.some((r) => r.path === file)) ?? top;
  } else if (origin.configuredIn && !origin.repo) {
    file = resolve(origin.configuredIn);
    leaf = [...ctx.graph.values()].find((n) => n.file === file) ?? top;
    line = generatorLine(leaf, object) ?? 1;
  }
  const fieldLines: Record<string, number> = { '': line };
  const fieldFiles: Record<string, string> = {};
  const layer: Layer = {
    set(pointer, f, l) {
      fieldLines[pointer] = l;
      if (f === file) delete fieldFiles[pointer];
      else fieldFiles[pointer] = f;
    },
  };
  const fromBase = new Set<string>();
  if (source) {
    align(object, source.object, (r, s) => {
      const l = source.fieldLines[s];
      if (l !== undefined) {
        layer.set(r, file, l);
        fromBase.add(r);
      }
    });
  }
  const originalName = (source?.object.metadata?.name as string | undefined) ?? object.metadata?.name ?? '';
  const names = [originalName, object.metadata?.name ?? ''];
  const ancestry = leaf ? pathToTop(ctx.graph, ctx.target.path, leaf.dir) : [];
  for (const dir of ancestry) {
    const node = ctx.graph.get(dir);
    if (!node) continue;
    for (const c of node.components)
      applyComponent(ctx.graph, c.path, object, names, fromBase, layer, new Set());
    if (dir === ctx.target.path) {
      for (const c of ctx.optionComponents)
        applyComponent(ctx.graph, c, object, names, fromBase, layer, new Set());
    }
    for (const patch of node.patches) applyPatch(patch, object, names, fromBase, layer);
    applyTransformers(node.object, node.lines, '', node.file, object, names, layer);
  }
  applyOptions(ctx.target, object, names, fromBase, layer);
  return { env: ctx.env, file, line, object, fieldLines, fieldFiles };
}

function takeOrigin(object: KubeObject): Origin {
  const annotations = object.metadata?.annotations;
  const raw = annotations?.[ORIGIN];
  if (!annotations || raw === undefined) return {};
  delete annotations[ORIGIN];
  if (Object.keys(annotations).length === 0 && object.metadata) delete object.metadata.annotations;
  try {
    return (parseYaml(raw) as Origin | null) ?? {};
  } catch {
    return {};
  }
}

/** The document of `file` that became `object`: same kind, and the name the rendered one was built from. */
export function pickDocument(docs: Manifest[], object: KubeObject): Manifest | undefined {
  const sameKind = docs.filter((d) => d.object.kind === object.kind);
  const name = object.metadata?.name ?? '';
  const exact = sameKind.find((d) => d.object.metadata?.name === name);
  if (exact || sameKind.length <= 1) return exact ?? sameKind[0];
  // namePrefix/nameSuffix wrap the original name: the longest source name inside the rendered one.
  return sameKind
    .filter((d) => name.includes(d.object.metadata?.name ?? '\0'))
    .sort((a, b) => (b.object.metadata?.name ?? '').length - (a.object.metadata?.name ?? '').length)[0];
}

function generatorLine(node: KNode | undefined, object: KubeObject): number | undefined {
  if (!node) return undefined;
  const field = object.kind === 'Secret' ? 'secretGenerator' : 'configMapGenerator';
  const entries = node.object[field];
  if (!Array.isArray(entries)) return node.lines[`/${field}`];
  const name = object.metadata?.name ?? '';
  const i = entries.findIndex((e) => typeof e?.name === 'string' && name.includes(e.name));
  return i >= 0 ? node.lines[`/${field}/${i}`] : node.lines[`/${field}`];
}

/** Kustomization directories from `leaf` up to `top`, leaf first (kustomize applies a base's patches first). */
function pathToTop(graph: KGraph, top: string, leaf: string): string[] {
  const seen = new Set<string>();
  const find = (dir: string): string[] | undefined => {
    if (dir === leaf) return [dir];
    if (seen.has(dir)) return undefined;
    seen.add(dir);
    const node = graph.get(dir);
    for (const r of node?.resources ?? []) {
      if (!r.isDir) continue;
      const below = find(r.path);
      if (below) return [...below, dir];
    }
    return undefined;
  };
  return find(top) ?? [top];
}

function applyComponent(
  graph: KGraph,
  dir: string,
  object: KubeObject,
  names: string[],
  fromBase: Set<string>,
  layer: Layer,
  seen: Set<string>,
): void {
  const node = graph.get(dir);
  if (!node || seen.has(dir)) return;
  seen.add(dir);
  for (const c of node.components) applyComponent(graph, c.path, object, names, fromBase, layer, seen);
  for (const patch of node.patches) applyPatch(patch, object, names, fromBase, layer);
  applyTransformers(node.object, node.lines, '', node.file, object, names, layer);
}

function applyPatch(
  patch: PatchRef,
  object: KubeObject,
  names: string[],
  fromBase: Set<string>,
  layer: Layer,
): void {
  if (patch.target && !selects(patch.target, object, names)) return;
  let docs: unknown[];
  try {
    // A patch file may hold several documents (one patch per object), like kustomize's patchesStrategicMerge.
    docs = parseAllDocuments(patch.text).map((d) => d.toJS());
  } catch {
    return;
  }
  if (patch.json6902 || Array.isArray(docs[0])) {
    if (patch.target) applyJsonPatch(patch, object, layer);
    return;
  }
  const parsed = parse(patch.file, patch.text, 'patch', { anyMapping: true }).manifests;
  for (const doc of parsed) {
    if (!patch.target) {
      const meta = doc.object.metadata;
      if (doc.object.kind !== object.kind || !names.includes(meta?.name ?? '\0')) continue;
    }
    align(object, doc.object, (r, s) => {
      if (r === '/apiVersion' || r === '/kind' || r.startsWith('/metadata/name') || r === '/metadata') return;
      const value = valueAt(doc.object, s);
      const leaf = typeof value !== 'object' || value === null;
      if (leaf && fromBase.has(r) && MERGE_KEY_LEAF.test(r)) return; // an identity, not a change
      if (!leaf && fromBase.has(r)) return;
      const l = doc.fieldLines[s];
      if (l !== undefined) layer.set(r, patch.file, l + patch.lineOffset);
    });
  }
}

function applyJsonPatch(patch: PatchRef, object: KubeObject, layer: Layer): void {
  // Wrapped under a key so the lead's parser (mappings only) gives lines for a top-level list.
  const wrapped = `ops:\n${patch.text.replace(/^/gm, '  ')}`;
  const parsed = parse(patch.file, wrapped, 'patch', { anyMapping: true }).manifests[0];
  const ops = parsed?.object.ops;
  if (!parsed || !Array.isArray(ops)) return;
  ops.forEach((op: Record<string, unknown>, i) => {
    if (!['add', 'replace', 'copy', 'move'].includes(String(op.op)) || typeof op.path !== 'string') return;
    let pointer = op.path;
    if (pointer.endsWith('/-')) {
      const list = valueAt(object, pointer.slice(0, -2));
      pointer = `${pointer.slice(0, -2)}/${Array.isArray(list) ? list.length - 1 : 0}`;
    }
    const at = (p: string) => (parsed.fieldLines[`/ops/${i}${p}`] ?? 1) - 1 + patch.lineOffset;
    layer.set(pointer, patch.file, at('/value') > patch.lineOffset ? at('/value') : at(''));
    for (const q of pointersOf(op.value)) {
      if (valueAt(object, pointer + q) !== undefined) layer.set(pointer + q, patch.file, at(`/value${q}`));
    }
  });
}

/** A kustomize patch `target` (api/types/selector.go): kind, name (a regex), namespace, labelSelector `k=v,…`. */
function selects(target: Record<string, unknown>, object: KubeObject, names: string[]): boolean {
  if (typeof target.kind === 'string' && target.kind !== object.kind) return false;
  if (typeof target.name === 'string') {
    const re = safeRegex(`^(?:${target.name})$`);
    if (!names.some((n) => (re ? re.test(n) : n === target.name))) return false;
  }
  if (typeof target.namespace === 'string' && object.metadata?.namespace !== undefined) {
    if (target.namespace !== object.metadata.namespace) return false;
  }
  if (typeof target.labelSelector === 'string') {
    const labels = object.metadata?.labels ?? {};
    for (const term of target.labelSelector.split(',')) {
      const [k, v] = term.split('=').map((s) => s.trim());
      if (k && v !== undefined && labels[k] !== v) return false;
    }
  }
  return true;
}

function safeRegex(source: string): RegExp | undefined {
  try {
    return new RegExp(source);
  } catch {
    return undefined;
  }
}

const TEMPLATE_PATHS = ['/spec/template', '/spec/jobTemplate/spec/template'];
const POD_SPECS = ['/spec', '/spec/template/spec', '/spec/jobTemplate/spec/template/spec'];

/** Fields a kustomization's transformers write (namespace, labels, annotations, images, replicas). */
function applyTransformers(
  k: Record<string, unknown>,
  lines: Record<string, number>,
  base: string,
  file: string,
  object: KubeObject,
  names: string[],
  layer: Layer,
): void {
  const mark = (pointer: string, line: number | undefined) => {
    if (line !== undefined && valueAt(object, pointer) !== undefined) layer.set(pointer, file, line);
  };
  if (typeof k.namespace === 'string' && object.metadata?.namespace === k.namespace) {
    mark('/metadata/namespace', lines[`${base}/namespace`]);
  }
  for (const field of ['commonLabels', 'commonAnnotations']) {
    const map = k[field];
    if (typeof map !== 'object' || map === null) continue;
    const where = field === 'commonLabels' ? 'labels' : 'annotations';
    for (const key of Object.keys(map)) {
      const line = lines[`${base}/${field}/${segment(key)}`];
      mark(`/metadata/${where}/${segment(key)}`, line);
      for (const t of TEMPLATE_PATHS) mark(`${t}/metadata/${where}/${segment(key)}`, line);
      if (field === 'commonLabels') mark(`/spec/selector/matchLabels/${segment(key)}`, line);
    }
  }
  if (Array.isArray(k.labels)) {
    k.labels.forEach((entry: Record<string, unknown>, i) => {
      const pairs = entry?.pairs;
      if (typeof pairs !== 'object' || pairs === null) return;
      for (const key of Object.keys(pairs)) {
        const line = lines[`${base}/labels/${i}/pairs/${segment(key)}`];
        mark(`/metadata/labels/${segment(key)}`, line);
        if (entry.includeTemplates)
          for (const t of TEMPLATE_PATHS) mark(`${t}/metadata/labels/${segment(key)}`, line);
        if (entry.includeSelectors) mark(`/spec/selector/matchLabels/${segment(key)}`, line);
      }
    });
  }
  if (Array.isArray(k.images)) {
    k.images.forEach((entry: unknown, i) => {
      const name = typeof entry === 'string' ? imageName(entry) : (entry as { name?: string })?.name;
      if (!name) return;
      for (const spec of POD_SPECS) {
        for (const field of ['containers', 'initContainers']) {
          const list = valueAt(object, `${spec}/${field}`);
          if (!Array.isArray(list)) continue;
          list.forEach((c: { image?: string }, j) => {
            const current = typeof c?.image === 'string' ? imageName(c.image) : '';
            const wanted =
              typeof entry === 'string' ? entry.split('=').pop() : (entry as { newName?: string }).newName;
            if (current === name || (wanted !== undefined && current === imageName(wanted))) {
              // The line a person edits: the digest, tag or new name the entry sets, else the entry.
              const at = ['digest', 'newTag', 'newName']
                .map((f) => lines[`${base}/images/${i}/${f}`])
                .find((l) => l !== undefined);
              mark(`${spec}/${field}/${j}/image`, at ?? lines[`${base}/images/${i}`]);
            }
          });
        }
      }
    });
  }
  if (Array.isArray(k.replicas)) {
    k.replicas.forEach((entry: { name?: string }, i) => {
      if (entry?.name && names.includes(entry.name)) mark('/spec/replicas', lines[`${base}/replicas/${i}`]);
    });
  }
}

function imageName(ref: string): string {
  const name = ref.split('=')[0] ?? ref;
  const at = name.indexOf('@');
  const bare = at >= 0 ? name.slice(0, at) : name;
  const colon = bare.lastIndexOf(':');
  return colon > bare.lastIndexOf('/') ? bare.slice(0, colon) : bare;
}

/** Fields the Application's own `kustomize:` options set point at the Application. */
function applyOptions(
  target: Target,
  object: KubeObject,
  names: string[],
  fromBase: Set<string>,
  layer: Layer,
): void {
  const k = target.kustomize;
  if (!k) return;
  const lines: Record<string, number> = {};
  for (const [p, l] of Object.entries(target.optionLines)) if (p.startsWith('/kustomize')) lines[p] = l;
  const images = k.images?.map((i) => i);
  const replicas = k.replicas?.map((r) => ({ name: r.name }));
  applyTransformers({ ...k, images, replicas }, lines, '/kustomize', target.appFile, object, names, layer);
  k.patches?.forEach((p, i) => {
    const text = typeof p.patch === 'string' ? p.patch : undefined;
    const keyLine =
      lines[`/kustomize/patches/${i}/patch`] ?? lines[`/kustomize/patches/${i}`] ?? target.appLine;
    if (text === undefined) return;
    const ref: PatchRef = {
      file: target.appFile,
      entryLine: keyLine,
      text,
      lineOffset: text.includes('\n') ? keyLine : keyLine - 1,
      target: p.target as Record<string, unknown> | undefined,
    };
    applyPatch(ref, object, names, fromBase, layer);
  });
}
