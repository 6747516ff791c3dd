import { join, posix } from 'node:path';
import { parse as parseYaml, stringify } from 'yaml';
import type { Finding } from '../core/types.js';
import type { RunTool } from '../io/exec.js';
import { makeTempDir, readRepoFile, removeDir, replaceFile, type Tree } from '../io/fs.js';
import { parse } from '../parse/index.js';
import { globToRegExp } from './glob.js';
import type { Rendered, RenderedManifest, Target } from './types.js';
import { envsubst, renderFinding } from './util.js';

/**
 * Templates a chart in this repository with the pinned helm, with the arguments Argo CD builds
 * (reposerver/repository/repository.go helmTemplate, util/helm/cmd.go template). Dependencies are not fetched.
 */
export async function renderHelm(tree: Tree, target: Target, run: RunTool): Promise<Rendered> {
  const h = target.helm ?? {};
  const files = new Set(tree.files);
  const chartYaml = posix.join(target.path, 'Chart.yaml');
  if (!files.has(chartYaml)) {
    return failed(target, target.appFile, target.appLine, `no Chart.yaml in ${target.path}`);
  }
  const findings: Finding[] = [];
  const args = ['template', '.', '--name-template', h.releaseName || target.app];
  const namespace = h.namespace || target.kustomize?.namespace || target.namespace;
  if (namespace) args.push('--namespace', namespace);
  if (h.kubeVersion) args.push('--kube-version', h.kubeVersion);
  for (const p of h.parameters ?? []) {
    args.push(
      p.forceString ? '--set-string' : '--set',
      `${p.name}=${cleanSetParameter(envsubst(p.value, target.buildEnv))}`,
    );
  }
  for (const p of h.fileParameters ?? []) args.push('--set-file', `${p.name}=${join(tree.root, p.path)}`);
  const valueFiles = resolveValueFiles(tree, target, findings);
  if (!valueFiles) return { manifests: [], findings };
  for (const f of valueFiles) args.push('--values', join(tree.root, f));
  let scratch: string | undefined;
  try {
    if (h.values || h.valuesObject) {
      scratch = await makeTempDir('tollgate-values-');
      const text = h.valuesObject ? stringify(h.valuesObject) : (h.values ?? '');
      await replaceFile(join(scratch, 'values.yaml'), text);
      args.push('--values', join(scratch, 'values.yaml'));
    }
    for (const v of h.apiVersions ?? []) args.push('--api-versions', v);
    if (!h.skipCrds) args.push('--include-crds');
    if (h.skipSchemaValidation) args.push('--skip-schema-validation');
    if (h.skipTests) args.push('--skip-tests');
    const out = await run('helm', args, { cwd: join(tree.root, target.path) });
    if (out.code !== 0)
      return { manifests: [], findings: [...findings, helmFailure(tree, target, out.stderr)] };
    const chartName = chartNameOf((await readRepoFile(tree.root, chartYaml))?.toString('utf8'));
    return { manifests: await locateHelmOutput(tree, target, out.stdout, chartName), findings };
  } finally {
    if (scratch) await removeDir(scratch);
  }
}

function failed(target: Target, file: string, line: number, message: string): Rendered {
  return { manifests: [], findings: [renderFinding(target.env, file, line, message)] };
}

// util/helm/cmd.go cleanSetParameters: commas are escaped unless the value is a `{a,b}` list.
function cleanSetParameter(value: string): string {
  if (value.startsWith('{') && value.endsWith('}')) return value;
  return value.replace(/(^|[^\\]),/g, '$1\\,');
}

/** Value files in Argo CD's order, globs expanded (doublestar, lexical), missing ones a finding unless ignored. */
function resolveValueFiles(tree: Tree, target: Target, findings: Finding[]): string[] | undefined {
  const h = target.helm ?? {};
  const files = new Set(tree.files);
  const out: string[] = [];
  for (const [i, raw] of (h.valueFiles ?? []).entries()) {
    const line = target.optionLines[`/helm/valueFiles/${i}`] ?? target.appLine;
    if (/[*?[]/.test(raw)) {
      const re = globToRegExp(raw, { starCrossesSlash: false, doubleStar: true, braces: true });
      const matches = tree.files.filter((f) => re?.test(f)).sort();
      if (matches.length === 0 && !h.ignoreMissingValueFiles) {
        findings.push(
          renderFinding(target.env, target.appFile, line, `helm value files glob ${raw} matches no file`),
        );
        return undefined;
      }
      for (const m of matches) if (!out.includes(m)) out.push(m);
    } else if (files.has(raw)) {
      if (!out.includes(raw)) out.push(raw);
    } else if (!h.ignoreMissingValueFiles) {
      findings.push(renderFinding(target.env, target.appFile, line, `helm value file ${raw} does not exist`));
      return undefined;
    }
  }
  return out;
}

function chartNameOf(text: string | undefined): string | undefined {
  try {
    const name = (parseYaml(text ?? '') as { name?: unknown } | null)?.name;
    return typeof name === 'string' ? name : undefined;
  } catch {
    return undefined;
  }
}

/** helm's `# Source: <chart>/templates/x.yaml` comment names the template; the n-th document of it is found there. */
async function locateHelmOutput(
  tree: Tree,
  target: Target,
  stdout: string,
  chartName: string | undefined,
): Promise<RenderedManifest[]> {
  const lines = stdout.split('\n');
  const sourceAt: (string | undefined)[] = [];
  let current: string | undefined;
  lines.forEach((l, i) => {
    const m = /^# Source: (.+)$/.exec(l);
    if (m) current = m[1];
    else if (l === '---') current = undefined;
    sourceAt[i + 1] = current;
  });
  const parsed = parse(posix.join(target.path, 'Chart.yaml'), stdout, target.env);
  const seen = new Map<string, number>();
  const out: RenderedManifest[] = [];
  for (const m of parsed.manifests) {
    const src = sourceAt[m.line] ?? findSourceAbove(lines, m.line);
    const file = src ? templateFile(target.path, src, chartName) : posix.join(target.path, 'Chart.yaml');
    const nth = seen.get(file) ?? 0;
    seen.set(file, nth + 1);
    const line = await documentStart(tree, file, nth);
    out.push({ env: target.env, file, line, object: m.object, fieldLines: { '': line }, fieldFiles: {} });
  }
  return out;
}

function findSourceAbove(lines: string[], line: number): string | undefined {
  for (let i = line - 1; i >= 1; i--) {
    const m = /^# Source: (.+)$/.exec(lines[i - 1] ?? '');
    if (m) return m[1];
    if (lines[i - 1] === '---') return undefined;
  }
  return undefined;
}

function templateFile(chartPath: string, source: string, chartName: string | undefined): string {
  const rest =
    chartName && source.startsWith(`${chartName}/`)
      ? source.slice(chartName.length + 1)
      : source.split('/').slice(1).join('/');
  return posix.normalize(posix.join(chartPath, rest));
}

async function documentStart(tree: Tree, file: string, nth: number): Promise<number> {
  if (nth === 0) return 1;
  const text = (await readRepoFile(tree.root, file))?.toString('utf8') ?? '';
  let count = 0;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (/^---/.test(lines[i] ?? '') && ++count === nth) return i + 2;
  }
  return 1;
}

/**
 * helm names the template in its errors: `template: chart/templates/x.yaml:12:3: …`, `parse error at
 * (chart/templates/x.yaml:7)`, `YAML parse error on chart/templates/x.yaml`; a missing dependency is Chart.yaml's.
 */
function helmFailure(tree: Tree, target: Target, stderr: string): Finding {
  const error =
    stderr
      .split('\n')
      .find((l) => l.startsWith('Error:'))
      ?.replace(/^Error: /, '') ?? stderr.trim();
  const files = new Set(tree.files);
  const ref =
    /([\w.-]+(?:\/[\w.-]+)*\/(?:templates|charts)\/[\w./-]+?\.(?:ya?ml|tpl|txt|json))(?::(\d+))?/.exec(error);
  if (ref?.[1]) {
    const file = templateFile(target.path, ref[1], undefined);
    if (files.has(file))
      return renderFinding(target.env, file, ref[2] ? Number(ref[2]) : 1, `helm template failed: ${error}`);
  }
  if (/missing in charts\/ directory|dependencies/.test(error)) {
    const message = `helm template failed: ${error} (chart dependencies are not fetched; vendor them under charts/)`;
    return renderFinding(target.env, posix.join(target.path, 'Chart.yaml'), 1, message);
  }
  if (/values|\.yaml/.test(error)) {
    const file = (target.helm?.valueFiles ?? []).find((f) => error.includes(f));
    if (file) return renderFinding(target.env, file, 1, `helm template failed: ${error}`);
  }
  return renderFinding(target.env, target.appFile, target.appLine, `helm template failed: ${error}`);
}
