import type { Finding, Report } from './core/types.js';
import { emptyIntake, intakeFiles, materialise } from './intake.js';
import type { InputPath } from './io/files.js';
import { type EngineOptions, loadEngine } from './policy/engine.js';
import { evaluateManifests } from './policy/evaluate.js';
import { serialisedInventory } from './policy/inventory.js';
import { evaluateInParallel } from './policy/parallel.js';
import { setNumberStyle } from './policy/review.js';

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
  setNumberStyle('float64'); // gator test reads files: every number a float64
  const intake = emptyIntake();
  intakeFiles(files, intake);
  const { items, policy, inventory: inventoryEntries, namespaces, findings } = intake;
  const objects = items.length;
  const parsed = performance.now();
  const peakAfterParse = peakRssMb();
  const engine = await loadEngine(policy, opts);
  findings.push(...engine.findings);
  const loaded = performance.now();
  const peakAfterLoad = peakRssMb();
  // gator test gives a cluster-scoped object an empty Namespace and an undeclared `default` a bare one.
  const inventory = serialisedInventory(inventoryEntries, namespaces, 'gator-test');
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
