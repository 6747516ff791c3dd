import { readFile } from 'node:fs/promises';
import type { Finding, KubeObject, Manifest, Report } from './core/types.js';
import type { InputPath } from './io/files.js';
import { parse } from './parse/index.js';
import { type EngineOptions, isPolicyManifest, loadEngine } from './policy/engine.js';
import { evaluateManifests } from './policy/evaluate.js';
import { type DataPart, inventoryPath, serialisedInventory } from './policy/inventory.js';
import { isNamespace } from './policy/match.js';
import { evaluateInParallel } from './policy/parallel.js';
import { objectJson, rememberObjectJson } from './policy/review.js';

/** Orders findings by environment, file, line, then message, so every format is stable. */
export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(
    (a, b) =>
      a.env.localeCompare(b.env) ||
      a.file.localeCompare(b.file) ||
      a.line - b.line ||
      a.message.localeCompare(b.message),
  );
}

/** Counts deny findings as errors and warn/dryrun findings as warnings. */
export function summarize(
  findings: Finding[],
  objects: number,
  policies: number,
  durationMs: number,
): Report['summary'] {
  const errors = findings.filter((f) => f.enforcementAction === 'deny').length;
  return { errors, warnings: findings.length - errors, objects, policies, durationMs };
}

/**
 * `validate -f`: `gator test` semantics on plain files. Templates, constraints and ExpansionTemplates come from the
 * files; every object is reviewed and every object is the inventory. Bad content is a finding; the run goes on.
 * Memory stays near one copy of the input: a file's text is dropped once parsed, an object once reviewed.
 */
export async function validateFiles(
  files: InputPath[],
  opts: EngineOptions & { threads: number },
): Promise<{ report: Report; phases: Phases }> {
  const start = performance.now();
  const findings: Finding[] = [];
  // Objects wait for review as their JSON (which the inventory and each review need anyway), not as JS objects:
  // a third of the memory. Templates, constraints and expansions stay objects; the engine reads them.
  const items: (Manifest | Serialised)[] = [];
  const policy: Manifest[] = [];
  const inventoryEntries: DataPart[] = [];
  const namespaces = new Map<string, KubeObject>();
  for (const f of files) {
    const parsed = parse(f.file, await readFile(f.path, 'utf8'), 'default');
    for (const m of parsed.manifests) {
      const json = objectJson(m.object);
      inventoryEntries.push({ path: inventoryPath(m.object), json });
      if (isNamespace(m.object)) namespaces.set(m.object.metadata?.name ?? '', m.object);
      if (isPolicyManifest(m)) {
        policy.push(m);
        items.push(m);
      } else items.push({ env: m.env, file: m.file, line: m.line, fieldLines: m.fieldLines, json });
    }
    findings.push(...parsed.findings);
  }
  const objects = items.length;
  const parsed = performance.now();
  const peakAfterParse = peakRssMb();
  const engine = await loadEngine(policy, opts);
  findings.push(...engine.findings);
  const loaded = performance.now();
  const peakAfterLoad = peakRssMb();
  const inventory = serialisedInventory(inventoryEntries, namespaces);
  const reviewed =
    opts.threads > 1
      ? await evaluateInParallel(engine, [...materialise(items)], inventory, opts.threads)
      : evaluateManifests(engine, materialise(items), inventory);
  for (const f of reviewed) findings.push(f);
  const evaluated = performance.now();
  const peakAfterEval = peakRssMb();
  const report = {
    summary: summarize(findings, objects, engine.constraints.length, evaluated - start),
    findings: sortFindings(findings),
  };
  return {
    report,
    phases: {
      parseMs: parsed - start,
      loadMs: loaded - parsed,
      evalMs: evaluated - loaded,
      compiled: engine.stats.compiled,
      cached: engine.stats.cached,
      peakRssMb: { parse: peakAfterParse, load: peakAfterLoad, eval: peakAfterEval },
    },
  };
}

/** An object waiting for review as its JSON text (objectJson), with everything else of its manifest. */
type Serialised = Omit<Manifest, 'object'> & { json: string };

/** Yields each item as a manifest, parsing serialised ones, and drops it from `items` so it can be collected. */
function* materialise(items: (Manifest | Serialised)[]): Generator<Manifest> {
  for (let i = 0; i < items.length; i++) {
    const item = items[i] as Manifest | Serialised;
    items[i] = undefined as unknown as Manifest;
    if (!('json' in item)) {
      yield item;
      continue;
    }
    const { json, ...rest } = item;
    const object = JSON.parse(json) as KubeObject;
    rememberObjectJson(object, json);
    yield { ...rest, object };
  }
}

/** Where a run spent its time, for `--stats` and the benchmark. */
export interface Phases {
  parseMs: number;
  loadMs: number;
  evalMs: number;
  compiled: number;
  cached: number;
  /** The process's peak resident memory (MB) at the end of each phase. */
  peakRssMb?: Record<string, number>;
}

/** Peak resident set size of this process so far, in MB. */
export function peakRssMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}
