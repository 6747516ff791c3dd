import { execFile } from 'node:child_process';
import { cp, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const exec = promisify(execFile);

/** A git repository in a new temporary directory holding `__fixtures__/repo`, committed on main. */
export async function fixtureRepo(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tollgate-cli-'));
  await cp(fileURLToPath(new URL('repo', import.meta.url)), dir, { recursive: true });
  const git = (...args: string[]) =>
    exec('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: dir });
  await git('init', '-q', '-b', 'main');
  await git('add', '-A');
  await git('commit', '-q', '-m', 'fixture');
  return dir;
}

/** Runs the built CLI (bin/tollgate.js) in `cwd` with extra environment variables. */
export async function tollgate(
  cwd: string,
  env: Record<string, string>,
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  const { ARGOCD_ENV_TOLLGATE_ENV: _, ...base } = process.env;
  try {
    const { stdout, stderr } = await exec('node', [join(root, 'bin', 'tollgate.js'), ...args], {
      cwd,
      env: { ...base, TOLLGATE_CACHE_DIR: join(tmpdir(), 'tollgate-cli-test-cache'), ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
