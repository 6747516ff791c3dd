import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { TollgateError } from '../core/errors.js';
import { ExitCode } from '../core/exit-codes.js';
import { parse } from '../parse/index.js';
import { bundleKey, compileBundle } from '../policy/bundle.js';
import { compileKey, compileTemplate } from '../policy/compile.js';
import { readTemplate, type Template } from '../policy/template.js';
import type { CliContext } from './context.js';

/** Where the compiled modules of this repository's library are committed. */
export const COMPILED_DIR = 'policies/compiled';

export const compileHelp = `Usage: tollgate compile [--check]

Compiles every policies/rego/<policy>/template.yaml to Wasm into ${COMPILED_DIR}/<key>.wasm, and all of them into
one module (bundle-<key>.wasm, evaluated once per object), so laptops and Argo CD validate without opa. Keys hash
the Rego, its libs, the Rego version and the OPA version.
  --check   needs no opa: exit 1 when a module is missing or a file is no longer used
`;

/** `tollgate compile`: the committed bundle of compiled templates, and its staleness check. */
export async function compileCommand(argv: string[], ctx: CliContext): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { check: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    ctx.stdout(compileHelp);
    return ExitCode.OK;
  }
  const templates = await libraryTemplates(ctx.cwd);
  const dir = join(ctx.cwd, COMPILED_DIR);
  const wanted = new Map(
    templates.map((t) => [`${compileKey(t.rego as NonNullable<Template['rego']>)}.wasm`, t]),
  );
  const bundleFile = templates.length >= 3 ? `${bundleKey(templates)}.wasm` : undefined;
  const present = new Set((await readdir(dir).catch(() => [])).filter((f) => f.endsWith('.wasm')));
  const missing = [...wanted].filter(([file]) => !present.has(file));
  const bundleMissing = bundleFile !== undefined && !present.has(bundleFile);
  const unused = [...present].filter((file) => !wanted.has(file) && file !== bundleFile);
  if (values.check) {
    for (const [file, t] of missing)
      ctx.stdout(`missing\t${COMPILED_DIR}/${file}\t${t.kind} (${t.manifest.file})\n`);
    if (bundleMissing)
      ctx.stdout(`missing\t${COMPILED_DIR}/${bundleFile}\tall ${templates.length} templates in one module\n`);
    for (const file of unused) ctx.stdout(`unused\t${COMPILED_DIR}/${file}\n`);
    if (missing.length + unused.length === 0 && !bundleMissing) return ExitCode.OK;
    ctx.stderr('the compiled policy bundle is stale: run `tollgate compile` and commit policies/compiled\n');
    return ExitCode.DENIED;
  }
  for (const [file, t] of missing) {
    const compiled = await compileTemplate(t, { dir }, ctx.run);
    if (!compiled.ok) {
      throw new TollgateError(
        'TOOL_FAILED',
        `${t.kind} (${t.manifest.file}) does not compile: ${compiled.errors[0]?.message}`,
        'run `tollgate validate -f` on the template for every error with its line',
      );
    }
    ctx.stdout(`compiled\t${COMPILED_DIR}/${file}\t${t.kind}\n`);
  }
  if (bundleMissing) {
    if (!(await compileBundle(templates, { dir }, ctx.run))) {
      throw new TollgateError(
        'TOOL_FAILED',
        'the templates compile one by one but not into one module',
        'report this with `tollgate compile --debug`',
      );
    }
    ctx.stdout(`compiled\t${COMPILED_DIR}/${bundleFile}\tall ${templates.length} templates in one module\n`);
  }
  for (const file of unused) {
    await rm(join(dir, file));
    ctx.stdout(`removed\t${COMPILED_DIR}/${file}\n`);
  }
  return ExitCode.OK;
}

/** The library's templates that have Rego. */
async function libraryTemplates(root: string): Promise<Template[]> {
  const rego = join(root, 'policies', 'rego');
  const out: Template[] = [];
  for (const name of (await readdir(rego).catch(() => [])).sort()) {
    const file = `policies/rego/${name}/template.yaml`;
    const text = await readFile(join(root, file), 'utf8').catch(() => undefined);
    if (text === undefined) continue;
    for (const m of parse(file, text, 'all').manifests) {
      const { template } = readTemplate(m);
      if (template?.rego) out.push(template);
    }
  }
  return out;
}
