import { expect, test } from 'vitest';
import { sameURL } from './repo-url.js';

test.for([
  {
    name: 'case and .git',
    a: 'https://github.com/Acme/Repo.git',
    b: 'https://github.com/acme/repo',
    same: true,
  },
  {
    name: 'scp-like ssh and ssh://',
    a: 'git@github.com:acme/repo.git',
    b: 'ssh://git@github.com/acme/repo',
    same: true,
  },
  // Argo CD treats the ssh and https forms as different repositories; tollgate.yaml lists both when both are used.
  {
    name: 'ssh vs https',
    a: 'git@github.com:acme/repo.git',
    b: 'https://github.com/acme/repo.git',
    same: false,
  },
  {
    name: 'other repository',
    a: 'https://github.com/acme/repo',
    b: 'https://github.com/acme/other',
    same: false,
  },
])('$name', ({ a, b, same }) => {
  expect(sameURL(a, b)).toBe(same);
});
