import { readFile } from 'node:fs/promises';
import type { Finding, Manifest, Report } from './core/types.js';
import type { InputPath } from './io/files.js';
import { parse } from './parse/index.js';
import { type EngineOptions, loadEngine } from './policy/engine.js';
import { buildInventory } from './policy/inventory.js';
import { evaluateInParallel } from './policy/parallel.js';

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
  const manifests: Manifest[] = [];
  for (const f of files) {
    const parsed = parse(f.file, await readFile(f.path, 'utf8'), 'default');
    for (const m of parsed.manifests) manifests.push(m);
    findings.push(...parsed.findings);
  }
  const objects = manifests.length;
  const parsed = performance.now();
  const engine = await loadEngine(manifests, opts);
  findings.push(...engine.findings);
  const loaded = performance.now();
  const inventory = buildInventory(manifests.map((m) => m.object));
  for (const f of await evaluateInParallel(engine, manifests, inventory, opts.threads, { consume: true }))
    findings.push(f);
  const evaluated = performance.now();
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
}
