import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(root, 'bin', 'tollgate.js');

async function tollgate(cwd: string, ...args: string[]): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await promisify(execFile)('node', [bin, ...args], { cwd });
    return { code: 0, stdout };
  } catch (err) {
    const e = err as { code: number; stdout: string };
    return { code: e.code, stdout: e.stdout };
  }
}

describe('tollgate compile', () => {
  test('the committed bundle is current: every library template has its module, nothing unused', async () => {
    const r = await tollgate(root, 'compile', '--check');
    expect(r.stdout).toBe('');
    expect(r.code).toBe(0);
  });

  test('--check fails when a template changes, compile brings it back in step', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tollgate-compile-'));
    await mkdir(join(dir, 'policies', 'rego', 'privileged'), { recursive: true });
    const template = join(dir, 'policies', 'rego', 'privileged', 'template.yaml');
    await cp(join(root, 'validators', 'cli', '__fixtures__', 'files', 'template-privileged.yaml'), template);
    expect((await tollgate(dir, 'compile', '--check')).code).toBe(1);
    expect((await tollgate(dir, 'compile')).code).toBe(0);
    const before = await readdir(join(dir, 'policies', 'compiled'));
    expect(before).toHaveLength(1);
    expect(await tollgate(dir, 'compile', '--check')).toEqual({ code: 0, stdout: '' });
    await writeFile(template, (await readFile(template, 'utf8')).replace('is privileged', 'runs privileged'));
    const stale = await tollgate(dir, 'compile', '--check');
    expect(stale.code).toBe(1);
    expect(stale.stdout).toMatch(/^missing\tpolicies\/compiled\/[0-9a-f]{32}\.wasm\tFixturePrivileged/m);
    expect(stale.stdout).toContain(`unused\tpolicies/compiled/${before[0]}`);
    expect((await tollgate(dir, 'compile')).code).toBe(0);
    expect(await readdir(join(dir, 'policies', 'compiled'))).not.toContain(before[0]);
  });
});
