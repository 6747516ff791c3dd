import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const fixtures = 'validators/cli/__fixtures__/files';

async function tollgate(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)('node', ['bin/tollgate.js', ...args], { cwd: root });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('tollgate validate -f (the built CLI)', () => {
  test('a privileged pod is a deny finding at the line of the field, exit 1', async () => {
    const { code, stdout } = await tollgate(
      'validate',
      '-f',
      `${fixtures}/template-privileged.yaml`,
      '-f',
      `${fixtures}/pod-privileged.yaml`,
      '-f',
      `${fixtures}/pod-ok.yaml`,
      '--format',
      'json',
    );
    expect(code).toBe(1);
    const report = JSON.parse(stdout);
    expect(report.summary).toMatchObject({ errors: 1, warnings: 0, objects: 4, policies: 1 });
    expect(report.findings).toEqual([
      {
        env: 'default',
        file: `${fixtures}/pod-privileged.yaml`,
        line: 11,
        source: 'policy',
        enforcementAction: 'deny',
        message: 'container <app> is privileged; securityContext: {"privileged": true}',
        apiVersion: 'v1',
        kind: 'Pod',
        namespace: 'ledger',
        name: 'web',
        policy: 'FixturePrivileged',
        constraint: 'no-privileged',
      },
    ]);
  });

  test('clean input exits 0', async () => {
    const { code, stdout } = await tollgate(
      'validate',
      '-f',
      `${fixtures}/template-privileged.yaml`,
      '-f',
      `${fixtures}/pod-ok.yaml`,
    );
    expect(code).toBe(0);
    expect(stdout).toContain('0 error(s), 0 warning(s)');
  });

  test('Rego that does not compile and malformed YAML are findings naming file and line; the run goes on', async () => {
    const { code, stdout } = await tollgate(
      'validate',
      '-f',
      `${fixtures}/template-broken.yaml`,
      '-f',
      `${fixtures}/malformed.yaml`,
      '-f',
      `${fixtures}/template-privileged.yaml`,
      '-f',
      `${fixtures}/pod-privileged.yaml`,
      '--format',
      'json',
    );
    expect(code).toBe(1);
    const findings = JSON.parse(stdout).findings as {
      file: string;
      line: number;
      source: string;
      message: string;
    }[];
    expect(findings.map((f) => [f.file.split('/').pop(), f.line, f.source])).toEqual([
      ['malformed.yaml', 7, 'parse'],
      ['pod-privileged.yaml', 11, 'policy'],
      ['template-broken.yaml', 16, 'policy'],
    ]);
    expect(findings[2]?.message).toMatch(/FixtureBroken does not compile: line 4: rego_parse_error/);
  });

  test.for([
    { name: 'unknown command', args: ['frobnicate'], stderr: /error USAGE: unknown command "frobnicate"/ },
    {
      name: '--env with -f',
      args: ['validate', '--env', 'dev', '-f', 'x'],
      stderr: /error USAGE: --env and -f cannot be combined/,
    },
    {
      name: 'unknown format',
      args: ['validate', '-f', 'x', '--format', 'xml'],
      stderr: /unknown format "xml"/,
    },
    {
      name: 'missing path',
      args: ['validate', '-f', 'does/not/exist'],
      stderr: /error FILE_NOT_FOUND: does\/not\/exist does not exist\n {2}hint: /,
    },
    { name: 'unknown flag', args: ['validate', '--bogus'], stderr: /error USAGE: Unknown option '--bogus'/ },
  ])('$name exits 2 with message and hint', async ({ args, stderr }) => {
    const r = await tollgate(...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(stderr);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
