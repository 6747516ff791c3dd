import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

// Each committed data file must be what its script makes from the pinned package: run the script in --check mode.
test.for([
  {
    name: 'data/kubernetes.json, from the pinned kubernetes-validate wheel (pip download)',
    script: 'build-bundle.mjs',
  },
  { name: 'data/addons.json, from the installed @kubernetes-models packages', script: 'build-addons.mjs' },
])('$name is current', ({ script }) => {
  const path = fileURLToPath(new URL(`./${script}`, import.meta.url));
  expect(() => execFileSync(process.execPath, [path, '--check'], { stdio: 'pipe' })).not.toThrow();
});
