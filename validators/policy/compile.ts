import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { access, mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { badImports, forbiddenDataRefs, packageOf } from './rego-source.js';
import { readTarGzMember } from './tar.js';
import type { Template } from './template.js';

/** The OPA release templates are compiled with; part of every cache key. */
export const OPA_VERSION = '1.22.2';

/** Runs an external tool; injected so tests and the service choose how. */
export type RunOpa = (
  tool: 'opa',
  args: string[],
  opts?: { cwd?: string; timeoutMs?: number },
) => Promise<{ stdout: string; stderr: string; code: number }>;

/** A template compiled to Wasm, or why it could not be. */
export type Compiled =
  | {
      ok: true;
      key: string;
      entrypoint: string /** The module's bytes, read on demand. */;
      wasm: () => Uint8Array;
      cached: boolean;
    }
  | { ok: false; key: string; errors: { line?: number; message: string }[] };

/** Where compiled modules are kept: a read-write cache, then read-only committed bundles. */
export interface CompileCache {
  dir: string;
  readOnlyDirs?: string[];
}

/** Cache key: everything that changes the module, and nothing that doesn't (paths, names). */
export function compileKey(rego: NonNullable<Template['rego']>): string {
  const h = createHash('sha256');
  h.update(
    JSON.stringify({ opa: OPA_VERSION, abi: 1, version: rego.version, source: rego.source, libs: rego.libs }),
  );
  return h.digest('hex').slice(0, 32);
}

/**
 * Compiles a template's Rego and libs to one Wasm module with `opa build -t wasm`, as Gatekeeper compiles each
 * template on its own (frameworks `drivers/rego/compilers.go`): v0 unless `version: v1`, entrypoint `violation`.
 * Line numbers in errors are relative to the template's Rego source.
 */
export async function compileTemplate(
  template: Template,
  cache: CompileCache,
  run: RunOpa,
): Promise<Compiled> {
  const rego = template.rego;
  if (!rego) throw new Error(`template ${template.kind} has no Rego`);
  const key = compileKey(rego);
  const pkg = packageOf(rego.source);
  if (!pkg) return { ok: false, key, errors: [{ line: 1, message: 'the Rego has no package declaration' }] };
  const errors = [
    ...badImports(rego.source),
    ...rego.libs.flatMap((lib, i) =>
      badImports(lib).map((e) => ({ message: `libs[${i}] line ${e.line}: ${e.message}` })),
    ),
    ...forbiddenDataRefs(rego.source).map((r) => ({ line: r.line, message: refMessage(r.ref) })),
    ...rego.libs.flatMap((lib, i) =>
      forbiddenDataRefs(lib).map((r) => ({ message: `libs[${i}] line ${r.line}: ${refMessage(r.ref)}` })),
    ),
  ];
  if (errors.length > 0) return { ok: false, key, errors };
  const libPackages = rego.libs.map(packageOf);
  const badLib = libPackages.findIndex((p) => !p || !(p === 'lib' || p.startsWith('lib.')));
  if (badLib >= 0) {
    return {
      ok: false,
      key,
      errors: [
        {
          message: `libs[${badLib}] has package ${libPackages[badLib] ?? '(none)'}; library packages must start with "lib."`,
        },
      ],
    };
  }
  const entrypoint = `${pkg.replaceAll('.', '/')}/violation`;
  // The checks above run first: a module cached before they existed must not bypass them.
  for (const dir of [cache.dir, ...(cache.readOnlyDirs ?? [])]) {
    // Only the name is checked here: with the one-module bundle a template's own module is rarely read at all.
    const file = join(dir, `${key}.wasm`);
    if (
      await access(file).then(
        () => true,
        () => false,
      )
    )
      return { ok: true, key, entrypoint, wasm: () => readFileSync(file), cached: true };
  }
  const files = [
    { name: 'template.rego', text: rego.source },
    ...rego.libs.map((text, i) => ({ name: `lib_${i}.rego`, text })),
  ];
  const built = await buildWasm(files, [entrypoint], rego.version === 'v0', `${key}.wasm`, cache, run);
  if ('errors' in built) return { ok: false, key, errors: built.errors };
  const { wasm } = built;
  return { ok: true, key, entrypoint, wasm: () => wasm, cached: false };
}

/**
 * Runs `opa build -t wasm` on `files` (in a temporary directory, so errors name them) and stores the module as
 * `cache.dir/<name>`, written atomically. Errors keep their line numbers relative to each file.
 */
export async function buildWasm(
  files: { name: string; text: string }[],
  entrypoints: string[],
  v0: boolean,
  name: string,
  cache: CompileCache,
  run: RunOpa,
): Promise<{ wasm: Uint8Array } | { errors: { line?: number; message: string }[] }> {
  const work = await mkdtemp(join(tmpdir(), 'tollgate-opa-'));
  try {
    await Promise.all(files.map((f) => writeFile(join(work, f.name), f.text)));
    const args = ['build', '-t', 'wasm', ...entrypoints.flatMap((e) => ['-e', e]), '-o', 'bundle.tar.gz'];
    if (v0) args.push('--v0-compatible');
    const res = await run('opa', [...args, ...files.map((f) => f.name)], { cwd: work, timeoutMs: 120_000 });
    if (res.code !== 0) return { errors: opaErrors(res.stderr || res.stdout) };
    const wasm = readTarGzMember(await readFile(join(work, 'bundle.tar.gz')), '/policy.wasm');
    if (!wasm) return { errors: [{ message: 'opa build produced no policy.wasm' }] };
    await mkdir(cache.dir, { recursive: true });
    const tmp = join(cache.dir, `.${name}.${process.pid}.tmp`);
    await writeFile(tmp, wasm);
    await rename(tmp, join(cache.dir, name));
    return { wasm };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

function refMessage(ref: string): string {
  return `${ref} is not allowed: a template may only reference data.inventory and data.lib`;
}

/** Turns `opa build` stderr into per-line errors, with lines of template.rego kept and lib errors named. */
function opaErrors(text: string): { line?: number; message: string }[] {
  const out: { line?: number; message: string }[] = [];
  for (const raw of text.split('\n')) {
    const m = /(?:^|\s)(template\.rego|lib_(\d+)\.rego):(\d+):\s*(.*)$/.exec(raw.trim());
    if (!m) continue;
    const line = Number(m[3]);
    if (m[2] !== undefined) out.push({ message: `libs[${m[2]}] line ${line}: ${m[4]}` });
    else out.push({ line, message: m[4] as string });
  }
  if (out.length === 0)
    out.push({ message: text.trim().split('\n').slice(0, 5).join('; ') || 'opa build failed' });
  return out;
}
