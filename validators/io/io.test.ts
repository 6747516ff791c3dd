import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { createRunTool } from './exec.js';
import { leavesRoot, listRepoFiles } from './fs.js';
import { checkoutCommit, repoInfo, resolveRevision } from './git.js';

const run = createRunTool({ searchPath: process.env.PATH });
const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe('exec', () => {
  test('a tool that is nowhere is TOOL_MISSING, naming the tool', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'tollgate-empty-'));
    dirs.push(empty);
    const none = createRunTool({ toolsDir: empty, searchPath: empty });
    await expect(none('kustomize', ['version'])).rejects.toMatchObject({
      code: 'TOOL_MISSING',
      message: expect.stringContaining('kustomize'),
    });
  });

  test('exit codes and output are returned, a timeout is TOOL_FAILED', async () => {
    const out = await run('git', ['--version']);
    expect(out).toMatchObject({ code: 0, stdout: expect.stringMatching(/^git version/) });
    expect((await run('git', ['no-such-command'])).code).not.toBe(0);
    await expect(
      run('git', ['hash-object', '--stdin'], { input: 'x'.repeat(1e7), timeoutMs: 1 }),
    ).rejects.toMatchObject({
      code: 'TOOL_FAILED',
    });
  });
});

describe('fs', () => {
  test.for([
    { name: 'sibling', file: 'a/l', target: '../b/x', out: false },
    { name: 'absolute', file: 'a/l', target: '/etc/passwd', out: true },
    { name: 'up and out', file: 'a/l', target: '../../x', out: true },
    { name: 'out and back in still left', file: 'l', target: '../repo/x', out: true },
  ])('$name symlink', ({ file, target, out }) => {
    expect(leavesRoot(file, target)).toBe(out);
  });
});

describe('git', () => {
  test('tags read at their commit, branches as the working tree, a commit written without touching the index', async () => {
    const repo = await mkdtemp(join(tmpdir(), 'tollgate-git-'));
    dirs.push(repo);
    const git = async (...args: string[]) => {
      const out = await run('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
        cwd: repo,
      });
      if (out.code !== 0) throw new Error(out.stderr);
      return out.stdout.trim();
    };
    await git('init', '-q', '-b', 'main');
    await writeFile(join(repo, 'a.yaml'), 'v: 1\n');
    await writeFile(join(repo, '.gitignore'), 'ignored.yaml\n');
    await git('add', '-A');
    await git('commit', '-qm', 'one');
    await git('tag', '-a', 'release-1', '-m', 'r');
    await writeFile(join(repo, 'a.yaml'), 'v: 2\n');
    await writeFile(join(repo, 'new.yaml'), 'n: 1\n');
    await writeFile(join(repo, 'ignored.yaml'), 'i: 1\n');
    const index = (await stat(join(repo, '.git/index'))).mtimeMs;

    expect((await listRepoFiles(repo, run)).files).toEqual(['.gitignore', 'a.yaml', 'new.yaml']);
    const info = await repoInfo(repo, run);
    const head = await git('rev-parse', 'HEAD');
    expect(await resolveRevision(repo, info, 'main', run)).toEqual({ kind: 'worktree' });
    expect(await resolveRevision(repo, info, 'release-1', run)).toEqual({
      kind: 'commit',
      sha: head,
      ref: 'release-1',
    });
    expect(await resolveRevision(repo, info, head.slice(0, 10), run)).toMatchObject({
      kind: 'commit',
      sha: head,
    });
    expect(await resolveRevision(repo, info, 'release-2', run)).toEqual({
      kind: 'missing',
      ref: 'release-2',
    });

    const { tree } = await checkoutCommit(repo, head, run);
    dirs.push(tree.root);
    expect(tree.files).toEqual(['.gitignore', 'a.yaml']);
    expect(await readFile(join(tree.root, 'a.yaml'), 'utf8')).toBe('v: 1\n');
    expect(await readFile(join(repo, 'a.yaml'), 'utf8')).toBe('v: 2\n');
    expect((await stat(join(repo, '.git/index'))).mtimeMs).toBe(index);
  });
});
