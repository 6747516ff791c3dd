import { readFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import type { KubeObject, Manifest } from '../core/types.js';
import { readConstraint } from '../policy/constraint.js';
import { type Engine, type EngineOptions, loadEngine, type Result, review } from '../policy/engine.js';
import { expand, readExpansion } from '../policy/expansion.js';
import { buildInventory } from '../policy/inventory.js';
import { groupOf } from '../policy/match.js';
import { evalErrorMessage } from '../policy/rego-source.js';
import { isAdmissionReview, reviewAdmission, reviewObject } from '../policy/review.js';
import { checkAssertion } from './assertion.js';
import { readUnstructured, readUnstructureds } from './read-objects.js';
import type { CaseResult, SuiteResult, TestResult } from './result.js';
import type { Case, Suite, Test } from './suite.js';

/** Selects tests and cases like gator's `--run` (`pkg/gator/verify/filter.go`). */
export interface Filter {
  test(t: Test): boolean;
  case(testName: string, caseName: string): boolean;
}

export const allFilter: Filter = { test: () => true, case: () => true };

/** Runs one suite with gator's semantics (`pkg/gator/verify/runner.go`). */
export async function runSuite(suite: Suite, filter: Filter, opts: EngineOptions): Promise<SuiteResult> {
  const start = performance.now();
  if (suite.skip) return { path: suite.inputPath, skipped: true, tests: [], runtimeMs: 0 };
  const dir = dirname(suite.file);
  const tests: TestResult[] = [];
  for (const t of suite.tests) {
    if (t.skip || !filter.test(t)) tests.push({ name: t.name, skipped: true, cases: [], runtimeMs: 0 });
    else tests.push(await runTest(dir, t, filter, opts));
  }
  return { path: suite.inputPath, tests, runtimeMs: performance.now() - start };
}

/** A failure reading or loading what a test names: the whole test fails with this text. */
class TestError extends Error {}

async function runTest(dir: string, t: Test, filter: Filter, opts: EngineOptions): Promise<TestResult> {
  const start = performance.now();
  const done = (error: string | undefined, cases: CaseResult[] = []): TestResult => ({
    name: t.name,
    ...(error !== undefined ? { error } : {}),
    cases,
    runtimeMs: performance.now() - start,
  });
  let engine: Engine;
  try {
    const added = await addConstraint(dir, t, opts);
    if (t.invalid) {
      // gator runTest: only constraints.ErrSchema satisfies `invalid: true`; the cases are never run.
      if ('schema' in added) return done(undefined);
      const got = 'error' in added ? added.error : '<nil>';
      return done(
        `constraint should have failed schema validation: got error ${got} but want schema validation failed`,
      );
    }
    if ('schema' in added) throw new TestError(`adding constraint: ${added.schema}`);
    if ('error' in added) throw new TestError(`${added.adding ?? ''}${added.error}`);
    engine = added.engine;
    if (t.expansion) {
      const expansions = await readObjects(
        dir,
        t.expansion,
        (p) => `reading ExpansionTemplate from ${JSON.stringify(p)}: open ${p}: no such file or directory`,
      );
      for (const m of expansions) {
        const e = readExpansion(m);
        if (typeof e === 'string') throw new TestError(e);
        engine.expansions.push(e);
      }
    }
  } catch (err) {
    if (err instanceof TestError) return done(err.message);
    throw err;
  }
  const cases: CaseResult[] = [];
  for (const c of t.cases) {
    if (c.skip || !filter.case(t.name, c.name)) cases.push({ name: c.name, skipped: true, runtimeMs: 0 });
    else cases.push(await runCase(dir, c, engine));
  }
  return done(undefined, cases);
}

/**
 * gator's tryAddConstraint: the template, then the constraint (`client.AddConstraint`). A schema error
 * (`constraints.ErrSchema`) is told apart from every other failure, as `invalid: true` needs.
 */
async function addConstraint(
  dir: string,
  t: Test,
  opts: EngineOptions,
): Promise<{ engine: Engine } | { schema: string } | { error: string; adding?: string }> {
  try {
    if (!t.template) throw new TestError('invalid Suite: missing template');
    const template = await readOne(
      dir,
      t.template,
      'ConstraintTemplate',
      'adding template: parsing ConstraintTemplate YAML',
    );
    const tv = template.object.apiVersion ?? '';
    if (!tv.startsWith('templates.gatekeeper.sh/') || template.object.kind !== 'ConstraintTemplate') {
      throw new TestError(
        `path ${JSON.stringify(gatorPath(join(dir, t.template)))}: not a ConstraintTemplate`,
      );
    }
    if (!t.constraint) throw new TestError('invalid Suite: missing constraint');
    const constraint = await readOne(
      dir,
      t.constraint,
      'Constraint',
      'adding constraint: parsing Constraint',
    );
    if (groupOf(constraint.object.apiVersion) !== 'constraints.gatekeeper.sh')
      throw new TestError('not a Constraint');
    // gator verify reads case files as float64 numbers but a constraint's parameters as int64 (measured).
    const engine = await loadEngine([template, constraint], { ...opts, constraintNumbers: 'int64' });
    const templateProblem = engine.findings.find(
      (f) => f.file === template.file && f.enforcementAction === 'deny',
    );
    if (templateProblem) throw new TestError(`adding template: ${templateProblem.message}`);
    const loaded = engine.templates.get(constraint.object.kind ?? '');
    if (!loaded) {
      throw new TestError(
        `missing ConstraintTemplate: template ${JSON.stringify((constraint.object.kind ?? '').toLowerCase())} not found`,
      );
    }
    if (loaded.unavailable) throw new TestError(`adding template: ${loaded.unavailable}`);
    const r = readConstraint(constraint, loaded.template, opts.enforcementPoints, 'int64');
    if (r.error?.schema) return { schema: r.error.message };
    if (r.error) return { error: r.error.message, adding: 'adding constraint: ' };
    const constraintProblem = engine.findings.find((f) => f.file === constraint.file);
    if (constraintProblem) return { error: constraintProblem.message, adding: 'adding constraint: ' };
    return { engine };
  } catch (err) {
    if (err instanceof TestError) return { error: err.message };
    throw err;
  }
}

async function runCase(dir: string, c: Case, engine: Engine): Promise<CaseResult> {
  const start = performance.now();
  const result = (error?: string): CaseResult => ({
    name: c.name,
    ...(error !== undefined ? { error } : {}),
    runtimeMs: performance.now() - start,
  });
  if (!c.object) return result('invalid test case: must define object');
  if (c.assertions.length === 0) return result('invalid test case: assertions must be non-empty');
  let messages: string[];
  try {
    const objects = await readObjects(dir, c.object);
    if (objects.length !== 1) {
      return result(
        `object file must contain exactly one object: ${JSON.stringify(gatorPath(join(dir, c.object)))} defines ${objects.length} objects`,
      );
    }
    const inventory: KubeObject[] = [];
    for (const p of c.inventory) inventory.push(...(await readObjects(dir, p)).map((m) => m.object));
    const inv = buildInventory(inventory);
    const object = (objects[0] as Manifest).object;
    // Until the engine words Rego conflicts as Gatekeeper does, its Wasm abort text is translated here.
    const msg = (r: Result) =>
      evalErrorMessage(r.msg, engine.templates.get(r.constraint.kind)?.template.rego);
    if (isAdmissionReview(object)) {
      messages = review(engine, reviewAdmission(object), inv, 'Original').map(msg);
    } else {
      messages = review(engine, reviewObject(object), inv, 'Original').map(msg);
      for (const r of expand(object, engine.expansions)) {
        messages.push(
          ...review(engine, reviewObject(r.object), inv, 'Generated').map(
            (x) => `[Implied by ${r.template.name}] ${msg(x)}`,
          ),
        );
      }
    }
  } catch (err) {
    if (err instanceof TestError || err instanceof Error) return result(err.message);
    throw err;
  }
  for (const a of c.assertions) {
    const failure = checkAssertion(a, messages);
    if (failure) return result(failure);
  }
  return result();
}

/** gator opens files through `os.DirFS("/")`: paths in its messages have no leading slash. */
const gatorPath = (path: string): string => path.replace(/^\/+/, '');

const manifestOf = (path: string, object: KubeObject): Manifest => ({
  env: 'default',
  file: relative(process.cwd(), path),
  line: 1,
  object,
  fieldLines: {},
});

/** A template or constraint file as gator's `ReadTemplate`/`ReadConstraint` read it: first document, not cleaned. */
async function readOne(dir: string, file: string, what: string, parsing: string): Promise<Manifest> {
  const path = join(dir, file);
  const text = await readFile(path, 'utf8').catch(() => {
    throw new TestError(
      `reading ${what} from ${JSON.stringify(gatorPath(path))}: open ${gatorPath(path)}: no such file or directory`,
    );
  });
  try {
    return manifestOf(path, readUnstructured(text));
  } catch (err) {
    throw new TestError(`${parsing} from ${JSON.stringify(gatorPath(path))}: ${(err as Error).message}`);
  }
}

/** Case objects, inventory and expansion files as gator's `readObjects` reads them (`reader.ReadUnstructureds`). */
async function readObjects(
  dir: string,
  file: string,
  missing = (p: string) => `open ${p}: no such file or directory`,
): Promise<Manifest[]> {
  const path = join(dir, file);
  const text = await readFile(path, 'utf8').catch(() => {
    throw new TestError(missing(gatorPath(path)));
  });
  let objects: KubeObject[];
  try {
    objects = readUnstructureds(text);
  } catch (err) {
    throw new TestError(`reading ${JSON.stringify(gatorPath(path))}: ${(err as Error).message}`);
  }
  if (objects.length === 0)
    throw new TestError(`missing objects: path ${JSON.stringify(gatorPath(path))} defines no YAML objects`);
  return objects.map((o) => manifestOf(path, o));
}
