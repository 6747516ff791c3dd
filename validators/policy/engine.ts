import { availableParallelism } from 'node:os';
import type { EnforcementAction, Finding, Manifest } from '../core/types.js';
import { hostBuiltins } from './builtins/index.js';
import { type Bundle, bundleKey, compileBundle, HOOK_ENTRYPOINT } from './bundle.js';
import { type CompileCache, type Compiled, compileKey, compileTemplate, type RunOpa } from './compile.js';
import { type Constraint, cacheValidatorsIn, readConstraint } from './constraint.js';
import { type Expansion, readExpansion } from './expansion.js';
import { type DataPart, type Inventory, namespaceFor } from './inventory.js';
import { groupOf, kindMatches, MatchError, matches, type Source } from './match.js';
import { GROUP_CONSTRAINTS, GROUP_EXPANSION, GROUP_TEMPLATES } from './policy-kinds.js';
import { evalErrorMessage } from './rego-source.js';
import type { NumberStyle, ReviewRequest } from './review.js';
import { readTemplate, type Template, templateFinding } from './template.js';
import { instantiate, type WasmPolicy } from './wasm-host.js';
import { compileModule } from './wasm-module.js';

/** A template and, when it can run, its Wasm instance. */
export interface LoadedTemplate {
  template: Template;
  policy?: WasmPolicy;
  entrypoint?: string;
  /** Why its constraints cannot be evaluated (compile error, CEL only); such constraints never pass silently. */
  unavailable?: string;
  /** Whether the Rego reads `data.inventory`; others never get it (each instance would hold its own copy). */
  usesInventory?: boolean;
  /** The compiled module, so other threads can instantiate it without compiling again (see policyOf). */
  module?: WebAssembly.Module;
  /** Cache key and bytes (read on demand) of the compiled template, until policyOf instantiates it. */
  key?: string;
  wasm?: () => Uint8Array;
}

/** Every available template in one module, evaluated once per object (bundle.ts); templates stay the fallback. */
export interface LoadedBundle {
  policy: WasmPolicy;
  module: WebAssembly.Module;
  /** Template kind → id in the module. */
  ids: Map<string, string>;
  /** The engine's constraints as `data.tgc` (JSON) and each one's index in it; built on first use. */
  table?: { json: string; index: Map<Constraint, number> };
}

/** Everything needed to review objects: templates, constraints, expansions, and findings about them. */
export interface Engine {
  templates: Map<string, LoadedTemplate>;
  bundle?: LoadedBundle;
  constraints: Constraint[];
  expansions: Expansion[];
  findings: Finding[];
  stats: { compiled: number; cached: number; compileMs: number };
}

export interface EngineOptions {
  /** Compile the templates into one module too when there are at least this many (default 3; 0 = never). */
  bundleMin?: number;
  run: RunOpa;
  cache: CompileCache;
  /** Enforcement points Tollgate acts as, for `scoped` constraints. */
  enforcementPoints: string[];
  /** How constraint parameters' numbers reach OPA, when not the command's style (gator verify: int64). */
  constraintNumbers?: NumberStyle;
}

/** One result of a review, as Gatekeeper's `types.Result`. */
export interface Result {
  constraint: Constraint;
  msg: string;
  details: unknown;
  enforcementAction: EnforcementAction;
}

/** Compiled modules by cache key: environments share templates, and compiling a module takes milliseconds. */
const modules = new Map<string, WebAssembly.Module>();

/** Bundles by the key of their template set: environments deploying the same library share one. */
const bundles = new Map<string, Promise<Bundle | undefined>>();

/** Compilations by cache key: the same template in several environments is read and checked once. */
const compilations = new Map<string, Promise<Compiled>>();

/** One instance per module in a process: engines of several environments share it, loading their own data. */
const instances = new Map<string, WasmPolicy>();
const loadedData = new WeakMap<WasmPolicy, { inventory: Inventory; table: string | undefined }>();

function instanceOf(key: string, module: WebAssembly.Module): WasmPolicy {
  let policy = instances.get(key);
  if (!policy) {
    policy = instantiate(module, hostBuiltins);
    instances.set(key, policy);
  }
  return policy;
}

/** The template's own instance (and module), created on first use; undefined when it did not compile. */
export function policyOf(loaded: LoadedTemplate): WasmPolicy | undefined {
  if (loaded.policy) return loaded.policy;
  if (!loaded.key || !loaded.wasm) return undefined;
  let module = modules.get(loaded.key);
  if (!module) {
    try {
      module = compileModule(loaded.wasm());
    } catch (err) {
      // The cached module went away or is damaged since it was found: its constraints report this, never pass.
      loaded.unavailable = `compiled module of template ${loaded.template.kind} cannot be loaded (${(err as Error).message}); clear the cache (TOLLGATE_CACHE_DIR) and run again`;
      delete loaded.wasm;
      delete loaded.entrypoint;
      return undefined;
    }
    modules.set(loaded.key, module);
  }
  loaded.module = module;
  loaded.policy = instanceOf(loaded.key, module);
  return loaded.policy;
}

/** Loads `inventory` (and a bundle's constraint table) as `data` unless the instance holds them already. */
function ensureData(policy: WasmPolicy, inventory: Inventory, table?: string): void {
  const loaded = loadedData.get(policy);
  if (loaded && loaded.inventory === inventory && loaded.table === table) return;
  policy.setData(dataParts(inventory, table));
  loadedData.set(policy, { inventory, table });
}

function* dataParts(inventory: Inventory, table: string | undefined): Generator<DataPart> {
  if (table !== undefined) yield { path: ['tgc'], json: table };
  yield* inventory.parts();
}

/** `data.tgc`: every constraint whose template is in the bundle, as the hook reads it (`t` template id, `p` parameters). */
function constraintTable(
  bundle: LoadedBundle,
  constraints: Constraint[],
): NonNullable<LoadedBundle['table']> {
  if (bundle.table) return bundle.table;
  const index = new Map<Constraint, number>();
  const entries: string[] = [];
  for (const c of constraints) {
    const id = bundle.ids.get(c.kind);
    if (!id) continue;
    index.set(c, entries.length);
    entries.push(`{"t":"${id}","p":${c.parametersJson}}`);
  }
  bundle.table = { json: `[${entries.join(',')}]`, index };
  return bundle.table;
}

export { isPolicyManifest } from './policy-kinds.js';

/** Loads templates (compiled, cached), constraints and expansions; problems become findings, never throws on content. */
export async function loadEngine(manifests: Manifest[], opts: EngineOptions): Promise<Engine> {
  const start = performance.now();
  cacheValidatorsIn(opts.cache.dir);
  const engine: Engine = {
    templates: new Map(),
    constraints: [],
    expansions: [],
    findings: [],
    stats: { compiled: 0, cached: 0, compileMs: 0 },
  };
  const templateManifests = manifests.filter(
    (m) => m.object.apiVersion?.startsWith(GROUP_TEMPLATES) && m.object.kind === 'ConstraintTemplate',
  );
  const pending: LoadedTemplate[] = [];
  for (const m of templateManifests) {
    const { template, findings } = readTemplate(m);
    engine.findings.push(...findings);
    if (!template) continue;
    if (engine.templates.has(template.kind)) {
      engine.findings.push(
        templateFinding(
          m,
          '/spec/crd',
          `ConstraintTemplate for kind ${template.kind} is defined twice; the first one is used`,
        ),
      );
      continue;
    }
    const loaded: LoadedTemplate = { template };
    engine.templates.set(template.kind, loaded);
    if (template.rego && template.otherEngines.includes('K8sNativeValidation')) {
      const note = `template ${template.kind} also has K8sNativeValidation (CEL) code, which Gatekeeper runs in its place; Tollgate evaluated the Rego: keep the two equivalent`;
      engine.findings.push({
        ...templateFinding(m, '/spec/targets/0/code', note),
        enforcementAction: 'dryrun',
      });
    }
    if (template.rego) pending.push(loaded);
    else {
      loaded.unavailable = `template ${template.kind} has only ${template.otherEngines.join(', ')} code; Tollgate evaluates Rego, so its constraints were not evaluated`;
      engine.findings.push({
        ...templateFinding(m, '/spec/targets/0', loaded.unavailable),
        enforcementAction: 'warn',
      });
    }
  }
  await forEachLimited(pending, availableParallelism(), async (loaded) => {
    const { template } = loaded;
    const key = compileKey(template.rego as NonNullable<Template['rego']>);
    let compiling = compilations.get(key);
    if (!compiling) {
      compiling = compileTemplate(template, opts.cache, opts.run);
      compilations.set(key, compiling);
    }
    const compiled = await compiling;
    if (!compiled.ok) {
      loaded.unavailable = `template ${template.kind} does not compile`;
      const base = regoPointer(template);
      for (const e of compiled.errors) {
        const f = templateFinding(
          template.manifest,
          base,
          `${loaded.unavailable}: ${e.line ? `line ${e.line}: ` : ''}${e.message}`,
        );
        // The Rego is a block scalar: its line N is N lines below the key.
        if (e.line && template.manifest.fieldLines[base] !== undefined)
          f.line = (template.manifest.fieldLines[base] as number) + e.line;
        engine.findings.push(f);
      }
      return;
    }
    if (compiled.cached) engine.stats.cached++;
    else engine.stats.compiled++;
    // Instantiated on first use: with the one-module bundle a template's own instance is only the fallback.
    loaded.key = compiled.key;
    loaded.wasm = compiled.wasm;
    loaded.entrypoint = compiled.entrypoint;
    loaded.usesInventory = [template.rego?.source ?? '', ...(template.rego?.libs ?? [])].some((src) =>
      /\bdata\s*(\.\s*inventory\b|\[)/.test(src),
    );
  });
  const runnable = [...engine.templates.values()].filter((t) => t.entrypoint);
  const bundleMin = opts.bundleMin ?? 3;
  if (bundleMin > 0 && runnable.length >= bundleMin) {
    const templates = runnable.map((t) => t.template);
    const setKey = bundleKey(templates);
    let bundling = bundles.get(setKey);
    if (!bundling) {
      bundling = compileBundle(templates, opts.cache, opts.run);
      bundles.set(setKey, bundling);
    }
    const bundle = await bundling;
    if (bundle) {
      let module = modules.get(bundle.key);
      if (!module) {
        module = compileModule(bundle.wasm);
        modules.set(bundle.key, module);
      }
      engine.bundle = { policy: instanceOf(bundle.key, module), module, ids: bundle.ids };
    }
  }
  // Builtins the host lacks fail at load, naming the template (the bundle's imports are the union of all).
  if (!engine.bundle || engine.bundle.policy.hostImports.some((name) => !hostBuiltins[name])) {
    delete engine.bundle;
    for (const loaded of runnable) {
      const missing = (policyOf(loaded)?.hostImports ?? []).filter((name) => !hostBuiltins[name]);
      if (missing.length === 0) continue;
      loaded.unavailable = `template ${loaded.template.kind} uses builtin ${missing.join(', ')}, which Tollgate cannot evaluate`;
      delete loaded.entrypoint;
      engine.findings.push(
        templateFinding(loaded.template.manifest, regoPointer(loaded.template), loaded.unavailable),
      );
    }
  }
  for (const m of manifests) {
    const v = m.object.apiVersion ?? '';
    if (v.startsWith(GROUP_EXPANSION) && m.object.kind === 'ExpansionTemplate') {
      const e = readExpansion(m);
      if (typeof e === 'string') engine.findings.push(templateFinding(m, '/spec', e));
      else engine.expansions.push(e);
    } else if (v.startsWith(GROUP_CONSTRAINTS)) {
      const loaded = engine.templates.get(m.object.kind ?? '');
      if (!loaded) {
        engine.findings.push(
          templateFinding(
            m,
            '/kind',
            `no ConstraintTemplate defines kind ${m.object.kind}; add the template or fix the kind`,
          ),
        );
        continue;
      }
      const r = readConstraint(m, loaded.template, opts.enforcementPoints, opts.constraintNumbers);
      if (r.error)
        engine.findings.push(
          templateFinding(
            m,
            r.error.pointer,
            `${m.object.kind}/${m.object.metadata?.name}: ${r.error.message}`,
          ),
        );
      if (r.constraint) engine.constraints.push(r.constraint);
    }
  }
  engine.stats.compileMs = performance.now() - start;
  return engine;
}

function regoPointer(t: Template): string {
  const target = t.manifest.object.spec as { targets?: { rego?: unknown }[] } | undefined;
  return typeof target?.targets?.[0]?.rego === 'string' ? '/spec/targets/0/rego' : '/spec/targets/0/code';
}

/**
 * Reviews one request against every constraint, as Gatekeeper's client does: match (object or oldObject), an
 * error while matching becomes an autoreject result, each matching constraint evaluates its template with
 * `{review, parameters}`; violations are a set; an evaluation error yields one result per constraint of that kind.
 */
export function review(engine: Engine, req: ReviewRequest, inventory: Inventory, source: Source): Result[] {
  const namespace = namespaceFor(inventory, req.namespace);
  const byKind = new Map<string, Constraint[]>();
  const results: Result[] = [];
  for (const c of candidates(engine, req)) {
    try {
      if (!matchesAny(c, req, namespace, source)) continue;
    } catch (err) {
      if (!(err instanceof MatchError)) throw err;
      const name = req.object?.metadata?.name ?? req.oldObject?.metadata?.name ?? '';
      const msg = `unable to match constraints: error matching the requested object: ${name} :failed to run Match criteria: ${err.message}`;
      results.push({ constraint: c, msg, details: {}, enforcementAction: c.enforcementAction });
      continue;
    }
    const list = byKind.get(c.kind) ?? [];
    list.push(c);
    byKind.set(c.kind, list);
  }
  const reviewJson = req.reviewJson;
  const bundled = engine.bundle
    ? reviewBundled(
        engine.bundle,
        constraintTable(engine.bundle, engine.constraints),
        byKind,
        reviewJson,
        inventory,
      )
    : undefined;
  if (bundled) return [...results, ...bundled];
  for (const [kind, constraints] of byKind) {
    const loaded = engine.templates.get(kind);
    const policy = loaded ? policyOf(loaded) : undefined;
    if (!loaded || !policy || !loaded.entrypoint) {
      for (const c of constraints) {
        results.push({
          constraint: c,
          msg: loaded?.unavailable ?? `no template for ${kind}`,
          details: {},
          enforcementAction: c.enforcementAction,
        });
      }
      continue;
    }
    if (loaded.usesInventory) ensureData(policy, inventory);
    try {
      const kindResults: Result[] = [];
      for (const c of constraints) {
        const out = policy.evaluate(
          loaded.entrypoint,
          `{"review":${reviewJson},"parameters":${c.parametersJson}}`,
        );
        kindResults.push(...toResults(out, c));
      }
      results.push(...kindResults);
    } catch (err) {
      const msg = evalErrorMessage(err instanceof Error ? err.message : String(err), loaded.template.rego);
      for (const c of constraints)
        results.push({ constraint: c, msg, details: {}, enforcementAction: c.enforcementAction });
    }
  }
  return results;
}

/**
 * All matched constraints in one evaluation of the bundle. Undefined when a kind is not in it or the evaluation
 * aborts: the caller then evaluates kind by kind, so an error stays with its own kind as in Gatekeeper.
 */
function reviewBundled(
  bundle: LoadedBundle,
  table: NonNullable<LoadedBundle['table']>,
  byKind: Map<string, Constraint[]>,
  reviewJson: string,
  inventory: Inventory,
): Result[] | undefined {
  const indices: number[] = [];
  for (const list of byKind.values()) {
    for (const c of list) {
      const i = table.index.get(c);
      if (i === undefined) return undefined;
      indices.push(i);
    }
  }
  if (indices.length === 0) return [];
  ensureData(bundle.policy, inventory, table.json);
  let out: string;
  try {
    out = bundle.policy.evaluate(HOOK_ENTRYPOINT, `{"review":${reviewJson},"c":[${indices.join(',')}]}`);
  } catch {
    return undefined;
  }
  const set = JSON.parse(out) as { result?: { i: number; msg: unknown; details: unknown }[] }[];
  const byConstraint = new Map<number, unknown[]>();
  for (const v of set[0]?.result ?? [])
    byConstraint.set(v.i, [...(byConstraint.get(v.i) ?? []), { msg: v.msg, details: v.details }]);
  const results: Result[] = [];
  for (const list of byKind.values()) {
    for (const c of list) {
      const found = byConstraint.get(table.index.get(c) as number);
      if (found) results.push(...resultsOf(found, c));
    }
  }
  return results;
}

/** Per constraint list (an engine's, fixed once loaded): those whose `kinds` admit a group and kind. */
const kindIndex = new WeakMap<Constraint[], Map<string, Constraint[]>>();

/**
 * The constraints that can match the request, in order: those whose `kinds` matcher admits its object's or old
 * object's group and kind. Gatekeeper checks kinds first and that check never fails with an error, so the others
 * would only be tried and skipped. A request with neither object goes to every constraint (each reports the error).
 */
function candidates(engine: Engine, req: ReviewRequest): Constraint[] {
  const objects = [req.object, req.oldObject].filter((o) => o !== undefined);
  if (objects.length === 0) return engine.constraints;
  let index = kindIndex.get(engine.constraints);
  if (!index) {
    index = new Map();
    kindIndex.set(engine.constraints, index);
  }
  const keys = objects.map((o) => `${groupOf(o.apiVersion)}\u0000${o.kind ?? ''}`);
  const key = keys[0] === keys[1] ? (keys[0] as string) : keys.join('\u0001');
  let list = index.get(key);
  if (!list) {
    list = engine.constraints.filter(
      (c) =>
        !c.match ||
        objects.some((o) =>
          kindMatches(c.match as NonNullable<Constraint['match']>, groupOf(o.apiVersion), o.kind ?? ''),
        ),
    );
    index.set(key, list);
  }
  return list;
}

function matchesAny(
  c: Constraint,
  req: ReviewRequest,
  namespace: Manifest['object'] | undefined,
  source: Source,
): boolean {
  if (!c.match) return true;
  if (!req.object && !req.oldObject) throw new MatchError('neither object nor old object are defined');
  for (const object of [req.object, req.oldObject]) {
    if (object && matches(c.match, { object, ...(namespace ? { namespace } : {}), source })) return true;
  }
  return false;
}

/** The hook's response set: `{msg, details}` per violation, duplicates dropped (frameworks `drivers/rego/rego.go`). */
function toResults(json: string, c: Constraint): Result[] {
  const set = JSON.parse(json) as { result?: unknown }[];
  return resultsOf(
    set.flatMap(({ result }) => (Array.isArray(result) ? result : [])),
    c,
  );
}

/** A constraint's violations as results, identical msg+details counted once. */
function resultsOf(values: unknown[], c: Constraint): Result[] {
  const seen = new Set<string>();
  const out: Result[] = [];
  for (const v of values) {
    if (typeof v !== 'object' || v === null || typeof (v as { msg?: unknown }).msg !== 'string') continue;
    const msg = (v as { msg: string }).msg;
    const details = (v as { details?: unknown }).details ?? {};
    const key = canonical({ msg, details });
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ constraint: c, msg, details, enforcementAction: c.enforcementAction });
  }
  return out;
}

/** JSON with sorted keys, so equal Rego values compare equal. */
export function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (typeof v === 'object' && v !== null) {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

async function forEachLimited<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
