import { readdir } from 'node:fs/promises';

import { RE2JS } from 're2js';
import { TollgateError } from '../core/errors.js';
import type { EngineOptions } from '../policy/engine.js';
import { setNumberStyle } from '../policy/review.js';
import type { SuiteResult } from './result.js';
import { suiteFailed } from './result.js';
import { allFilter, type Filter, runSuite } from './runner.js';
import { readSuites, type Suite } from './suite.js';

export { printResults } from './printer.js';
export type { SuiteResult } from './result.js';

const SUITE_CONCURRENCY = 4;

/** Builds gator's `--run` filter: `TEST_OR_CASE` or `TEST//CASE`, Go RE2 patterns. */
export function makeFilter(run: string | undefined): Filter {
  if (!run) return allFilter;
  const parts = run.split('//');
  const compile = (p: string) => {
    try {
      return RE2JS.compile(p);
    } catch (err) {
      throw new TollgateError(
        'USAGE',
        `compiling filter: ${(err as Error).message}`,
        'pass a valid RE2 pattern to --run',
      );
    }
  };
  if (parts.length > 2)
    throw new TollgateError(
      'USAGE',
      'compiling filter: a filter may include at most one "//"',
      'use TEST//CASE',
    );
  if (parts.length === 1) {
    const re = compile(parts[0] as string);
    const f = (s: string) => re.matcher(s).find();
    return { test: (t) => f(t.name) || t.cases.some((c) => f(c.name)), case: (t, c) => f(c) || f(t) };
  }
  const tre = compile(parts[0] as string);
  const cre = compile(parts[1] as string);
  return {
    test: (t) => tre.matcher(t.name).find(),
    case: (t, c) => tre.matcher(t).find() && cre.matcher(c).find(),
  };
}

/** Runs every suite the paths name; returns results and the printed text. */
export async function verify(
  paths: string[],
  opts: EngineOptions & { cwd: string; filter?: string },
): Promise<{ results: SuiteResult[]; failed: boolean }> {
  setNumberStyle('float64'); // gator reads case files: every number a float64
  const filter = makeFilter(opts.filter);
  const suites: Suite[] = [];
  for (const p of paths) suites.push(...(await readSuites(p, opts.cwd)));
  // Suites are independent (each test builds its own engine); running a few at once overlaps their file reads.
  const results: SuiteResult[] = new Array(suites.length);
  let next = 0;
  const worker = async () => {
    while (next < suites.length) {
      const i = next++;
      results[i] = await runSuite(suites[i] as Suite, filter, opts);
    }
  };
  await Promise.all(Array.from({ length: Math.min(SUITE_CONCURRENCY, suites.length) }, worker));
  return { results, failed: results.some(suiteFailed) };
}

/** Whether `root` holds `*_test.rego` files, for `opa test`. */
export async function hasRegoTests(root: string): Promise<boolean> {
  const entries = await readdir(root, { withFileTypes: true, recursive: true }).catch(() => []);
  return entries.some((e) => e.isFile() && e.name.endsWith('_test.rego'));
}
