import { TollgateError } from '../core/errors.js';
import type { RunTool } from './exec.js';

/** Files changed since `ref`: committed and uncommitted edits of tracked files, plus untracked files. */
export async function changedFiles(repoRoot: string, ref: string, run: RunTool): Promise<Set<string>> {
  const verify = await run('git', ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { cwd: repoRoot });
  if (verify.code !== 0) {
    throw new TollgateError(
      'USAGE',
      `--changed-since ${ref}: no such commit in this clone`,
      'fetch it first (git fetch origin main) or pass an existing ref',
    );
  }
  const diff = await run('git', ['diff', '--name-only', '--no-renames', ref], { cwd: repoRoot });
  const untracked = await run('git', ['ls-files', '--others', '--exclude-standard'], { cwd: repoRoot });
  if (diff.code !== 0 || untracked.code !== 0) {
    throw new TollgateError(
      'TOOL_FAILED',
      `git diff against ${ref} failed: ${(diff.stderr || untracked.stderr).trim()}`,
      'run the git command by hand to see why',
    );
  }
  return new Set([...diff.stdout.split('\n'), ...untracked.stdout.split('\n')].filter(Boolean));
}
