import { posix } from 'node:path';
import type { Finding } from '../core/types.js';
import type { Tree } from '../io/fs.js';
import { KUSTOMIZATION_NAMES, readGraph, type Target } from '../render/index.js';

// Test fixtures and golden files of a repository are not deployable content.
const NOT_CONTENT = /(^|\/)(\.[^/]*|__fixtures__|__golden__|testdata|node_modules)(\/|$)/;

/**
 * Kustomizations (not Components) and Helm charts that no target of any environment renders, directly or as a
 * base or component of one, and that no other kustomization uses: usually a promotion that never happened.
 */
export async function findOrphans(
  tree: Tree,
  targets: Target[],
): Promise<{ orphans: string[]; findings: Finding[] }> {
  const kustomizations = new Map<string, string>();
  const charts = new Map<string, string>();
  for (const f of tree.files) {
    if (NOT_CONTENT.test(f)) continue;
    const dir = posix.dirname(f);
    if (KUSTOMIZATION_NAMES.includes(posix.basename(f)) && !kustomizations.has(dir))
      kustomizations.set(dir, f);
    if (posix.basename(f) === 'Chart.yaml') charts.set(dir, f);
  }
  const insideChart = (dir: string) =>
    [...charts.keys()].some((c) => c !== dir && (c === '.' || dir.startsWith(`${c}/`)));
  const deployed = new Set<string>();
  const referenced = new Set<string>();
  for (const t of targets) {
    deployed.add(t.path);
    if (t.kind !== 'kustomize') continue;
    for (const dir of (await readGraph(tree, t.path, t.env)).keys()) deployed.add(dir);
    for (const c of t.kustomize?.components ?? []) deployed.add(posix.normalize(posix.join(t.path, c)));
  }
  const components = new Set<string>();
  for (const dir of kustomizations.keys()) {
    for (const node of (await readGraph(tree, dir, 'orphans')).values()) {
      if (node.kind === 'Component') components.add(node.dir);
      if (node.dir === dir) {
        for (const r of node.resources) if (r.isDir) referenced.add(r.path);
        for (const c of node.components) referenced.add(c.path);
      }
    }
  }
  const orphans: string[] = [];
  const findings: Finding[] = [];
  const candidates = [...kustomizations.entries(), ...charts.entries()].sort(([a], [b]) =>
    a.localeCompare(b),
  );
  for (const [dir, file] of candidates) {
    if (deployed.has(dir) || referenced.has(dir) || components.has(dir) || insideChart(dir)) continue;
    if (orphans.includes(dir)) continue;
    orphans.push(dir);
    findings.push({
      env: 'all',
      file,
      line: 1,
      source: 'render',
      enforcementAction: 'warn',
      message: `${dir} is not deployed by any Application of any environment (a promotion that never happened?)`,
    });
  }
  return { orphans, findings };
}
