import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, expect, test } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const exec = promisify(execFile);
let repo: string;

interface Finding {
  env: string;
  file: string;
  source: string;
  enforcementAction: string;
  constraint?: string;
  kind?: string;
  name?: string;
}

async function validate(...args: string[]): Promise<Finding[]> {
  const run = exec('node', [join(root, 'bin', 'tollgate.js'), 'validate', ...args, '--format', 'json'], {
    cwd: repo,
    env: { ...process.env, TOLLGATE_CACHE_DIR: join(root, '.cache', 'tollgate', 'wasm') },
    maxBuffer: 64 << 20,
  });
  const stdout = await run.then(
    (r) => r.stdout,
    (e: { stdout: string }) => e.stdout,
  );
  return JSON.parse(stdout).findings;
}

beforeAll(async () => {
  repo = await mkdtemp(join(tmpdir(), 'tollgate-changed-'));
  for (const p of ['apps', 'clusters', 'policies', 'tollgate.yaml'])
    await cp(join(root, p), join(repo, p), { recursive: true });
  for (const args of [
    ['init', '-q', '-b', 'main'],
    ['add', '-A'],
    ['-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-qm', 'base'],
  ]) {
    await exec('git', args, { cwd: repo });
  }
}, 120_000);

test('--changed-since keeps the findings the change causes, in every environment deploying the changed base', async () => {
  const file = join(repo, 'apps/ledger/base/deployment.yaml');
  const text = await readFile(file, 'utf8');
  expect(text.match(/privileged: false/g)).toHaveLength(1);
  await writeFile(file, text.replace('privileged: false', 'privileged: true'));
  const all = await validate('--env', 'all');
  const changed = await validate('--env', 'all', '--changed-since', 'HEAD');
  const privileged = (fs: Finding[]) => fs.filter((f) => f.constraint === 'deny-privileged');
  expect(
    privileged(changed)
      .map((f) => f.env)
      .sort(),
  ).toEqual(['dev', 'prod', 'stage']);
  expect(privileged(changed)).toEqual(privileged(all));
  // Findings elsewhere (branch-tracking Applications, the prod tag missing from this clone) are not the change's;
  // what is kept is on the changed file or on the object rendered from it.
  expect(all.length).toBeGreaterThan(changed.length);
  const unrelated = changed.filter(
    (f) => f.file !== 'apps/ledger/base/deployment.yaml' && !(f.kind === 'Deployment' && f.name === 'ledger'),
  );
  expect(unrelated).toEqual([]);
}, 180_000);
