import type { Dirent } from 'node:fs';
import {
  copyFile,
  link,
  lstat,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  readlink,
  rm,
  stat,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, posix, relative, sep } from 'node:path';
import type { RunTool } from './exec.js';

/** The repository's files as one revision has them, on disk under `root`. */
export interface Tree {
  /**
   * Absolute directory holding the files: a Tollgate-owned copy, never the user's working tree. Its files may be
   * hard links to the user's: replace a file (replaceFile), never write into one.
   */
  root: string;
  /** Repo-relative, forward slashes, sorted: regular files and symlinks that stay inside the repository. */
  files: string[];
  /** `working tree`, or the commit the files were read from. */
  revision: string;
}

/** A symlink whose target leaves the repository; Argo CD refuses to render such a repository. */
export interface OutOfRepoSymlink {
  file: string;
  target: string;
}

/** What `listRepoFiles` sees: the files Git would commit, and the symlinks that point out of the repository. */
export interface RepoListing {
  files: string[];
  outOfRepo: OutOfRepoSymlink[];
}

const SKIPPED_DIRS = new Set(['.git', 'node_modules']);

/**
 * Lists the files of a working tree that Git would commit (tracked, plus untracked that are not ignored), or,
 * outside a Git repository, every file but `.git` and `node_modules`.
 */
export async function listRepoFiles(root: string, run: RunTool): Promise<RepoListing> {
  const git = await run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: root,
  });
  const candidates =
    git.code === 0 ? [...new Set(git.stdout.split('\0').filter(Boolean))] : await walk(root, '');
  const files: string[] = [];
  const outOfRepo: OutOfRepoSymlink[] = [];
  await Promise.all(
    candidates.map(async (file) => {
      const info = await lstat(join(root, file)).catch(() => undefined);
      if (!info) return; // deleted in the working tree
      if (info.isSymbolicLink()) {
        const target = await readlink(join(root, file));
        if (leavesRoot(file, target)) outOfRepo.push({ file, target });
        else files.push(file);
      } else if (info.isFile()) {
        files.push(file);
      }
    }),
  );
  files.sort();
  outOfRepo.sort((a, b) => a.file.localeCompare(b.file));
  return { files, outOfRepo };
}

/** Mirrors Argo CD's CheckOutOfBoundsSymlinks (util/app/path/path.go): absolute targets and `..` walks out of the root. */
export function leavesRoot(file: string, target: string): boolean {
  if (isAbsolute(target)) return true;
  let dir = posix.dirname(file);
  for (const part of target.split('/')) {
    dir = posix.normalize(posix.join(dir, part));
    if (dir === '..' || dir.startsWith('../')) return true;
  }
  return false;
}

async function walk(root: string, dir: string): Promise<string[]> {
  const entries: Dirent[] = await readdir(join(root, dir), { withFileTypes: true });
  const out: string[] = [];
  for (const entry of entries) {
    const rel = dir ? `${dir}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) out.push(...(await walk(root, rel)));
    } else {
      out.push(rel);
    }
  }
  return out;
}

/**
 * Mirrors `files` of `root` into a new temporary directory as hard links (copies across file systems); symlinks
 * stay symlinks. Linking 1,000 files takes milliseconds where copying takes a second.
 */
export async function snapshotTree(root: string, files: string[], revision: string): Promise<Tree> {
  const dest = await makeTempDir('tollgate-tree-');
  await copyFiles(root, files, dest, 'link');
  return { root: dest, files, revision };
}

/** Puts repo-relative `files` of `from` under `to`: real copies, or hard links where the file system allows. */
export async function copyFiles(
  from: string,
  files: string[],
  to: string,
  mode: 'copy' | 'link' = 'copy',
): Promise<void> {
  await makeDirs(files.map((f) => dirname(join(to, f))));
  await Promise.all(
    files.map(async (file) => {
      const src = join(from, file);
      const dst = join(to, file);
      const info = await lstat(src).catch(() => undefined);
      if (!info) return;
      if (info.isSymbolicLink()) await symlink(await readlink(src), dst);
      else if (mode === 'link') await link(src, dst).catch(() => copyFile(src, dst));
      else await copyFile(src, dst);
    }),
  );
}

/** Creates directories parents first, each level in parallel. */
async function makeDirs(paths: string[]): Promise<void> {
  const all = new Set<string>();
  for (const p of paths) for (let d = p; !all.has(d) && d !== dirname(d); d = dirname(d)) all.add(d);
  const byDepth = new Map<number, string[]>();
  for (const d of all) {
    const depth = d.split(sep).length;
    byDepth.set(depth, [...(byDepth.get(depth) ?? []), d]);
  }
  for (const depth of [...byDepth.keys()].sort((a, b) => a - b)) {
    await Promise.all(
      (byDepth.get(depth) ?? []).map((d) =>
        mkdir(d).catch((e: NodeJS.ErrnoException) => {
          if (e.code !== 'EEXIST') throw e;
        }),
      ),
    );
  }
}

/** The bytes of a repo file, or undefined when it does not exist or is not a file. */
export async function readRepoFile(root: string, file: string): Promise<Buffer | undefined> {
  try {
    return await readFile(join(root, file));
  } catch {
    return undefined;
  }
}

/** Whether `path` is a directory (following symlinks). */
export async function isDirectory(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isDirectory() ?? false;
}

/** A new empty directory under the OS temp dir. */
export function makeTempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

/** Removes a directory Tollgate created. */
export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

/** Writes text to a path in a Tollgate-owned directory, replacing (never writing through) what is there. */
export async function replaceFile(path: string, text: string): Promise<void> {
  await rm(path, { force: true });
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, text);
}

/** `path` relative to `root` with forward slashes. */
export function toRepoPath(root: string, path: string): string {
  return relative(root, path).split(sep).join('/');
}
