import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, test } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

async function validate(threads: string, ...args: string[]): Promise<string> {
  const run = promisify(execFile)(
    'node',
    [join(root, 'bin', 'tollgate.js'), 'validate', ...args, '--format', 'json'],
    {
      cwd: root,
      env: { ...process.env, TOLLGATE_THREADS: threads },
      maxBuffer: 256 << 20,
    },
  );
  return run.then(
    (r) => r.stdout,
    (err: { stdout: string }) => err.stdout,
  );
}

test('evaluation split over threads gives exactly the serial findings (the built CLI, 4,000 objects)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'tollgate-parallel-'));
  const pods = Array.from({ length: 4000 }, (_, i) =>
    [
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      `  name: p${i}`,
      `  namespace: ns${i % 7}`,
      'spec:',
      '  containers:',
      `    - name: c${i}`,
      '      image: ghcr.io/acme-payments/web:1.0.0',
      '      securityContext:',
      `        privileged: ${i % 3 === 0}`,
    ].join('\n'),
  );
  await writeFile(join(dir, 'pods.yaml'), pods.join('\n---\n'));
  const args = ['-f', 'validators/cli/__fixtures__/files/template-privileged.yaml', '-f', dir];
  const serial = JSON.parse(await validate('1', ...args));
  const parallel = JSON.parse(await validate('2', ...args));
  expect(serial.findings).toHaveLength(1334);
  expect(parallel.findings).toEqual(serial.findings);
}, 120_000);
