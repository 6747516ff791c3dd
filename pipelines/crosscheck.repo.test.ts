import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, test } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Runs the real cross-check: gator and tollgate on the same input must agree case by case. */
async function crosscheck(...args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)('node', ['pipelines/crosscheck.mjs', ...args], { cwd: root, maxBuffer: 64 << 20 });
    return { code: 0, out: stdout + stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

test('this repository\'s policy suites: tollgate verify and gator verify agree on every case', async () => {
  const r = await crosscheck('--suites', 'policies/rego');
  expect(r.out).toContain('tollgate and gator agree');
  expect(r.code).toBe(0);
}, 300_000);

test('the Gatekeeper semantic suites (must-pass and must-fail): tollgate agrees with gator on every case', async () => {
  const base = join(root, 'validators', 'verify', '__suites__');
  // cel-and-rego pins that gator runs a template's CEL in place of its Rego; Tollgate has no CEL engine and
  // evaluates the Rego (README, engine notes), so that folder is the one known, documented difference.
  const dirs = [
    ...(await readdir(base, { withFileTypes: true })).filter((d) => d.isDirectory() && d.name !== 'failing' && d.name !== 'cel-and-rego').map((d) => `validators/verify/__suites__/${d.name}`),
    ...(await readdir(join(base, 'failing'), { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => `validators/verify/__suites__/failing/${d.name}`),
  ];
  expect(dirs.length).toBeGreaterThan(25);
  const r = await crosscheck('--suites', ...dirs);
  expect(r.out).toContain('tollgate and gator agree');
  expect(r.code, r.out.slice(-3000)).toBe(0);
}, 600_000);

test('the whole library over every suite object as plain files: tollgate validate -f and gator test report the same violations', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'tollgate-crosscheck-'));
  const rego = join(root, 'policies', 'rego');
  let objects = 0;
  for (const policy of await readdir(rego)) {
    const prod = join(rego, policy, 'constraints', 'prod.yaml');
    const template = join(rego, policy, 'template.yaml');
    if (!(await readFile(prod).catch(() => undefined))) continue;
    await mkdir(join(dir, policy), { recursive: true });
    await copyFile(template, join(dir, policy, 'template.yaml'));
    await copyFile(prod, join(dir, policy, 'constraint.yaml'));
    for (const f of await readdir(join(rego, policy, 'tests')).catch(() => [] as string[])) {
      const text = await readFile(join(rego, policy, 'tests', f), 'utf8');
      // AdmissionReviews are verify-only input; gator test reviews them as plain objects of an unserved kind.
      // Constraint files of `invalid: true` tests are meant to be rejected; gator test would abort on them.
      if (!f.endsWith('.yaml') || /kind: AdmissionReview|gatekeeper\.sh\//.test(text)) continue;
      await copyFile(join(rego, policy, 'tests', f), join(dir, policy, `object-${f}`));
      objects++;
    }
  }
  for (const f of await readdir(join(root, 'policies', 'expansion'))) {
    const text = await readFile(join(root, 'policies', 'expansion', f), 'utf8');
    if (f.endsWith('.yaml') && /kind: ExpansionTemplate/.test(text)) await copyFile(join(root, 'policies', 'expansion', f), join(dir, f));
  }
  expect(objects).toBeGreaterThan(100);
  const r = await crosscheck('--manifests', dir);
  expect(r.out).toContain('agree');
  expect(r.code, r.out).toBe(0);
}, 300_000);

test('numbers in plain files (objects, parameters, inventory): tollgate validate -f and gator test print them alike', async () => {
  // gator test reads every number as a float64: 1000000 prints as 1e+06, -0.0 as -0 in JSON.
  const suite = join(root, 'validators', 'verify', '__suites__', 'object-numbers');
  const dir = await mkdtemp(join(tmpdir(), 'tollgate-crosscheck-numbers-'));
  await copyFile(join(suite, 'template.yaml'), join(dir, 'template.yaml'));
  await copyFile(join(suite, 'constraint.yaml'), join(dir, 'constraint.yaml'));
  await copyFile(join(suite, 'objects', 'numbers.yaml'), join(dir, 'numbers.yaml'));
  await copyFile(join(suite, 'objects', 'stock.yaml'), join(dir, 'stock.yaml'));
  const r = await crosscheck('--manifests', dir);
  expect(r.out).toContain('agree');
  expect(r.code, r.out).toBe(0);
}, 300_000);

test("gator test's Namespace for a review (scope, namespaces, namespaceSelector): tollgate validate -f agrees", async () => {
  // Cluster-scoped objects get an empty Namespace (scope Namespaced matches them), an undeclared `default` a bare
  // one, any other undeclared namespace none (a namespaceSelector then errors).
  const r = await crosscheck('--manifests', join(root, 'validators', 'cli', '__fixtures__', 'gator-test-namespaces'));
  expect(r.out).toMatch(/gator 20 violations, tollgate 20/);
  expect(r.out).toContain('agree');
  expect(r.code, r.out).toBe(0);
}, 300_000);
