import { posix } from 'node:path';
import type { Finding, Manifest } from '../core/types.js';
import type { Tree } from '../io/fs.js';
import { readRepoFile } from '../io/fs.js';
import { globToRegExp, treeDirs } from '../render/index.js';
import { yamlValue } from './config.js';
import { executeGoTemplate, type GoTemplateOptions, printValue } from './go-template.js';

type Params = Record<string, unknown>;
type Obj = Record<string, unknown>;

/** What an ApplicationSet needs from the run: which URLs are this repository, and its files at a revision. */
export interface AppSetContext {
  isThisRepo(url: string): boolean;
  treeAt(revision: string | undefined, file: string, line: number): Promise<Tree>;
}

/** The Applications one ApplicationSet generates, each pointing at the template's lines; or why none were. */
export interface Expansion {
  applications: Manifest[];
  findings: Finding[];
  /** Generators Tollgate cannot evaluate (clusters, scmProvider, pullRequest, plugin, …). */
  unsupported: { line: number; reason: string }[];
}

class GeneratorError extends Error {}

/** A template string that failed, with its pointer inside the template. */
class FieldError extends Error {
  constructor(
    readonly pointer: string,
    message: string,
  ) {
    super(message);
  }
}

const SUPPORTED = ['list', 'git', 'matrix', 'merge'];
const KNOWN = [...SUPPORTED, 'clusters', 'scmProvider', 'clusterDecisionResource', 'pullRequest', 'plugin'];

/**
 * Runs an ApplicationSet's generators and renders its template per parameter set, as the ApplicationSet
 * controller does (applicationset/generators, applicationset/utils/utils.go Render).
 */
export async function expandApplicationSet(appset: Manifest, ctx: AppSetContext): Promise<Expansion> {
  const out: Expansion = { applications: [], findings: [], unsupported: [] };
  const spec = (appset.object.spec ?? {}) as Obj;
  const lineOf = (p: string) => appset.fieldLines[p] ?? appset.line;
  const goTemplate = spec.goTemplate === true;
  const options: GoTemplateOptions = { missingKey: 'default' };
  for (const o of Array.isArray(spec.goTemplateOptions) ? spec.goTemplateOptions : []) {
    const m = /^missingkey=(\w+)$/.exec(String(o));
    if (m?.[1] === 'error' || m?.[1] === 'zero') options.missingKey = m[1];
  }
  const warn = (line: number, message: string) => out.findings.push(finding(appset, line, message, 'warn'));
  if (spec.templatePatch !== undefined)
    warn(lineOf('/spec/templatePatch'), 'templatePatch is not applied by Tollgate');
  const generators = Array.isArray(spec.generators) ? spec.generators : [];
  if (generators.length === 0)
    out.findings.push(finding(appset, lineOf('/spec'), 'ApplicationSet has no generators', 'deny'));
  const env: GenEnv = { ctx, goTemplate, options, appset, unsupported: out.unsupported };
  for (const [i, gen] of generators.entries()) {
    const pointer = `/spec/generators/${i}`;
    let params: Params[];
    try {
      params = await generate(gen as Obj, {}, env, pointer);
    } catch (err) {
      if (err instanceof Unsupported) continue;
      out.findings.push(
        finding(appset, lineOf(pointer), `generator failed: ${(err as Error).message}`, 'deny'),
      );
      continue;
    }
    if (params.length === 0) {
      warn(lineOf(pointer), `spec.generators[${i}] matches nothing: this generator creates no Application`);
      continue;
    }
    const template = mergeTemplate(templateOf(gen as Obj), spec.template as Obj | undefined);
    const templatePointer = templateOf(gen as Obj)
      ? `${pointer}/${Object.keys(gen as Obj)[0]}/template`
      : '/spec/template';
    for (const p of params) {
      try {
        const rendered = renderTemplate(template, p, goTemplate, options) as Obj;
        out.applications.push(toApplication(appset, rendered, templatePointer));
      } catch (err) {
        const at = err instanceof FieldError ? `${templatePointer}${err.pointer}` : templatePointer;
        out.findings.push(finding(appset, lineOf(at), `template failed: ${(err as Error).message}`, 'deny'));
      }
    }
  }
  return out;
}

class Unsupported extends Error {}

interface GenEnv {
  ctx: AppSetContext;
  goTemplate: boolean;
  options: GoTemplateOptions;
  appset: Manifest;
  unsupported: Expansion['unsupported'];
}

function templateOf(gen: Obj): Obj | undefined {
  const inner = Object.values(gen).find(
    (v) => typeof v === 'object' && v !== null && 'template' in (v as Obj),
  ) as Obj | undefined;
  return inner?.template as Obj | undefined;
}

/** mergo.Merge(dest=generator template, src=ApplicationSet template): the generator's fields win. */
function mergeTemplate(dest: Obj | undefined, src: Obj | undefined): Obj {
  if (!dest) return structuredClone(src ?? {});
  const out: Obj = structuredClone(dest);
  for (const [k, v] of Object.entries(src ?? {})) {
    const cur = out[k];
    if (cur === undefined || cur === '' || cur === null) out[k] = structuredClone(v);
    else if (isObj(cur) && isObj(v)) out[k] = mergeTemplate(cur, v);
  }
  return out;
}

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** One generator's parameter sets (generator_spec_processor.go Transform). */
async function generate(gen: Obj, parent: Params, env: GenEnv, pointer: string): Promise<Params[]> {
  const kinds = Object.keys(gen).filter((k) => k !== 'selector' && gen[k] !== null && gen[k] !== undefined);
  const kind = kinds[0];
  if (!kind || !KNOWN.includes(kind))
    throw new GeneratorError(`unknown generator ${kinds.join(', ') || '(none)'}`);
  if (!SUPPORTED.includes(kind)) {
    const line = env.appset.fieldLines[`${pointer}/${kind}`] ?? env.appset.line;
    env.unsupported.push({ line, reason: `${kind} generator is not evaluated by Tollgate` });
    throw new Unsupported();
  }
  const spec =
    Object.keys(parent).length > 0
      ? (renderTemplate(
          gen[kind],
          parent,
          env.goTemplate,
          { missingKey: env.goTemplate ? 'error' : 'default' },
          true,
        ) as Obj)
      : (gen[kind] as Obj);
  let params: Params[];
  if (kind === 'list') params = listParams(spec, env.goTemplate);
  else if (kind === 'git') params = await gitParams(spec, env, pointer);
  else if (kind === 'matrix') params = await matrixParams(spec, env, pointer);
  else params = await mergeParams(spec, env, pointer);
  const selector = gen.selector as Obj | undefined;
  return selector ? params.filter((p) => selects(selector, flatten(p))) : params;
}

function listParams(spec: Obj, goTemplate: boolean): Params[] {
  const elements = Array.isArray(spec.elements) ? spec.elements : [];
  const out = elements.map((e: unknown) => {
    if (!isObj(e)) throw new GeneratorError('list element is not a mapping');
    if (goTemplate) return e;
    const params: Params = {};
    for (const [k, v] of Object.entries(e)) {
      if (k === 'values' && isObj(v)) {
        for (const [vk, vv] of Object.entries(v)) {
          if (typeof vv !== 'string') throw new GeneratorError(`list element values.${vk} is not a string`);
          params[`values.${vk}`] = vv;
        }
      } else if (typeof v !== 'string') throw new GeneratorError(`list element ${k} is not a string`);
      else params[k] = v;
    }
    return params;
  });
  if (typeof spec.elementsYaml === 'string') {
    const extra = yamlValue(spec.elementsYaml);
    if (!Array.isArray(extra)) throw new GeneratorError('elementsYaml is not a YAML list');
    out.push(...(extra as Params[]));
  }
  return out;
}

async function gitParams(spec: Obj, env: GenEnv, pointer: string): Promise<Params[]> {
  const url = String(spec.repoURL ?? '');
  if (!env.ctx.isThisRepo(url)) {
    const line = env.appset.fieldLines[`${pointer}/git/repoURL`] ?? env.appset.line;
    env.unsupported.push({ line, reason: `git generator reads ${url}, which is not this repository` });
    throw new Unsupported();
  }
  const line = env.appset.fieldLines[`${pointer}/git/revision`] ?? env.appset.line;
  const tree = await env.ctx.treeAt(spec.revision as string | undefined, env.appset.file, line);
  const prefix = typeof spec.pathParamPrefix === 'string' ? spec.pathParamPrefix : '';
  const values = isObj(spec.values) ? (spec.values as Record<string, string>) : {};
  let out: Params[];
  if (Array.isArray(spec.directories) && spec.directories.length > 0) {
    out = gitDirectories(tree, spec.directories as Obj[]).map((d) =>
      pathParams(d, undefined, prefix, env.goTemplate),
    );
  } else if (Array.isArray(spec.files) && spec.files.length > 0) {
    out = await gitFiles(tree, spec.files as Obj[], prefix, env.goTemplate);
  } else {
    throw new GeneratorError('git generator needs directories or files');
  }
  for (const p of out) appendValues(values, p, env);
  return out;
}

/** Directories of the tree as GetGitDirectories walks them (no hidden ones), filtered like filterApps (path.Match). */
function gitDirectories(tree: Tree, items: Obj[]): string[] {
  const dirs = [...treeDirs(tree)]
    .filter((d) => d !== '.' && !d.split('/').some((s) => s.startsWith('.')))
    .sort(compareWalkOrder);
  const pats = items.map((i) => ({
    re: globToRegExp(String(i.path ?? ''), { starCrossesSlash: false }),
    exclude: i.exclude === true,
  }));
  return dirs.filter((d) => {
    const matches = pats.filter((p) => p.re?.test(d));
    return matches.some((p) => !p.exclude) && !matches.some((p) => p.exclude);
  });
}

/** filepath.WalkDir order: depth first, names sorted within each directory. */
function compareWalkOrder(a: string, b: string): number {
  const x = a.split('/');
  const y = b.split('/');
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] !== y[i]) return (x[i] as string) < (y[i] as string) ? -1 : 1;
  }
  return x.length - y.length;
}

/** Files matched by `git ls-files -- <pattern>` (a pathspec: `*` crosses `/`, a plain path matches beneath it). */
async function gitFiles(tree: Tree, items: Obj[], prefix: string, goTemplate: boolean): Promise<Params[]> {
  const matcher = (pattern: string) => {
    if (!/[*?[]/.test(pattern))
      return (f: string) => f === pattern || f.startsWith(`${pattern.replace(/\/$/, '')}/`);
    const re = globToRegExp(pattern, { starCrossesSlash: true });
    return (f: string) => re?.test(f) ?? false;
  };
  const include = items.filter((i) => i.exclude !== true).map((i) => matcher(String(i.path ?? '')));
  const exclude = items.filter((i) => i.exclude === true).map((i) => matcher(String(i.path ?? '')));
  const files = tree.files.filter((f) => include.some((m) => m(f)) && !exclude.some((m) => m(f))).sort();
  const out: Params[] = [];
  for (const file of files) {
    const text = (await readRepoFile(tree.root, file))?.toString('utf8') ?? '';
    const value = text.trim() === '' ? {} : yamlValue(text);
    const objects = Array.isArray(value) ? value : [value];
    for (const o of objects) {
      if (!isObj(o))
        throw new GeneratorError(`unable to process file '${file}': not a mapping or a list of mappings`);
      const params: Params = goTemplate ? { ...o } : {};
      if (!goTemplate) for (const [k, v] of Object.entries(flatten(o))) params[k] = v;
      Object.assign(params, pathParams(posix.dirname(file), file, prefix, goTemplate));
      out.push(params);
    }
  }
  return out;
}

/** git.go generateParamsFromApps / generateParamsFromGitFile: `path`, `path.basename`, `path[0]` or `.path.segments`. */
function pathParams(dir: string, file: string | undefined, prefix: string, goTemplate: boolean): Params {
  const base = posix.basename(dir);
  if (goTemplate) {
    const path: Params = {
      path: dir,
      basename: base,
      basenameNormalized: sanitize(base),
      segments: dir.split('/'),
    };
    if (file !== undefined) {
      path.filename = posix.basename(file);
      path.filenameNormalized = sanitize(posix.basename(file));
    }
    return prefix ? { [prefix]: { path } } : { path };
  }
  const name = prefix ? `${prefix}.path` : 'path';
  const out: Params = {
    [name]: dir,
    [`${name}.basename`]: base,
    [`${name}.basenameNormalized`]: sanitize(base),
  };
  if (file !== undefined) {
    out[`${name}.filename`] = posix.basename(file);
    out[`${name}.filenameNormalized`] = sanitize(posix.basename(file));
  }
  dir.split('/').forEach((s, i) => {
    if (s) out[`${name}[${i}]`] = s;
  });
  return out;
}

/** applicationset/utils SanitizeName. */
function sanitize(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9-.]/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '');
}

function appendValues(values: Record<string, string>, params: Params, env: GenEnv): void {
  const rendered: Record<string, string> = {};
  for (const [k, v] of Object.entries(values)) rendered[k] = replace(v, params, env.goTemplate, env.options);
  if (env.goTemplate) {
    if (Object.keys(rendered).length > 0) params.values = rendered;
  } else for (const [k, v] of Object.entries(rendered)) params[`values.${k}`] = v;
}

async function matrixParams(spec: Obj, env: GenEnv, pointer: string): Promise<Params[]> {
  const children = Array.isArray(spec.generators) ? (spec.generators as Obj[]) : [];
  if (children.length !== 2) throw new GeneratorError('matrix needs exactly two child generators');
  const out: Params[] = [];
  for (const a of await generate(children[0] as Obj, {}, env, `${pointer}/matrix/generators/0`)) {
    for (const b of await generate(children[1] as Obj, a, env, `${pointer}/matrix/generators/1`)) {
      out.push(env.goTemplate ? deepMerge(deepMerge({}, b), a) : combineStringMaps(a, b));
    }
  }
  return out;
}

async function mergeParams(spec: Obj, env: GenEnv, pointer: string): Promise<Params[]> {
  const children = Array.isArray(spec.generators) ? (spec.generators as Obj[]) : [];
  const keys = Array.isArray(spec.mergeKeys) ? spec.mergeKeys.map(String) : [];
  if (children.length < 2) throw new GeneratorError('merge needs at least two child generators');
  if (keys.length === 0) throw new GeneratorError('merge needs mergeKeys');
  const sets: Params[][] = [];
  for (const [i, c] of children.entries())
    sets.push(await generate(c, {}, env, `${pointer}/merge/generators/${i}`));
  const keyOf = (p: Params) => JSON.stringify([...new Set(keys)].sort().map((k) => [k, p[k] ?? null]));
  const byKey = (ps: Params[]) => {
    const m = new Map<string, Params>();
    for (const p of ps) {
      const k = keyOf(p);
      if (m.has(k)) throw new GeneratorError(`param set keys are not unique. Duplicate key was ${k}`);
      m.set(k, p);
    }
    return m;
  };
  const base = byKey(sets[0] ?? []);
  for (const other of sets.slice(1)) {
    const o = byKey(other);
    for (const [k, p] of base) {
      const over = o.get(k);
      if (over) base.set(k, env.goTemplate ? deepMerge(p, over) : { ...p, ...over });
    }
  }
  return [...base.values()];
}

function deepMerge(dest: Params, src: Params): Params {
  const out: Params = { ...dest };
  for (const [k, v] of Object.entries(src))
    out[k] = isObj(out[k]) && isObj(v) ? deepMerge(out[k] as Params, v) : v;
  return out;
}

/** utils/map.go CombineStringMaps: values as `%v`, a key present in both with different values is an error. */
function combineStringMaps(a: Params, b: Params): Params {
  const out: Params = {};
  for (const [k, v] of Object.entries(a)) out[k] = printValue(v);
  for (const [k, v] of Object.entries(b)) {
    const s = printValue(v);
    if (k in out && out[k] !== s)
      throw new GeneratorError(`found duplicate key ${k} with different value, a: ${out[k]} ,b: ${s}`);
    out[k] = s;
  }
  return out;
}

/** jeremywohl/flatten DotStyle with `%v` values (used for selectors and fasttemplate git files). */
function flatten(value: unknown, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  if (isObj(value) || Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) {
      const key = prefix ? `${prefix}.${k}` : k;
      if (isObj(v) || (Array.isArray(v) && v.length > 0)) Object.assign(out, flatten(v, key));
      else out[key] = printValue(v);
    }
  }
  return out;
}

/** A metav1.LabelSelector over flattened parameters. */
function selects(selector: Obj, labels: Record<string, string>): boolean {
  const match = isObj(selector.matchLabels) ? selector.matchLabels : {};
  if (Object.entries(match).some(([k, v]) => labels[k] !== String(v))) return false;
  const exprs = Array.isArray(selector.matchExpressions) ? (selector.matchExpressions as Obj[]) : [];
  return exprs.every((e) => {
    const key = String(e.key);
    const values = Array.isArray(e.values) ? e.values.map(String) : [];
    const has = key in labels;
    switch (e.operator) {
      case 'In':
        return has && values.includes(labels[key] as string);
      case 'NotIn':
        return !has || !values.includes(labels[key] as string);
      case 'Exists':
        return has;
      case 'DoesNotExist':
        return !has;
      default:
        throw new GeneratorError(`unknown selector operator ${String(e.operator)}`);
    }
  });
}

/** Render.Replace on every string and map key of a value (utils.go deeplyReplace). */
function renderTemplate(
  value: unknown,
  params: Params,
  goTemplate: boolean,
  options: GoTemplateOptions,
  keepMissing = false,
): unknown {
  const walk = (v: unknown, pointer: string): unknown => {
    if (typeof v === 'string') return replaceKeeping(v, pointer);
    if (Array.isArray(v)) return v.map((x, i) => walk(x, `${pointer}/${i}`));
    if (isObj(v)) {
      const out: Obj = {};
      for (const [k, x] of Object.entries(v)) {
        const p = `${pointer}/${k.replaceAll('~', '~0').replaceAll('/', '~1')}`;
        out[replaceKeeping(k, p)] = walk(x, p);
      }
      return out;
    }
    return v;
  };
  // RenderGeneratorParams leaves a string whose keys the parent generator does not have as it is.
  const replaceKeeping = (s: string, pointer: string): string => {
    try {
      return replace(s, params, goTemplate, options);
    } catch (err) {
      if (keepMissing && /map has no entry for key|nil pointer evaluating/.test((err as Error).message))
        return s;
      throw new FieldError(pointer, (err as Error).message);
    }
  };
  return walk(value, '');
}

/** utils.go Replace: Go text/template, or fasttemplate's `{{ key }}` with unknown keys left as written. */
export function replace(
  text: string,
  params: Params,
  goTemplate: boolean,
  options: GoTemplateOptions,
): string {
  if (goTemplate) return executeGoTemplate(text, params, options);
  if (!/{{.*}}/.test(text)) return text;
  let out = '';
  let i = 0;
  for (;;) {
    const open = text.indexOf('{{', i);
    if (open < 0) return out + text.slice(i);
    const close = text.indexOf('}}', open + 2);
    if (close < 0) throw new GeneratorError(`Cannot find end tag="}}" in the template="${text}"`);
    const tag = text.slice(open + 2, close);
    const value = params[tag.trim()];
    out += text.slice(i, open) + (tag.trim() !== '' && typeof value === 'string' ? value : `{{${tag}}}`);
    i = close + 2;
  }
}

function toApplication(appset: Manifest, rendered: Obj, templatePointer: string): Manifest {
  const metadata = {
    ...(isObj(rendered.metadata) ? rendered.metadata : {}),
  } as Manifest['object']['metadata'] & Obj;
  if (appset.object.metadata?.namespace) metadata.namespace = appset.object.metadata.namespace;
  const object = { apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata, spec: rendered.spec };
  const base = appset.fieldLines[templatePointer] ?? appset.line;
  const fieldLines: Record<string, number> = { '': base };
  const walk = (v: unknown, p: string) => {
    const line = appset.fieldLines[`${templatePointer}${p}`];
    if (line !== undefined) fieldLines[p] = line;
    if (isObj(v)) {
      for (const [k, x] of Object.entries(v))
        walk(x, `${p}/${k.replaceAll('~', '~0').replaceAll('/', '~1')}`);
    } else if (Array.isArray(v)) {
      v.forEach((x, i) => {
        walk(x, `${p}/${i}`);
      });
    }
  };
  walk(object, '');
  return { env: appset.env, file: appset.file, line: base, object, fieldLines };
}

function finding(
  appset: Manifest,
  line: number,
  message: string,
  enforcementAction: Finding['enforcementAction'],
): Finding {
  return {
    env: appset.env,
    file: appset.file,
    line,
    source: 'render',
    enforcementAction,
    message: `ApplicationSet ${appset.object.metadata?.name ?? ''}: ${message}`,
    apiVersion: appset.object.apiVersion,
    kind: appset.object.kind,
    ...(appset.object.metadata?.namespace ? { namespace: appset.object.metadata.namespace } : {}),
    name: appset.object.metadata?.name,
  };
}
