import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fixtureRepo, tollgate } from './__fixtures__/repo.js';

let repo: string;
beforeAll(async () => {
  repo = await fixtureRepo();
});
afterAll(async () => {
  await rm(repo, { recursive: true, force: true });
});

describe('tollgate render (the built CLI)', () => {
  test('yaml: the objects of one Application, each under a source comment', async () => {
    const { code, stdout } = await tollgate(repo, {}, 'render', '--env', 'dev', '--app', 'policies');
    expect(code).toBe(0);
    const sources = stdout.split('\n').filter((l) => l.startsWith('# source: '));
    expect(sources.sort()).toEqual([
      '# source: policies/deny-privileged/constraint.yaml:1',
      '# source: policies/deny-privileged/template.yaml:1',
    ]);
    expect(stdout).toContain('kind: K8sDenyPrivileged');
    expect(stdout).not.toContain('kind: Deployment');
  });

  test('json: file, line and object of each', async () => {
    const { code, stdout } = await tollgate(
      repo,
      {},
      'render',
      '--env',
      'dev',
      '--app',
      'policies',
      '--format',
      'json',
    );
    expect(code).toBe(0);
    const kinds = (JSON.parse(stdout) as { file: string; line: number; object: { kind: string } }[]).map(
      (m) => [m.file, m.line, m.object.kind],
    );
    expect(kinds.sort()).toEqual([
      ['policies/deny-privileged/constraint.yaml', 1, 'K8sDenyPrivileged'],
      ['policies/deny-privileged/template.yaml', 1, 'ConstraintTemplate'],
    ]);
  });

  test('a plugin source is not rendered: said on stderr, nothing on stdout', async () => {
    const { code, stdout, stderr } = await tollgate(repo, {}, 'render', '--env', 'dev', '--app', 'web');
    expect(code).toBe(0);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^not rendered: clusters\/dev\/web\.yaml:\d+: config management plugin sources/);
  });

  test.for([
    {
      name: 'unknown application',
      args: ['--env', 'dev', '--app', 'nope'],
      error: /unknown application "nope" in environment dev\n {2}hint: applications of dev: policies, web/,
    },
    {
      name: 'unknown environment',
      args: ['--env', 'qa', '--app', 'web'],
      error: /unknown environment qa\n {2}hint: use one of: dev, or all/,
    },
  ])('$name: exit 2 listing the known ones', async ({ args, error }) => {
    const { code, stderr } = await tollgate(repo, {}, 'render', ...args);
    expect(code).toBe(2);
    expect(stderr).toMatch(error);
  });
});
