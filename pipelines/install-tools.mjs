#!/usr/bin/env node
// Puts the tools pinned in pipelines/tools.json into .tools/bin, and is a quiet no-op when they are there.
// Per tool: a binary already in .tools/bin (or, when there is none, on PATH) that prints the pinned version
// is used as is; else `go install` builds it from the Go module proxy; else the vendor's release is
// downloaded and checked by SHA-256. .tools/versions.json records what was checked, so a later run needs
// no process spawn while the binary is unchanged.
//
//   node pipelines/install-tools.mjs [--with-crosscheck] [--only NAME]
//
// TOLLGATE_TOOLS_MIRROR=<base url> fetches https://HOST/PATH from <base>/HOST/PATH instead (a mirror, or a
// test server); the pinned checksums still apply.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { constants, createReadStream, createWriteStream, realpathSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { $, chalk, fs, path } from 'zx';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const toolsDir = path.join(root, '.tools');
const binDir = path.join(toolsDir, 'bin');
const stampFile = path.join(toolsDir, 'versions.json');

/** A failed run: printed as `error CODE: message` and `  hint: …`, exit 2 (the codes of validators/core/errors.ts). */
export class ToolError extends Error {
  constructor(code, message, hint) {
    super(message);
    this.code = code;
    this.hint = hint;
  }
}

/** The lowercase hex SHA-256 of a file's bytes. */
export async function sha256File(file) {
  const hash = createHash('sha256');
  await pipeline(createReadStream(file), hash);
  return hash.digest('hex');
}

/** Resolves when `file` hashes to `expected`; throws a TOOL_FAILED ToolError naming `what` otherwise. */
export async function verifySha256(file, expected, what) {
  if (!/^[0-9a-f]{64}$/i.test(expected ?? '')) {
    throw new ToolError(
      'TOOL_FAILED',
      `${what}: "${expected}" is not a SHA-256`,
      'fix the sha256 in pipelines/tools.json',
    );
  }
  const actual = await sha256File(file);
  if (actual !== expected.toLowerCase()) {
    throw new ToolError(
      'TOOL_FAILED',
      `${what}: SHA-256 mismatch, expected ${expected.toLowerCase()}, got ${actual}`,
      'the file is corrupt or not the published one, and was not installed; retry, and report it if it persists',
    );
  }
}

/** The hash a vendor checksum file lists for `name` (`<hex>  name`, `<hex> *name`, or one bare hash), or undefined. */
export function parseChecksumFile(text, name) {
  const lines = text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  if (lines.length === 1 && /^[0-9a-f]{64}$/i.test(lines[0])) return lines[0].toLowerCase();
  for (const line of lines) {
    const match = /^([0-9a-f]{64})\s+\*?(\S+)$/i.exec(line);
    if (match && path.basename(match[2]) === name) return match[1].toLowerCase();
  }
  return undefined;
}

function describe(err) {
  if (err instanceof ToolError) return `error ${err.code}: ${err.message}\n  hint: ${err.hint}`;
  return `error INTERNAL: ${err?.stack ?? err}\n  hint: this is a bug in pipelines/install-tools.mjs; please report it`;
}

function isExecutable(file) {
  try {
    fs.accessSync(file, constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function findOnPath(name) {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir && path.resolve(dir) !== binDir && isExecutable(path.join(dir, name)))
      return path.join(dir, name);
  }
  return undefined;
}

/** What `bin` says its version is, read with the tool's own command and pattern; undefined if it cannot say. */
function reportedVersion(tool, bin) {
  const run = spawnSync(bin, tool.versionArgs, { encoding: 'utf8', timeout: 15_000 });
  if (run.error || run.status !== 0) return undefined;
  return new RegExp(tool.versionPattern, 'm').exec(`${run.stdout}\n${run.stderr}`)?.[1];
}

function stampOf(bin, tool, source) {
  const stat = fs.statSync(bin);
  const inRoot = !path.relative(root, bin).startsWith('..');
  return {
    version: tool.version,
    path: inRoot ? path.relative(root, bin) : bin,
    size: stat.size,
    mtimeMs: stat.mtimeMs,
    source,
  };
}

/** True when the stamp names the pinned version and its binary is still the very file that was checked. */
function stampHolds(stamp, name, tool) {
  if (stamp?.version !== tool.version) return false;
  const bin = path.resolve(root, stamp.path);
  if (bin !== path.join(binDir, name) && fs.existsSync(path.join(binDir, name))) return false;
  if (!isExecutable(bin)) return false;
  const stat = fs.statSync(bin);
  return stat.size === stamp.size && stat.mtimeMs === stamp.mtimeMs;
}

function mirrored(url) {
  const mirror = process.env.TOLLGATE_TOOLS_MIRROR;
  if (!mirror) return url;
  const { host, pathname } = new URL(url);
  return `${mirror.replace(/\/+$/, '')}/${host}${pathname}`;
}

async function fetchOk(url) {
  const res = await fetch(mirrored(url), { signal: AbortSignal.timeout(15 * 60_000) });
  if (!res.ok) throw new Error(`HTTP ${res.status} from ${mirrored(url)}`);
  return res;
}

async function goInstall(name, tool, go) {
  const target = `${tool.package}@v${tool.version}`;
  console.log(
    `${name} ${tool.version}: go install ${target} (usually ≈${tool.coldBuild} cold on 2 cores, less with a warm Go cache)`,
  );
  const flags = tool.ldflags ? [`-ldflags=${tool.ldflags}`] : [];
  await $({
    env: { ...process.env, GOBIN: binDir },
    stdio: ['ignore', 'inherit', 'inherit'],
  })`${go} install ${flags} ${target}`;
}

async function download(name, tool) {
  const arch = { x64: 'amd64', arm64: 'arm64' }[process.arch] ?? process.arch;
  const platform = `${process.platform}/${arch}`;
  const asset = tool.release[platform];
  if (!asset) throw new Error(`no ${name} release is pinned for ${platform}`);
  const file = path.join(toolsDir, 'downloads', path.basename(new URL(asset.url).pathname));
  const cached = asset.sha256 && (await fs.pathExists(file)) && (await sha256File(file)) === asset.sha256;
  if (!cached) {
    console.log(`${name} ${tool.version}: downloading ${asset.url}`);
    await fs.mkdirp(path.dirname(file));
    await pipeline(Readable.fromWeb((await fetchOk(asset.url)).body), createWriteStream(file));
  }
  let expected = asset.sha256;
  if (!expected) {
    const warning = `warning: pipelines/tools.json pins no SHA-256 for ${name} ${tool.version} ${platform}`;
    console.log(chalk.yellow(`${warning}; checking against the vendor's published ${asset.checksumUrl}`));
    expected = parseChecksumFile(await (await fetchOk(asset.checksumUrl)).text(), path.basename(file));
    if (!expected) throw new Error(`${asset.checksumUrl} lists no checksum for ${path.basename(file)}`);
  }
  try {
    await verifySha256(file, expected, `${name} ${tool.version} (${path.basename(file)})`);
  } catch (err) {
    await fs.remove(file);
    throw err;
  }
  const staged = path.join(binDir, `.${name}.download`);
  if (asset.member) {
    const unpacked = await fs.mkdtemp(path.join(toolsDir, 'unpack-'));
    try {
      await $`tar -xzf ${file} -C ${unpacked} ${asset.member}`;
      await fs.move(path.join(unpacked, asset.member), staged, { overwrite: true });
    } finally {
      await fs.remove(unpacked);
    }
  } else {
    await fs.copy(file, staged);
  }
  await fs.chmod(staged, 0o755);
  await fs.rename(staged, path.join(binDir, name));
}

async function install(name, tool) {
  const go = findOnPath('go');
  const failures = [];
  if (go) {
    try {
      return await goInstall(name, tool, go);
    } catch (err) {
      failures.push(`go install failed (exit ${err.exitCode ?? err.message})`);
      console.log(`${name} ${tool.version}: go install failed; trying the release download`);
    }
  }
  try {
    await download(name, tool);
  } catch (err) {
    if (err instanceof ToolError) throw err;
    const cause = err.cause?.code ?? err.cause?.message;
    failures.push(`downloading it failed (${err.message}${cause ? `: ${cause}` : ''})`);
    const local = path.join(binDir, name);
    const seen = fs.existsSync(local)
      ? `; .tools/bin/${name} reports ${reportedVersion(tool, local) ?? 'no version'}`
      : '';
    throw new ToolError(
      'TOOL_MISSING',
      `${name} ${tool.version} is not in .tools/bin or on PATH${seen}; ${go ? '' : 'go is not installed; '}${failures.join('; ')}`,
      go
        ? `check that the Go module proxy (${process.env.GOPROXY || 'GOPROXY'}) is reachable and rerun, or put ${name} ${tool.version} on PATH`
        : `install Go (https://go.dev/dl/) and rerun to build ${name} from the Go module proxy, or put ${name} ${tool.version} on PATH`,
    );
  }
}

function formatMs(ms) {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

async function main(argv) {
  const only = argv.includes('--only') ? argv[argv.indexOf('--only') + 1] : undefined;
  const unknown = argv.filter(
    (arg, i) => !['--with-crosscheck', '--only'].includes(arg) && argv[i - 1] !== '--only',
  );
  const { tools } = await fs.readJson(path.join(root, 'pipelines', 'tools.json'));
  if (unknown.length > 0 || (argv.includes('--only') && !tools[only])) {
    throw new ToolError(
      'USAGE',
      `install-tools: unexpected arguments: ${argv.join(' ')}`,
      `usage: node pipelines/install-tools.mjs [--with-crosscheck] [--only ${Object.keys(tools).join('|')}]`,
    );
  }
  const names = only
    ? [only]
    : Object.keys(tools).filter((name) => argv.includes('--with-crosscheck') || !tools[name].crosscheck);
  const stamps = (await fs.pathExists(stampFile)) ? await fs.readJson(stampFile) : {};
  const installed = [];
  for (const name of names) {
    const tool = tools[name];
    if (stampHolds(stamps[name], name, tool)) continue;
    const local = path.join(binDir, name);
    const found = fs.existsSync(local) ? local : findOnPath(name);
    if (found && reportedVersion(tool, found) === tool.version) {
      stamps[name] = stampOf(found, tool, found === local ? 'checked' : 'PATH');
    } else {
      const startedMs = Date.now();
      await fs.mkdirp(binDir);
      await install(name, tool);
      const got = reportedVersion(tool, local);
      if (got !== tool.version) {
        throw new ToolError(
          'TOOL_FAILED',
          `.tools/bin/${name} was installed but reports ${got ?? 'no version'}, not ${tool.version}`,
          `check versionArgs and versionPattern for ${name} in pipelines/tools.json`,
        );
      }
      stamps[name] = stampOf(local, tool, 'installed');
      installed.push(name);
      console.log(
        chalk.green(`${name} ${tool.version}: installed in .tools/bin (${formatMs(Date.now() - startedMs)})`),
      );
    }
    await fs.outputJson(stampFile, stamps, { spaces: 2 });
  }
  if (installed.length === 0)
    console.log(`tools: ${names.map((name) => `${name} ${tools[name].version}`).join(', ')} ok`);
}

if (process.argv[1] && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url))) {
  try {
    await main(process.argv.slice(2));
  } catch (err) {
    console.error(describe(err));
    process.exit(2);
  }
}
