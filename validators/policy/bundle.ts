import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildWasm, type CompileCache, compileKey, type RunOpa } from './compile.js';
import { packageOf } from './rego-source.js';
import type { Template } from './template.js';

/** The entrypoint that evaluates every matched constraint of an object in one pass. */
export const HOOK_ENTRYPOINT = 'tghook/violation';

/**
 * Gatekeeper's hook (frameworks `drivers/rego/rego.go`) over all templates at once: each matched constraint's template
 * evaluated with `{review, parameters}`, its violations reduced to `{msg, details}` and tagged with the constraint's
 * index. The constraints (template id `t`, parameters `p`) are loaded once as `data.tgc`; the input names the matched
 * ones by index (`c`), so an object's input is its review and a few numbers. One input parse per object instead of
 * one per template, and one copy of the inventory. Templates cannot read `data.tgc`: Gatekeeper only lets them
 * reference `data.inventory` and `data.lib`, and template.ts checks that.
 */
const HOOK = `package tghook

violation[r] {
  i := input.c[_]
  c := data.tgc[i]
  v := data.tg[c.t].violation[_] with input as {"review": input.review, "parameters": c.p}
  r := {"i": i, "msg": v.msg, "details": object.get(v, "details", {})}
}
`;

/** All templates compiled into one module, each isolated in its own packages as Gatekeeper isolates them. */
export interface Bundle {
  key: string;
  wasm: Uint8Array;
  /** Template kind → its id in the module (`t3`: package `tg.t3`). */
  ids: Map<string, string>;
  cached: boolean;
}

/** Cache key of a set of templates: the hook, then the templates' own keys in order of kind. */
export function bundleKey(templates: Template[]): string {
  const keys = [...templates]
    .sort((a, b) => a.kind.localeCompare(b.kind))
    .map((t) => `${t.kind}:${compileKey(t.rego as NonNullable<Template['rego']>)}`);
  return `bundle-${createHash('sha256').update(HOOK).update(keys.join('\n')).digest('hex').slice(0, 32)}`;
}

/**
 * Compiles templates that already compiled alone into one module: each template's package becomes `tg.t<n>` and its
 * libs move from `data.lib` to `data.tgl.l<n>.lib`, so two templates' libs never meet (Gatekeeper compiles each
 * template apart). Rego v1 sources get `import rego.v1`, so all parse in one v0-compatible build.
 */
export async function compileBundle(
  templates: Template[],
  cache: CompileCache,
  run: RunOpa,
): Promise<Bundle | undefined> {
  const sorted = [...templates].sort((a, b) => a.kind.localeCompare(b.kind));
  const key = bundleKey(sorted);
  const ids = new Map(sorted.map((t, n) => [t.kind, `t${n}`]));
  for (const dir of [cache.dir, ...(cache.readOnlyDirs ?? [])]) {
    const hit = await readFile(join(dir, `${key}.wasm`)).catch(() => undefined);
    if (hit) return { key, wasm: hit, ids, cached: true };
  }
  const files = [{ name: 'hook.rego', text: HOOK }];
  sorted.forEach((t, n) => {
    const rego = t.rego as NonNullable<Template['rego']>;
    const lib = `data.tgl.l${n}.lib`;
    files.push({ name: `t${n}.rego`, text: relocate(rego.source, `tg.t${n}`, lib, rego.version) });
    rego.libs.forEach((text, i) => {
      const pkg = packageOf(text) ?? 'lib';
      files.push({ name: `t${n}_lib${i}.rego`, text: relocate(text, `tgl.l${n}.${pkg}`, lib, rego.version) });
    });
  });
  const entrypoints = [HOOK_ENTRYPOINT, ...sorted.map((_, n) => `tg/t${n}/violation`)];
  const built = await buildWasm(files, entrypoints, true, `${key}.wasm`, cache, run);
  return 'wasm' in built ? { key, wasm: built.wasm, ids, cached: false } : undefined;
}

/** Rewrites a module's package and its `data.lib` references, in code only (not in strings or comments). */
export function relocate(source: string, pkg: string, lib: string, version: 'v0' | 'v1'): string {
  const code = blankNonCode(source);
  const edits: { at: number; length: number; text: string }[] = [];
  const pkgMatch = /^(\s*)package\s+([A-Za-z_][\w.]*)/m.exec(code);
  if (pkgMatch) {
    const at = pkgMatch.index + (pkgMatch[1] as string).length;
    const v1 = version === 'v1' && !/^\s*import\s+rego\.v1\b/m.test(code) ? '\nimport rego.v1' : '';
    edits.push({
      at,
      length: pkgMatch[0].length - (pkgMatch[1] as string).length,
      text: `package ${pkg}${v1}`,
    });
  }
  for (const m of code.matchAll(/(?<![\w.])data\s*\.\s*lib(?![\w])/g)) {
    edits.push({ at: m.index, length: m[0].length, text: lib });
  }
  let out = source;
  for (const e of edits.sort((a, b) => b.at - a.at))
    out = out.slice(0, e.at) + e.text + out.slice(e.at + e.length);
  return out;
}

/** The source with comments and string contents replaced by spaces, keeping every offset. */
function blankNonCode(source: string): string {
  const out = source.split('');
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '#') {
      while (i < source.length && source[i] !== '\n') out[i++] = ' ';
    } else if (c === '"') {
      for (i++; i < source.length && source[i] !== '"' && source[i] !== '\n'; i++) {
        if (source[i] === '\\') out[i++] = ' ';
        out[i] = ' ';
      }
    } else if (c === '`') {
      for (i++; i < source.length && source[i] !== '`'; i++) if (source[i] !== '\n') out[i] = ' ';
    }
  }
  return out.join('');
}
