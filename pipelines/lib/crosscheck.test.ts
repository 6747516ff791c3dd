import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import {
  compareVerify,
  compareViolations,
  formatDisagreement,
  gatorTestViolations,
  parseArgs,
  parseVerifyOutput,
  tollgateViolations,
  verifyOutcomes,
} from './crosscheck.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const fixtures = path.join(repo, 'pipelines', 'lib', '__fixtures__');
// Captured from gator v3.23.1, run in the repository root:
//   .tools/bin/gator verify -v validators/verify/__suites__/...   > gator-verify-suites.txt
//   .tools/bin/gator verify validators/verify/__suites__/...      > gator-verify-suites-quiet.txt
//   .tools/bin/gator test -f pipelines/lib/__fixtures__/manifests -o json > gator-test-manifests.json
const verbose = readFileSync(path.join(fixtures, 'gator-verify-suites.txt'), 'utf8');
const quiet = readFileSync(path.join(fixtures, 'gator-verify-suites-quiet.txt'), 'utf8');
const gatorJson = readFileSync(path.join(fixtures, 'gator-test-manifests.json'), 'utf8');

const S = 'validators/verify/__suites__';

/** The report tollgate writes for `violations` (only the fields the comparison reads, plus a parse finding). */
function tollgateReport(violations: ReturnType<typeof gatorTestViolations>) {
  const findings = violations.map((v) => ({
    env: 'dev',
    file: 'manifests/objects.yaml',
    line: 1,
    apiVersion: 'v1',
    kind: v.kind,
    ...(v.namespace ? { namespace: v.namespace } : {}),
    name: v.name,
    source: 'policy',
    policy: v.policy,
    constraint: v.constraint,
    enforcementAction: v.enforcementAction,
    message: v.message,
  }));
  findings.push({
    env: 'dev',
    file: 'manifests/broken.yaml',
    line: 3,
    source: 'parse',
    enforcementAction: 'deny',
    message: 'duplicate key',
  } as (typeof findings)[number]);
  return JSON.stringify({ summary: { errors: 1, warnings: 0, objects: 6, policies: 5, durationMs: 12 }, findings });
}

describe('parseVerifyOutput on gator verify -v', () => {
  const parsed = parseVerifyOutput(verbose);
  const outcomes = verifyOutcomes(parsed);

  test('reads every suite and the final status', () => {
    expect(parsed.status).toBe('FAIL');
    expect(parsed.suites).toHaveLength(30);
    expect(parsed.suites.filter((s) => s.status === 'fail').map((s) => s.path)).toEqual([
      `${S}/failing/admission-review/suite.yaml`,
      `${S}/failing/assertions/suite.yaml`,
      `${S}/failing/counts/suite.yaml`,
      `${S}/failing/invalid-constraint/suite.yaml`,
      `${S}/failing/missing-files/suite.yaml`,
      `${S}/failing/object-files/suite.yaml`,
      `${S}/failing/templates/suite.yaml`,
    ]);
  });

  test.for([
    { key: `${S}/skip/skipped-suite.yaml`, status: 'pass' },
    { key: `${S}/skip/suite.yaml :: test-skip`, status: 'skip' },
    { key: `${S}/skip/suite.yaml :: case-skip :: skipped-would-fail`, status: 'skip' },
    { key: `${S}/skip/suite.yaml :: case-skip :: runs`, status: 'pass' },
    { key: `${S}/failing/counts/suite.yaml :: counts`, status: 'fail' },
    { key: `${S}/failing/counts/suite.yaml :: counts :: passes-after-failures`, status: 'pass' },
    { key: `${S}/failing/counts/suite.yaml :: all-cases-pass`, status: 'pass' },
    { key: `${S}/sprintf/suite.yaml :: sprintf :: verb-T`, status: 'pass' },
  ])('$key is $status', ({ key, status }) => {
    expect(outcomes.get(key)?.status).toBe(status);
  });

  test.for([
    {
      name: 'case error, one line',
      key: `${S}/failing/counts/suite.yaml :: counts :: wrong-count`,
      error:
        'unexpected number of violations: got 1 violations but want exactly 2: got messages [matched v1 Pod shop/web]',
    },
    {
      name: 'case error over two lines, own indentation kept',
      key: `${S}/failing/object-files/suite.yaml :: object-files :: duplicate-key`,
      error:
        'reading "work/main/validators/verify/__suites__/failing/object-files/objects/duplicate-key.txt": invalid yaml: yaml: unmarshal errors:\n  line 5: mapping key "name" already defined at line 4',
    },
    {
      name: 'test error over three lines',
      key: `${S}/failing/templates/suite.yaml :: v1-with-v0-syntax`,
      error:
        'adding template: invalid ConstraintTemplate: 2 errors occurred:\ntemplate:3: rego_parse_error: `if` keyword is required before rule body\ntemplate:3: rego_parse_error: `contains` keyword is required for partial set rules',
    },
    {
      name: 'case error followed by blank lines',
      key: `${S}/failing/templates/suite.yaml :: msg-not-a-string :: number-msg-fails`,
      error:
        'reviewing /v1, Kind=Pod shop/web: admission.k8s.gatekeeper.sh: Rego: extracting message binding: .msg accessor error: 3 is of the type json.Number, expected string',
    },
  ])('$name', ({ key, error }) => {
    expect(outcomes.get(key)).toEqual({ status: 'fail', error });
  });

  test('a failed test loaded nothing, so it has no cases', () => {
    const suite = parsed.suites.find((s) => s.path === `${S}/failing/missing-files/suite.yaml`);
    const test = suite?.tests.find((t) => t.name === 'missing-template-file');
    expect(test).toMatchObject({ status: 'fail', cases: [] });
  });

  test('without -v, gator prints only failures, and they read the same', () => {
    const q = verifyOutcomes(parseVerifyOutput(quiet));
    expect([...q.values()].filter((o) => o.status === 'fail')).toHaveLength(
      [...outcomes.values()].filter((o) => o.status === 'fail').length,
    );
    for (const [key, outcome] of q) {
      if (outcome.status === 'fail') expect(outcomes.get(key)).toEqual(outcome);
    }
  });

  test('output without a PASS or FAIL line has no status', () => {
    expect(parseVerifyOutput('')).toEqual({ status: null, suites: [] });
  });
});

describe('compareVerify', () => {
  const gator = parseVerifyOutput(verbose);

  test.for([
    { name: 'identical output, other timings', edit: (t: string) => t.replace(/\d+\.\d{3}s/g, '9.999s'), expected: [] },
    {
      name: 'a case gator passes fails in tollgate',
      edit: (t: string) =>
        t.replace(
          /    --- PASS: runs\t(\(\S+\))\n/,
          '    --- FAIL: runs\t$1\n        unexpected number of violations: got 0 violations\n',
        ),
      expected: [
        {
          kind: 'verify',
          key: `${S}/skip/suite.yaml :: case-skip :: runs`,
          gator: 'pass',
          tollgate: 'fail',
          detail: 'unexpected number of violations: got 0 violations',
        },
      ],
    },
    {
      name: 'a case tollgate skips instead of failing',
      edit: (t: string) =>
        t.replace(
          /    --- FAIL: wrong-count\t\(\S+\)\n {8}unexpected[^\n]*\n/,
          '    === SKIP  wrong-count\n',
        ),
      expected: [
        {
          kind: 'verify',
          key: `${S}/failing/counts/suite.yaml :: counts :: wrong-count`,
          gator: 'fail',
          tollgate: 'skip',
          detail:
            'unexpected number of violations: got 1 violations but want exactly 2: got messages [matched v1 Pod shop/web]',
        },
      ],
    },
    {
      name: 'a suite tollgate does not run',
      edit: (t: string) => t.replace(/ok\tvalidators\/verify\/__suites__\/skip\/skipped-suite\.yaml\t\S+\n/, ''),
      expected: [
        {
          kind: 'verify',
          key: `${S}/skip/skipped-suite.yaml`,
          gator: 'pass',
          tollgate: 'absent',
          detail: '',
        },
      ],
    },
  ])('$name', ({ edit, expected }) => {
    const edited = edit(verbose);
    expect(edited).not.toBe(verbose);
    expect(compareVerify(gator, parseVerifyOutput(edited))).toEqual(expected);
  });
});

describe('violations from gator test -o json', () => {
  const violations = gatorTestViolations(gatorJson);

  test('one entry per result, scoped constraints reporting the action for gator', () => {
    expect(violations).toHaveLength(7);
    expect(violations).toContainEqual({
      policy: 'K8sFixtureNoLatest',
      constraint: 'no-latest-for-gator',
      kind: 'Deployment',
      namespace: 'ledger',
      name: 'ledger-api',
      enforcementAction: 'warn',
      message:
        '[Implied by expand-deployments] container <api> uses the latest tag: ghcr.io/acme-payments/ledger-api:latest',
    });
    expect(violations).toContainEqual({
      policy: 'K8sFixtureRequiredLabel',
      constraint: 'namespaces-need-env',
      kind: 'Namespace',
      namespace: '',
      name: 'sandbox',
      enforcementAction: 'warn',
      message: 'Namespace sandbox must carry the label "env"',
    });
    expect(violations.filter((v) => v.constraint === 'no-latest-webhook-only')).toEqual([]);
  });

  test('no results is null', () => {
    expect(gatorTestViolations('null')).toEqual([]);
  });

  test('output that is not JSON throws', () => {
    expect(() => gatorTestViolations('')).toThrow();
  });

  test("tollgate's report reads back to the same violations, without non-policy findings", () => {
    expect(tollgateViolations(tollgateReport(violations))).toEqual(violations);
  });

  test.for([
    { name: 'the same violations', change: (v: typeof violations) => v, expected: [] as [string, number, number][] },
    {
      name: 'a missing violation',
      change: (v: typeof violations) => v.filter((x) => x.kind !== 'Namespace'),
      expected: [['K8sFixtureRequiredLabel/namespaces-need-env on Namespace sandbox [warn]', 1, 0]],
    },
    {
      name: 'a different message is one missing and one extra',
      change: (v: typeof violations) =>
        v.map((x) => (x.name === 'orphan' ? { ...x, message: 'namespace "missing" not found' } : x)),
      expected: [
        ['K8sFixtureRequiredLabel/prod-pods-need-team on Pod missing/orphan [dryrun]', 1, 0],
        ['K8sFixtureRequiredLabel/prod-pods-need-team on Pod missing/orphan [dryrun]', 0, 1],
      ],
    },
    {
      name: 'a different enforcement action',
      change: (v: typeof violations) =>
        v.map((x) => (x.constraint === 'workloads-need-owner' ? { ...x, enforcementAction: 'warn' } : x)),
      expected: [
        ['K8sFixtureRequiredLabel/workloads-need-owner on Deployment sandbox/scratch [deny]', 1, 0],
        ['K8sFixtureRequiredLabel/workloads-need-owner on Deployment sandbox/scratch [warn]', 0, 1],
      ],
    },
    {
      name: 'a duplicate',
      change: (v: typeof violations) => [...v, v[0]],
      expected: [['K8sFixtureRequiredLabel/workloads-need-owner on Deployment sandbox/scratch [deny]', 1, 2]],
    },
  ])('$name', ({ change, expected }) => {
    const tollgate = tollgateViolations(tollgateReport(change(violations)));
    const found = compareViolations(violations, tollgate).map((d) => [d.key, d.gator, d.tollgate]);
    expect(found.sort()).toEqual([...expected].sort());
  });
});

describe('parseArgs', () => {
  test.for([
    { args: ['--suites', 'a', 'b/'], want: { suites: ['a', 'b'], manifests: [] } },
    { args: ['--suites', 'a/...', '--manifests', 'm', 'n'], want: { suites: ['a'], manifests: ['m', 'n'] } },
    { args: ['--manifests', 'm'], want: { suites: [], manifests: ['m'] } },
  ])('$args', ({ args, want }) => {
    expect(parseArgs(args)).toEqual(want);
  });

  test.for([
    { args: [], error: /^nothing to check\nusage: / },
    { args: ['a'], error: /^unexpected argument "a"/ },
    { args: ['--suites', 'a', '--verbose'], error: /^unexpected argument "--verbose"/ },
  ])('$args is an error', ({ args, error }) => {
    expect(() => parseArgs(args)).toThrow(error);
  });
});

test('formatDisagreement indents the detail and shortens long ones', () => {
  expect(
    formatDisagreement({ kind: 'verify', key: 's :: t :: c', gator: 'pass', tollgate: 'fail', detail: 'a\nb' }),
  ).toBe('verify: s :: t :: c: gator pass, tollgate fail\n    a\n    b');
  const long = formatDisagreement({ kind: 'violation', key: 'k', gator: 1, tollgate: 0, detail: 'x'.repeat(700) });
  expect(long).toBe(`violation: k: gator 1, tollgate 0\n    ${'x'.repeat(600)}…`);
});

// The script end to end, in a copy of the repository layout whose bin/tollgate.js answers with gator's own
// output (so the two agree), or with a changed or empty one.
describe('pipelines/crosscheck.mjs', () => {
  const gator = path.join(repo, '.tools', 'bin', 'gator');
  let dir: string;

  const fakeTollgate = `
import { execFileSync } from 'node:child_process';
const gator = ${JSON.stringify(gator)};
const [command, , target] = process.argv.slice(2);
const run = (args) => { try { return execFileSync(gator, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }); } catch (e) { return e.stdout; } };
if (process.env.FAKE === 'broken') { process.stderr.write('error INTERNAL: boom\\n'); process.exit(2); }
if (command === 'verify') {
  let out = run(['verify', '-v', target]);
  if (process.env.FAKE === 'disagree') out = out.replace('--- PASS: runs', '--- FAIL: runs');
  process.stdout.write(out);
} else {
  const results = JSON.parse(run(['test', '-f', process.argv[4], '-o', 'json'])) ?? [];
  const findings = results.map((r) => ({ source: 'policy', policy: r.constraint.kind, constraint: r.constraint.metadata.name,
    kind: r.violatingObject.kind, namespace: r.violatingObject.metadata.namespace, name: r.violatingObject.metadata.name,
    enforcementAction: r.enforcementAction === 'scoped' ? r.scopedActions.join(',') : r.enforcementAction, message: r.msg }));
  if (process.env.FAKE === 'disagree') findings.pop();
  process.stdout.write(JSON.stringify({ summary: {}, findings }));
}
`;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'tollgate-crosscheck-'));
    await mkdir(path.join(dir, 'pipelines', 'lib'), { recursive: true });
    await mkdir(path.join(dir, '.tools', 'bin'), { recursive: true });
    await mkdir(path.join(dir, 'bin'));
    for (const f of ['crosscheck.mjs', path.join('lib', 'crosscheck.mjs')]) {
      await writeFile(path.join(dir, 'pipelines', f), readFileSync(path.join(repo, 'pipelines', f)));
    }
    await symlink(path.join(repo, 'node_modules'), path.join(dir, 'node_modules'));
    await symlink(gator, path.join(dir, '.tools', 'bin', 'gator'));
    await writeFile(path.join(dir, 'bin', 'tollgate.js'), fakeTollgate);
    await chmod(path.join(dir, 'bin', 'tollgate.js'), 0o755);
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const crosscheck = (fake: string, args: string[]) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        [path.join(dir, 'pipelines', 'crosscheck.mjs'), ...args],
        { cwd: dir, env: { ...process.env, FAKE: fake } },
        (err, stdout, stderr) => resolve({ code: err ? (err.code as number) : 0, stdout, stderr }),
      );
    });

  const args = [
    '--suites',
    path.join(repo, S, 'skip'),
    path.join(repo, S, 'failing', 'counts'),
    '--manifests',
    path.join(fixtures, 'manifests'),
  ];

  test('gator is installed (npm test runs setup --with-crosscheck)', () => {
    expect(existsSync(gator)).toBe(true);
  });

  test('agreement exits 0', async () => {
    const r = await crosscheck('agree', args);
    expect(r.stdout).toContain('crosscheck: tollgate and gator agree');
    expect(r.code).toBe(0);
  });

  test('every disagreement is printed and exits 1', async () => {
    const r = await crosscheck('disagree', args);
    expect(r.stdout).toContain(`verify: ${path.join(repo, S, 'skip')}/suite.yaml :: case-skip :: runs: gator pass, tollgate fail`);
    expect(r.stdout).toMatch(/^violation: .*: gator 1, tollgate 0$/m);
    expect(r.stdout).toContain('crosscheck: 2 disagreements');
    expect(r.code).toBe(1);
  });

  test('unreadable tollgate output is a tool error, exit 2', async () => {
    const r = await crosscheck('broken', args);
    expect(r.stderr).toMatch(/^error TOOL_FAILED: tollgate verify .* ran no suites \(exit 2\):\nerror INTERNAL: boom\n {2}hint: /);
    expect(r.code).toBe(2);
  });

  test('a usage error exits 2', async () => {
    const r = await crosscheck('agree', ['--suite', 'x']);
    expect(r.stderr).toMatch(/^error USAGE: unexpected argument "--suite"/);
    expect(r.code).toBe(2);
  });
});
