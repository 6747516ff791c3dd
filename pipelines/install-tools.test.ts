import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { chmod, copyFile, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { parseChecksumFile, ToolError, verifySha256 } from './install-tools.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const opaStub = (version: string) => `#!/bin/sh\necho "Version: ${version}"\n`;

/**
 * A copy of the installer in a temp dir, run with a PATH that has bash (zx needs it) and no go, and with
 * downloads pointed at a local server that answers from `files` (URL path → body), so nothing leaves
 * the machine whatever the test does.
 */
let dir: string;
let server: Server;
let files: Record<string, string>;
let requests: string[];

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'tollgate-install-tools-'));
  await mkdir(path.join(dir, 'pipelines'));
  await mkdir(path.join(dir, '.tools', 'bin'), { recursive: true });
  await mkdir(path.join(dir, 'fakebin'));
  for (const file of ['install-tools.mjs', 'tools.json']) {
    await copyFile(path.join(repo, 'pipelines', file), path.join(dir, 'pipelines', file));
  }
  await symlink(path.join(repo, 'node_modules'), path.join(dir, 'node_modules'));
  await symlink('/bin/bash', path.join(dir, 'fakebin', 'bash'));
  files = {};
  requests = [];
  server = createServer((req, res) => {
    requests.push(req.url ?? '');
    const body = files[req.url ?? ''];
    res.writeHead(body === undefined ? 404 : 200).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});

afterEach(async () => {
  await new Promise((resolve) => server.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

async function placeOpa(body: string) {
  const file = path.join(dir, '.tools', 'bin', 'opa');
  await writeFile(file, body);
  await chmod(file, 0o755);
}

function installTools(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const { port } = server.address() as AddressInfo;
  const env = {
    PATH: path.join(dir, 'fakebin'),
    HOME: dir,
    TOLLGATE_TOOLS_MIRROR: `http://127.0.0.1:${port}`,
  };
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.join(dir, 'pipelines', 'install-tools.mjs'), ...args],
      { env },
      (err, stdout, stderr) =>
        resolve({ code: typeof err?.code === 'number' ? err.code : err ? -1 : 0, stdout, stderr }),
    );
  });
}

/** The OPA asset this machine would download, as the mirror serves it. */
async function opaAsset() {
  const { tools } = JSON.parse(await readFile(path.join(repo, 'pipelines', 'tools.json'), 'utf8'));
  const arch = process.arch === 'x64' ? 'amd64' : process.arch;
  const asset = tools.opa.release[`${process.platform}/${arch}`];
  const local = (url: string) => `/${new URL(url).host}${new URL(url).pathname}`;
  return { name: path.basename(asset.url), binary: local(asset.url), checksums: local(asset.checksumUrl) };
}

describe('install-tools.mjs', () => {
  test('a binary in .tools/bin that prints the pinned version is used: exit 0, no download', async () => {
    await placeOpa(opaStub('1.22.2'));
    const first = await installTools('--only', 'opa');
    expect(first).toMatchObject({ code: 0, stdout: 'tools: opa 1.22.2 ok\n' });
    const stamps = JSON.parse(await readFile(path.join(dir, '.tools', 'versions.json'), 'utf8'));
    expect(stamps.opa).toMatchObject({ version: '1.22.2', path: '.tools/bin/opa', source: 'checked' });
    expect(await installTools('--only', 'opa')).toMatchObject({ code: 0, stdout: 'tools: opa 1.22.2 ok\n' });
    expect(requests).toEqual([]);
  });

  test('a stamp whose binary changed is checked again', async () => {
    await placeOpa(opaStub('1.22.2'));
    expect((await installTools('--only', 'opa')).code).toBe(0);
    await placeOpa(opaStub('1.0.0'));
    const run = await installTools('--only', 'opa');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^error TOOL_MISSING: opa 1\.22\.2 is not in \.tools\/bin or on PATH; \.tools\/bin\/opa reports 1\.0\.0/,
    );
  });

  test('a wrong version, no go and no download: exit 2 naming the tool, with a hint', async () => {
    await placeOpa(opaStub('1.0.0'));
    const run = await installTools('--only', 'opa');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^error TOOL_MISSING: opa 1\.22\.2 .*go is not installed; downloading it failed \(HTTP 404/m,
    );
    expect(run.stderr).toMatch(/^ {2}hint: install Go .* or put opa 1\.22\.2 on PATH$/m);
  });

  test('a download that does not match the published checksum is rejected and not installed', async () => {
    await placeOpa(opaStub('1.0.0'));
    const asset = await opaAsset();
    files[asset.binary] = opaStub('1.22.2');
    files[asset.checksums] = `${sha256('something else')}  ${asset.name}\n`;
    const run = await installTools('--only', 'opa');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error TOOL_FAILED: opa 1\.22\.2 \(.+\): SHA-256 mismatch/);
    expect(await readFile(path.join(dir, '.tools', 'bin', 'opa'), 'utf8')).toBe(opaStub('1.0.0'));
    expect(existsSync(path.join(dir, '.tools', 'downloads', asset.name))).toBe(false);
  });

  test('a download that matches the published checksum is installed, saying the pin is missing', async () => {
    const asset = await opaAsset();
    files[asset.binary] = opaStub('1.22.2');
    files[asset.checksums] = `${sha256(opaStub('1.22.2'))}  ${asset.name}\n`;
    const run = await installTools('--only', 'opa');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('pins no SHA-256 for opa 1.22.2');
    expect(await readFile(path.join(dir, '.tools', 'bin', 'opa'), 'utf8')).toBe(opaStub('1.22.2'));
  });

  test('an unknown tool is a usage error', async () => {
    const run = await installTools('--only', 'kubectl');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error USAGE: .*\n {2}hint: usage: .*--only opa\|kustomize\|helm\|gator/);
  });
});

describe('verifySha256', () => {
  test('accepts the file whose hash is pinned, rejects any other', async () => {
    const file = path.join(dir, 'asset.tar.gz');
    await writeFile(file, 'release bytes');
    await expect(verifySha256(file, sha256('release bytes'), 'x')).resolves.toBeUndefined();
    await expect(verifySha256(file, sha256('release bytes').toUpperCase(), 'x')).resolves.toBeUndefined();
    const rejected = verifySha256(file, sha256('other bytes'), 'kustomize 5.8.2');
    await expect(rejected).rejects.toBeInstanceOf(ToolError);
    await expect(rejected).rejects.toMatchObject({
      code: 'TOOL_FAILED',
      message: /^kustomize 5\.8\.2: SHA-256 mismatch/,
    });
    await expect(verifySha256(file, null, 'x')).rejects.toMatchObject({ code: 'TOOL_FAILED' });
  });
});

describe('parseChecksumFile', () => {
  const hash = 'a'.repeat(64);
  test.for([
    { name: 'one bare hash (.sha256sum)', text: `${hash}\n`, file: 'helm.tar.gz', want: hash },
    {
      name: 'sha256sum line',
      text: `${hash}  opa_linux_amd64_static\n`,
      file: 'opa_linux_amd64_static',
      want: hash,
    },
    { name: 'binary-mode star', text: `${hash} *gator.tar.gz\n`, file: 'gator.tar.gz', want: hash },
    {
      name: 'picks its own line',
      text: `${'b'.repeat(64)}  k_darwin.tgz\n${hash}  k_linux.tgz\n`,
      file: 'k_linux.tgz',
      want: hash,
    },
    {
      name: 'path prefix in the list',
      text: `${hash}  ./dist/k_linux.tgz\n`,
      file: 'k_linux.tgz',
      want: hash,
    },
    { name: 'not listed', text: `${hash}  k_darwin.tgz\n`, file: 'k_linux.tgz', want: undefined },
    { name: 'an HTML error page', text: '<html>Not Found</html>', file: 'k_linux.tgz', want: undefined },
  ])('$name', ({ text, file, want }) => {
    expect(parseChecksumFile(text, file)).toBe(want);
  });
});
