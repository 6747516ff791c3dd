import { TollgateError } from '../core/errors.js';
import type { RunTool } from './exec.js';
import { listRepoFiles, makeTempDir, type OutOfRepoSymlink, removeDir, type Tree } from './fs.js';

/** What Git says about the repository at `root`; `isRepo` false outside Git. */
export interface RepoInfo {
  isRepo: boolean;
  /** Every `remote.<name>.url`. */
  remoteUrls: string[];
  /** refname → commit, tags peeled (`git show-ref --dereference`). */
  refs: Map<string, string>;
}

/** How a `targetRevision` reads in this clone. */
export type Revision =
  | { kind: 'worktree' } // empty, HEAD, or a branch: what will be deployed once this change is merged
  | { kind: 'commit'; sha: string; ref: string } // a tag or commit: immutable, read at that commit
  | { kind: 'missing'; ref: string }; // not in this clone

/** Reads remotes and refs; two git processes. */
export async function repoInfo(root: string, run: RunTool): Promise<RepoInfo> {
  const [remotes, refs] = await Promise.all([
    run('git', ['config', '--get-regexp', '^remote\\..*\\.url$'], { cwd: root }),
    run('git', ['show-ref', '--dereference'], { cwd: root }),
  ]);
  const isRepo = refs.code !== 128 && !/not a git repository/i.test(refs.stderr);
  const map = new Map<string, string>();
  for (const line of refs.stdout.split('\n')) {
    const [sha, name] = line.split(' ');
    if (!sha || !name) continue;
    // `refs/tags/v1^{}` is the commit an annotated tag points at; it wins over the tag object.
    if (name.endsWith('^{}')) map.set(name.slice(0, -3), sha);
    else if (!map.has(name)) map.set(name, sha);
  }
  const remoteUrls = remotes.stdout
    .split('\n')
    .map((l) => l.split(' ')[1])
    .filter((u): u is string => Boolean(u));
  return { isRepo, remoteUrls, refs: map };
}

/**
 * Resolves an Argo CD `targetRevision` against this clone. Branches (and HEAD) track whatever is merged, so the
 * working tree stands for them; tags and commit SHAs are pinned, so they are read at that commit.
 */
export async function resolveRevision(
  root: string,
  info: RepoInfo,
  revision: string | undefined,
  run: RunTool,
): Promise<Revision> {
  const rev = (revision ?? '').trim();
  if (rev === '' || rev === 'HEAD' || !info.isRepo) return { kind: 'worktree' };
  const name = rev.replace(/^refs\/(heads|tags)\//, '');
  if (info.refs.has(`refs/heads/${name}`) || [...info.refs.keys()].some((r) => isRemoteBranch(r, name))) {
    return { kind: 'worktree' };
  }
  const tag = info.refs.get(`refs/tags/${name}`);
  if (tag) return { kind: 'commit', sha: tag, ref: rev };
  if (/^[0-9a-f]{7,40}$/i.test(rev)) {
    const out = await run('git', ['rev-parse', '--verify', '--quiet', `${rev}^{commit}`], { cwd: root });
    const sha = out.stdout.trim();
    if (out.code === 0 && sha) return { kind: 'commit', sha, ref: rev };
  }
  return { kind: 'missing', ref: rev };
}

function isRemoteBranch(refname: string, name: string): boolean {
  return refname.startsWith('refs/remotes/') && refname.split('/').slice(3).join('/') === name;
}

/** Writes the files of commit `sha` into a new temporary directory without touching the index or working tree. */
export async function checkoutCommit(
  root: string,
  sha: string,
  run: RunTool,
): Promise<{ tree: Tree; outOfRepo: OutOfRepoSymlink[] }> {
  const dest = await makeTempDir('tollgate-rev-');
  // `restore --worktree` alone writes files from the commit and leaves the index as it is.
  const out = await run(
    'git',
    [`--work-tree=${dest}`, 'restore', `--source=${sha}`, '--worktree', '--', ':/'],
    {
      cwd: root,
    },
  );
  if (out.code !== 0) {
    await removeDir(dest);
    throw new TollgateError(
      'TOOL_FAILED',
      `git could not write commit ${sha} to a temporary directory: ${out.stderr.trim()}`,
      'check that the clone is complete (git fsck) and the temporary directory is writable',
    );
  }
  const listing = await listRepoFiles(dest, run);
  return { tree: { root: dest, files: listing.files, revision: sha }, outOfRepo: listing.outOfRepo };
}
