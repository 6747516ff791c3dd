/** util/git/git.go NormalizeGitURL: lowercase, `git@host:org/repo` as `host/org/repo`, no `.git`, no `ssh://`. */
export function normalizeGitURL(url: string): string {
  let repo = url.trim().toLowerCase();
  if (/^(ssh:\/\/)?([^/:]*?)@[^@]+$/.test(repo) && !repo.startsWith('ssh://')) {
    repo = `ssh://${repo.replace(':', '/')}`;
  }
  return repo.replace(/\.git$/, '').replace(/^ssh:\/\//, '');
}

/** util/git/git.go SameURL. */
export function sameURL(a: string, b: string): boolean {
  const left = normalizeGitURL(a);
  const right = normalizeGitURL(b);
  return left !== '' && left === right;
}
