import { posix } from 'node:path';
import type { Finding, Manifest } from '../core/types.js';
import type { Tree } from '../io/fs.js';
import { lineFor } from '../parse/index.js';
import { kustomizationFile, type Target, treeDirs } from '../render/index.js';

type Obj = Record<string, unknown>;

/** A source Tollgate does not render, and why (a remote chart, another repository, a plugin). */
export interface Skipped {
  env: string;
  app: string;
  file: string;
  line: number;
  reason: string;
}

/** One in-repo source of an Application, before its revision is resolved to a tree. */
export interface SourceTarget extends Omit<Target, 'kind'> {
  /** `targetRevision` line, for a warning when the revision is not in this clone. */
  revisionLine: number;
  /** Kind when the source says it (`kustomize:`, `helm:`, `directory:`); else detected on the tree. */
  explicitKind?: Target['kind'];
}

/** What an Application contributes: its sources to render, the ones skipped, and what is wrong with its spec. */
export interface AppSources {
  sources: SourceTarget[];
  skipped: Skipped[];
  findings: Finding[];
}

const TYPES = ['kustomize', 'helm', 'directory', 'plugin'] as const;

/**
 * Reads `spec.source` / `spec.sources` of an Application as the repo-server receives them: sources normalized
 * (util/argo NormalizeSource), `ref:` sources kept for `$ref/…` value files, in-repo paths checked.
 */
export function applicationSources(app: Manifest, isThisRepo: (url: string) => boolean): AppSources {
  const out: AppSources = { sources: [], skipped: [], findings: [] };
  const name = app.object.metadata?.name ?? '';
  const lineOf = (p: string) => lineFor(app.fieldLines, p, app.line);
  const bad = (p: string, message: string) => out.findings.push(appFinding(app, lineOf(p), message, 'deny'));
  const spec = app.object.spec as Obj | undefined;
  if (!isObj(spec)) {
    bad('', 'Application has no spec');
    return out;
  }
  if (!name) bad('/metadata', 'Application has no metadata.name');
  const dest = spec.destination;
  if (!isObj(dest) || (!dest.server && !dest.name))
    bad('/spec/destination', 'spec.destination needs server or name');
  let list: { source: Obj; pointer: string }[];
  if (Array.isArray(spec.sources) && spec.sources.length > 0) {
    if (spec.source !== undefined) {
      out.findings.push(
        appFinding(app, lineOf('/spec/source'), 'spec.source is ignored when spec.sources is set', 'warn'),
      );
    }
    list = spec.sources.map((s, i) => ({
      source: (isObj(s) ? s : {}) as Obj,
      pointer: `/spec/sources/${i}`,
    }));
  } else if (isObj(spec.source)) {
    list = [{ source: spec.source, pointer: '/spec/source' }];
  } else if (isObj(spec.sourceHydrator)) {
    out.skipped.push(
      skip(app, lineOf('/spec/sourceHydrator'), 'sourceHydrator sources are not rendered by Tollgate'),
    );
    return out;
  } else {
    bad('/spec', 'spec.source or spec.sources is required');
    return out;
  }
  const refs = new Map<string, Obj>();
  for (const { source } of list) if (typeof source.ref === 'string') refs.set(`$${source.ref}`, source);
  const namespace = isObj(dest) && typeof dest.namespace === 'string' ? dest.namespace : undefined;
  for (const { source, pointer } of list) {
    const repoURL = typeof source.repoURL === 'string' ? source.repoURL : '';
    if (!repoURL) {
      bad(pointer, `${pointer.slice(1).replaceAll('/', '.')}.repoURL is required`);
      continue;
    }
    if (typeof source.ref === 'string' && source.path === undefined && source.chart === undefined) continue;
    const revision = typeof source.targetRevision === 'string' ? source.targetRevision : undefined;
    if (typeof source.chart === 'string') {
      out.skipped.push(
        skip(
          app,
          lineOf(`${pointer}/chart`),
          `chart ${source.chart} ${revision ?? ''} from ${repoURL} is not fetched`.replace('  ', ' '),
        ),
      );
      continue;
    }
    if (!isThisRepo(repoURL)) {
      out.skipped.push(
        skip(
          app,
          lineOf(`${pointer}/repoURL`),
          `${repoURL} is not this repository; its manifests are not rendered`,
        ),
      );
      continue;
    }
    const normalized = normalizeSource(source);
    const types = TYPES.filter((t) => normalized[t] !== undefined);
    if (types.length > 1) {
      bad(
        pointer,
        `multiple application sources defined: ${types.map((t) => t[0]?.toUpperCase() + t.slice(1)).join(',')}`,
      );
      continue;
    }
    if (types[0] === 'plugin') {
      out.skipped.push(
        skip(
          app,
          lineOf(`${pointer}/plugin`),
          'config management plugin sources are not rendered by Tollgate',
        ),
      );
      continue;
    }
    const rawPath = typeof source.path === 'string' ? source.path : '';
    const path = posix.normalize(rawPath === '' ? '.' : rawPath).replace(/\/$/, '') || '.';
    if (rawPath.startsWith('/') || path === '..' || path.startsWith('../')) {
      bad(`${pointer}/path`, `${rawPath}: app path is outside the repository`);
      continue;
    }
    const helm = isObj(normalized.helm) ? resolveHelm(normalized.helm, path, refs, isThisRepo) : undefined;
    if (typeof helm === 'string') {
      out.skipped.push(skip(app, lineOf(`${pointer}/helm`), helm));
      continue;
    }
    const optionLines: Record<string, number> = {};
    for (const [p, l] of Object.entries(app.fieldLines)) {
      if (p.startsWith(`${pointer}/`)) optionLines[p.slice(pointer.length)] = l;
    }
    out.sources.push({
      env: app.env,
      app: name,
      appFile: app.file,
      appLine: app.line,
      path,
      revision,
      revisionLine: lineOf(`${pointer}/targetRevision`),
      namespace,
      explicitKind: types[0] as Target['kind'] | undefined,
      ...(isObj(normalized.kustomize) ? { kustomize: normalized.kustomize } : {}),
      ...(helm ? { helm } : {}),
      ...(isObj(normalized.directory) ? { directory: normalized.directory } : {}),
      optionLines,
      buildEnv: {
        ARGOCD_APP_NAME: name,
        ARGOCD_APP_NAMESPACE: namespace ?? '',
        ARGOCD_APP_SOURCE_REPO_URL: repoURL,
        ARGOCD_APP_SOURCE_PATH: rawPath,
        ARGOCD_APP_SOURCE_TARGET_REVISION: revision ?? '',
      },
    });
  }
  return out;
}

/** The source type as GetAppSourceType decides it: explicit options, else a kustomization, else Chart.yaml. */
export function sourceKind(tree: Tree, source: SourceTarget): Target['kind'] {
  if (source.explicitKind) return source.explicitKind;
  if (kustomizationFile(tree, source.path)) return 'kustomize';
  const files = new Set(tree.files);
  return files.has(source.path === '.' ? 'Chart.yaml' : `${source.path}/Chart.yaml`) ? 'helm' : 'directory';
}

/** Whether the app path is a directory of the tree (Argo CD: "app path does not exist"). */
export function pathExists(tree: Tree, path: string): boolean {
  return treeDirs(tree).has(path);
}

/** util/argo NormalizeSource: zero-valued kustomize/helm/directory blocks are as if absent. */
function normalizeSource(source: Obj): Obj {
  const out: Obj = { ...source };
  const zero = (v: unknown) => !isObj(v) || Object.values(v).every((x) => isZeroValue(x));
  if (out.kustomize !== undefined && zero(out.kustomize)) delete out.kustomize;
  if (out.helm !== undefined && zero(out.helm)) delete out.helm;
  if (isObj(out.directory)) {
    const d = out.directory;
    const dirZero = !d.recurse && zero(d.jsonnet) && !d.disableExtensionFilter;
    if (dirZero && !d.include && !d.exclude) delete out.directory;
  }
  if (out.plugin !== undefined && zero(out.plugin)) delete out.plugin;
  return out;
}

function isZeroValue(v: unknown): boolean {
  if (v === undefined || v === null || v === false || v === '' || v === 0) return true;
  if (Array.isArray(v)) return v.length === 0;
  if (isObj(v)) return Object.keys(v).length === 0;
  return false;
}

/** Value files and file parameters to repo-relative paths; a string is the reason the source cannot be rendered. */
function resolveHelm(
  helm: Obj,
  path: string,
  refs: Map<string, Obj>,
  isThisRepo: (url: string) => boolean,
): Obj | string {
  const resolve = (raw: string): string => {
    const ref = refs.get(raw.split('/')[0] ?? '');
    if (raw.startsWith('$') && ref) {
      if (!isThisRepo(String(ref.repoURL ?? '')))
        throw new Error(`value file ${raw} is in ${String(ref.repoURL)}, not fetched`);
      return posix.normalize(raw.split('/').slice(1).join('/'));
    }
    if (/^[a-z]+:\/\//i.test(raw)) throw new Error(`value file ${raw} is remote, not fetched`);
    return posix.normalize(raw.startsWith('/') ? raw.slice(1) : posix.join(path, raw));
  };
  try {
    const out: Obj = { ...helm };
    if (Array.isArray(helm.valueFiles)) out.valueFiles = helm.valueFiles.map((f) => resolve(String(f)));
    if (Array.isArray(helm.fileParameters)) {
      out.fileParameters = helm.fileParameters.map((p: Obj) => ({
        name: String(p.name),
        path: resolve(String(p.path)),
      }));
    }
    return out;
  } catch (err) {
    return (err as Error).message;
  }
}

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function skip(app: Manifest, line: number, reason: string): Skipped {
  return { env: app.env, app: app.object.metadata?.name ?? '', file: app.file, line, reason };
}

/** A finding about an Application object itself. */
export function appFinding(
  app: Manifest,
  line: number,
  message: string,
  action: Finding['enforcementAction'],
): Finding {
  return {
    env: app.env,
    file: app.file,
    line,
    source: 'render',
    enforcementAction: action,
    message,
    apiVersion: app.object.apiVersion,
    kind: app.object.kind,
    ...(app.object.metadata?.namespace ? { namespace: app.object.metadata.namespace } : {}),
    ...(app.object.metadata?.name ? { name: app.object.metadata.name } : {}),
  };
}
