#!/usr/bin/env node
// Brings a checkout to a runnable state: dependencies, the pinned tools, the compiled CLI. Plain Node with
// no dependencies, since it runs before `npm ci`; one line per step, and a fast no-op when all is current.
//
//   node pipelines/setup.mjs [--with-crosscheck]
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function fail(code, message, hint) {
  process.stderr.write(`error ${code}: ${message}\n  hint: ${hint}\n`);
  process.exit(2);
}

function run(command, args, what, hint) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.error) fail('TOOL_MISSING', `${what}: cannot run ${command} (${result.error.code})`, hint);
  if (result.status !== 0)
    fail('TOOL_FAILED', `${what} failed (exit ${result.status ?? result.signal})`, hint);
}

function sha256(data) {
  return createHash('sha256').update(data).digest('hex');
}

// 1. Dependencies: `npm ci` whenever package-lock.json differs from the one node_modules was installed from.
// npm 11 refuses a lock that lacks an optional platform package the registry does not serve (this
// machine's registry has only some of @biomejs/cli-*), so a refused `npm ci` falls back to `npm install`,
// which installs the same tree from the lock; the lock itself must come out unchanged.
const lockFile = path.join(root, 'package-lock.json');
const lock = readFileSync(lockFile);
const lockHash = sha256(lock);
const lockStamp = path.join(root, 'node_modules', '.tollgate-lock.sha256');
if (existsSync(lockStamp) && readFileSync(lockStamp, 'utf8').trim() === lockHash) {
  console.log('setup: dependencies up to date');
} else {
  console.log('setup: installing dependencies (npm ci)');
  const ci = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, encoding: 'utf8' });
  if (ci.error)
    fail('TOOL_MISSING', `npm ci: cannot run npm (${ci.error.code})`, 'install Node.js 20 with npm');
  process.stdout.write(ci.stdout);
  if (ci.status !== 0) {
    const reason = ci.stderr
      .split('\n')
      .filter((line) => /^npm error \S/.test(line))
      .slice(0, 6);
    console.log(
      `${reason.join('\n')}\nsetup: npm ci failed; installing from package-lock.json with npm install`,
    );
    run(
      'npm',
      ['install', '--no-audit', '--no-fund'],
      'npm install',
      "read npm's error above, fix it, then rerun",
    );
    if (sha256(readFileSync(lockFile)) !== lockHash) {
      writeFileSync(lockFile, lock);
      fail(
        'CONFIG_INVALID',
        'package-lock.json does not match package.json: npm install had to change it (change undone)',
        'run `npm install`, review and commit package-lock.json, then rerun',
      );
    }
  }
  writeFileSync(lockStamp, `${lockHash}\n`);
}

// 2. Tools: the installer prints its own line, and its own error.
const tools = spawnSync(
  process.execPath,
  [
    path.join(root, 'pipelines', 'install-tools.mjs'),
    ...process.argv.slice(2).filter((a) => a === '--with-crosscheck'),
  ],
  { cwd: root, stdio: 'inherit' },
);
if (tools.status !== 0) process.exit(2);

// 3. Build: tsc when a source file (what tsconfig.build.json compiles) or a tsconfig is newer than the
// stamp, or the set of source files changed (a renamed file keeps its old mtime).
function sources(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory())
      return ['__fixtures__', 'test-support'].includes(entry.name) ? [] : sources(file);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [file] : [];
  });
}
const inputs = sources(path.join(root, 'validators')).sort();
const listHash = sha256(inputs.map((file) => path.relative(root, file)).join('\n'));
const buildStamp = path.join(root, 'dist', '.build-stamp');
const stampMs = existsSync(buildStamp) ? statSync(buildStamp).mtimeMs : -1;
const newestMs = Math.max(
  ...[...inputs, path.join(root, 'tsconfig.json'), path.join(root, 'tsconfig.build.json')].map(
    (file) => statSync(file).mtimeMs,
  ),
);
if (stampMs >= newestMs && readFileSync(buildStamp, 'utf8').trim() === listHash) {
  console.log('setup: build up to date');
} else {
  console.log(`setup: building (tsc -p tsconfig.build.json, ${inputs.length} files)`);
  const startedAt = new Date(); // the stamp's time: a source saved during the build is still newer
  run(
    process.execPath,
    [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'],
    'the TypeScript build (tsc -p tsconfig.build.json)',
    'fix the errors tsc printed above, then rerun',
  );
  writeFileSync(buildStamp, `${listHash}\n`);
  utimesSync(buildStamp, startedAt, startedAt);
}
