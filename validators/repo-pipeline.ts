import type { EnvSummary, Finding, KubeObject, Manifest, Report } from './core/types.js';
import { discover } from './discover/index.js';
import { applyExceptions, readExceptions } from './exceptions/index.js';
import { changedFiles } from './io/changes.js';
import type { RunTool } from './io/exec.js';
import { readInputFiles } from './io/files.js';
import { listRepoFiles, removeDir, snapshotTree } from './io/fs.js';
import { parse } from './parse/index.js';
import { sortFindings, summarize } from './pipeline.js';
import type { CompileCache } from './policy/compile.js';
import { isPolicyManifest, loadEngine } from './policy/engine.js';
import { buildInventory } from './policy/inventory.js';
import { groupOf, wildcardMatches } from './policy/match.js';
import { evaluateInParallel } from './policy/parallel.js';
import { setNumberStyle } from './policy/review.js';
import { cachedRender } from './render/cache.js';
import { render, type Target } from './render/index.js';
import { createSchemaChecker } from './schema/index.js';

export interface RepoOptions {
  env: string;
  strict: boolean;
  run: RunTool;
  cache: CompileCache;
  /** See EngineOptions.bundleMin. */
  bundleMin?: number;
  /** Where renders are cached (render/cache.ts); none when absent. */
  renderCacheDir?: string;
  /** Threads for evaluating an environment's objects. */
  threads?: number;
  /** Enforcement points the cluster's admission acts as, plus gator's. */
  enforcementPoints: string[];
  /** Today's date (`YYYY-MM-DD`, UTC), against which exceptions expire. */
  today: string;
  /** Only report on what files changed since this ref affect (every object rendered from a changed file). */
  changedSince?: string;
  /** Filled with where the run spent its time, when given (`--stats`, the benchmark). */
  phases?: Partial<RepoPhases>;
}

/** Milliseconds per phase of a repository run, summed over environments; rendering happens inside discovery. */
export interface RepoPhases {
  discoverMs: number;
  schemaMs: number;
  policyLoadMs: number;
  policyEvalMs: number;
  exceptionsMs: number;
  /** Policy modules compiled in this run, and taken from the compile cache. */
  compiled: number;
  cached: number;
}

/** Where governed exceptions live. */
export const EXCEPTIONS_DIR = 'policies/exceptions';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * `validate --env`: what Argo CD would deploy to each environment, checked as that cluster would check it.
 * discover (and render) → schema → policy, with each environment's own templates, constraints, ExpansionTemplates
 * and Gatekeeper Config, its own inventory, and findings at the source lines a person edits.
 */
export async function validateRepo(repoRoot: string, opts: RepoOptions): Promise<Report> {
  const start = performance.now();
  setNumberStyle('int64'); // what the cluster's webhook decodes: integers as int64
  const phases: RepoPhases = {
    discoverMs: 0,
    schemaMs: 0,
    policyLoadMs: 0,
    policyEvalMs: 0,
    exceptionsMs: 0,
    compiled: 0,
    cached: 0,
  };
  let mark = start;
  const lap = (): number => {
    const now = performance.now();
    const ms = now - mark;
    mark = now;
    return ms;
  };
  const renderer = opts.renderCacheDir ? cachedRender(render, opts.renderCacheDir) : render;
  const discovery = await discover(repoRoot, { env: opts.env }, { run: opts.run, render: renderer });
  const findings: Finding[] = [...discovery.findings];
  const all: Manifest[] = [...discovery.applications, ...discovery.manifests];
  if (discovery.applications.length === 0 && discovery.orphans.length > 0) {
    // No Argo CD object anywhere (Applications applied by hand, or a config-only repository): rather than check
    // nothing, every root kustomization and chart is rendered on its own in the default environment.
    const rendered = await renderRoots(repoRoot, discovery.orphans, discovery.envs[0] ?? 'default', opts.run);
    findings.splice(
      0,
      findings.length,
      ...findings.filter(
        (f) => !/not deployed by any Application|no Application of any environment/.test(f.message),
      ),
    );
    findings.push(...rendered.findings, {
      env: discovery.envs[0] ?? 'default',
      file: 'tollgate.yaml',
      line: 1,
      source: 'render',
      enforcementAction: 'warn',
      message: `no Argo CD Application or ApplicationSet found: rendered the ${discovery.orphans.length} root kustomization(s) and chart(s) on their own; add tollgate.yaml or Applications to validate what is really deployed`,
    });
    all.push(...rendered.manifests);
  }
  const changed = opts.changedSince ? await changedFiles(repoRoot, opts.changedSince, opts.run) : undefined;
  if (changed) {
    // Discovery's own findings (revisions, generators, render errors) count when they are in a changed file.
    const kept = affectedBy(changed, all, findings);
    findings.splice(0, findings.length, ...kept);
  }
  phases.discoverMs += lap();
  const crds = all
    .filter((m) => m.object.kind === 'CustomResourceDefinition' || m.object.kind === 'ConstraintTemplate')
    .map((m) => m.object);
  // Every kind that will be checked, List items included, so only their add-on models load.
  const checked = changed ? reachedBy(changed, all) : all;
  const kinds = [
    ...new Set(
      checked.flatMap((m) =>
        [m.object, ...(Array.isArray(m.object.items) ? (m.object.items as KubeObject[]) : [])].map(
          (o) => `${o?.apiVersion}/${o?.kind}`,
        ),
      ),
    ),
  ];
  const schema = await createSchemaChecker({ strict: opts.strict, crds, kinds });
  phases.schemaMs += lap();
  const envs: EnvSummary[] = [];
  let objects = 0;
  let policies = 0;
  for (const env of discovery.envs) {
    const manifests = all.filter((m) => m.env === env);
    // Schema findings can only come from objects a change reaches; checking just those keeps --changed-since quick.
    const reached = changed ? reachedBy(changed, manifests) : manifests;
    if (reached.length === 0) {
      const note = 'not evaluated: the change reaches no object of this environment';
      envs.push({ env, objects: manifests.length, errors: 0, warnings: 0, inventory: note });
      objects += manifests.length;
      continue;
    }
    const envFindings: Finding[] = schema.check(reached);
    phases.schemaMs += lap();
    const engine = await loadEngine(manifests.filter(isPolicyManifest), opts);
    envFindings.push(...engine.findings.map((f) => ({ ...f, env })));
    phases.compiled += engine.stats.compiled;
    phases.cached += engine.stats.cached;
    phases.policyLoadMs += lap();
    const config = gatekeeperConfig(manifests);
    const synced = config ? syncedObjects(config, manifests) : manifests.map((m) => m.object);
    const admitted = config ? manifests.filter((m) => !excludedFromWebhook(config, m.object)) : manifests;
    // With --changed-since only objects the change reaches can gain findings; the inventory stays complete.
    const reviewed = changed ? reachedBy(changed, admitted) : admitted;
    envFindings.push(
      ...(await evaluateInParallel(engine, reviewed, buildInventory(synced), opts.threads ?? 1)),
    );
    phases.policyEvalMs += lap();
    if (changed) {
      const kept = affectedBy(changed, manifests, envFindings);
      envFindings.length = 0;
      envFindings.push(...kept);
    }
    const errors = envFindings.filter((f) => f.enforcementAction === 'deny').length;
    envs.push({
      env,
      objects: manifests.length,
      errors,
      warnings: envFindings.length - errors,
      inventory: config
        ? `kinds synced by Gatekeeper Config ${config.metadata?.name ?? ''} (${synced.length} objects)`
        : `every rendered object (${synced.length}); no Gatekeeper Config declares spec.sync`,
    });
    findings.push(...envFindings);
    objects += manifests.length;
    policies += engine.constraints.length;
  }
  const exceptionFiles = await readInputFiles([EXCEPTIONS_DIR], repoRoot).catch(() => []);
  const exceptionManifests = exceptionFiles.flatMap((f) => {
    const parsed = parse(f.file, f.text, 'all', { version: '1.2' });
    findings.push(...parsed.findings);
    return parsed.manifests;
  });
  const { exceptions, findings: exceptionFindings } = readExceptions(exceptionManifests);
  const { findings: remaining, applied } = applyExceptions(findings, exceptions, opts.today, discovery.envs);
  findings.length = 0;
  findings.push(...remaining, ...exceptionFindings);
  phases.exceptionsMs += lap();
  if (opts.phases) Object.assign(opts.phases, phases);
  return {
    summary: summarize(findings, objects, policies, performance.now() - start),
    findings: sortFindings(findings),
    envs,
    notRendered: discovery.skipped,
    exceptions: applied,
  };
}

/** Renders each root directory (kustomization, else chart) as a target of `env`, on a snapshot of the work tree. */
async function renderRoots(
  repoRoot: string,
  roots: string[],
  env: string,
  run: RunTool,
): Promise<{ manifests: Manifest[]; findings: Finding[] }> {
  const listing = await listRepoFiles(repoRoot, run);
  const tree = await snapshotTree(repoRoot, listing.files, 'working tree');
  const out = { manifests: [] as Manifest[], findings: [] as Finding[] };
  try {
    for (const dir of [
      ...new Set(roots.map((r) => r.replace(/\/(kustomization\.ya?ml|Kustomization|Chart\.ya?ml)$/, ''))),
    ].sort()) {
      const kind = listing.files.includes(`${dir}/Chart.yaml`) ? 'helm' : 'kustomize';
      const target: Target = {
        env,
        app: dir,
        appFile: dir,
        appLine: 1,
        kind,
        path: dir,
        optionLines: {},
        buildEnv: {},
      };
      const r = await render(tree, target, run);
      out.manifests.push(...r.manifests);
      out.findings.push(...r.findings);
    }
  } finally {
    await removeDir(tree.root);
  }
  return out;
}

/**
 * The findings a change can have caused: all of them when a policy or the configuration changed; otherwise those in
 * changed files and those on objects rendered from a changed file (a base change reaches every overlay using it).
 */
function affectedBy(changed: Set<string>, manifests: Manifest[], findings: Finding[]): Finding[] {
  if (changesPolicy(changed)) return findings;
  const touched = new Set(
    reachedBy(changed, manifests).map((m) =>
      objectKey(m.object.kind, m.object.metadata?.namespace, m.object.metadata?.name),
    ),
  );
  return findings.filter((f) => changed.has(f.file) || touched.has(objectKey(f.kind, f.namespace, f.name)));
}

const changesPolicy = (changed: Set<string>) =>
  [...changed].some((f) => f.startsWith('policies/') || f === 'tollgate.yaml');

/** The manifests written, in any field, in a changed file; all of them when a policy changed. */
function reachedBy(changed: Set<string>, manifests: Manifest[]): Manifest[] {
  if (changesPolicy(changed)) return manifests;
  return manifests.filter((m) =>
    [m.file, ...Object.values((m as { fieldFiles?: Record<string, string> }).fieldFiles ?? {})].some((f) =>
      changed.has(f),
    ),
  );
}

const objectKey = (kind?: string, namespace?: string, name?: string) =>
  `${kind ?? ''}/${namespace ?? ''}/${name ?? ''}`;

/** The environment's Gatekeeper Config (config.gatekeeper.sh, name `config`), if it deploys one. */
function gatekeeperConfig(manifests: Manifest[]): KubeObject | undefined {
  return manifests.find(
    (m) => groupOf(m.object.apiVersion) === 'config.gatekeeper.sh' && m.object.kind === 'Config',
  )?.object;
}

/** Objects of the kinds `spec.sync.syncOnly` names: what that cluster's Gatekeeper replicates into data.inventory. */
function syncedObjects(config: KubeObject, manifests: Manifest[]): KubeObject[] {
  const spec = isObject(config.spec) ? config.spec : {};
  const sync =
    isObject(spec.sync) && Array.isArray(spec.sync.syncOnly) ? spec.sync.syncOnly.filter(isObject) : [];
  return manifests
    .map((m) => m.object)
    .filter((o) => {
      const group = groupOf(o.apiVersion);
      const version = (o.apiVersion ?? '').slice((o.apiVersion ?? '').indexOf('/') + 1);
      return sync.some((s) => (s.group ?? '') === group && s.version === version && s.kind === o.kind);
    });
}

/** Whether the Config's `spec.match` exempts the object's namespace from the webhook (processes `*` or `webhook`). */
function excludedFromWebhook(config: KubeObject, o: KubeObject): boolean {
  const ns =
    o.kind === 'Namespace' && groupOf(o.apiVersion) === '' ? o.metadata?.name : o.metadata?.namespace;
  if (!ns) return false;
  const spec = isObject(config.spec) ? config.spec : {};
  const match = Array.isArray(spec.match) ? spec.match.filter(isObject) : [];
  return match.some((m) => {
    const processes = Array.isArray(m.processes) ? m.processes : [];
    const excluded = Array.isArray(m.excludedNamespaces) ? m.excludedNamespaces.map(String) : [];
    return (
      (processes.includes('*') || processes.includes('webhook')) &&
      excluded.some((p) => wildcardMatches(p, ns))
    );
  });
}
