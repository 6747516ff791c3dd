import { posix } from 'node:path';
import type { Finding, Manifest } from '../core/types.js';
import { readRepoFile, type Tree } from '../io/fs.js';
import { parse } from '../parse/index.js';
import { segment } from './align.js';
import { globToRegExp } from './glob.js';
import type { Rendered, RenderedManifest, Target } from './types.js';
import { renderFinding } from './util.js';

// reposerver/repository/repository.go: manifestFile, skipFileRenderingMarker.
const MANIFEST_FILE = /^.*\.(yaml|yml|json|jsonnet)$/;
const SKIP_MARKER = '+argocd:skip-file-rendering';
// Directory include/exclude are gobwas/glob patterns compiled without separators: `*` crosses `/`.
const GOBWAS = { starCrossesSlash: true, braces: true, doubleStar: false };

/**
 * Reads a plain directory source as Argo CD's findManifests does: YAML/JSON files (recursing when asked),
 * include/exclude globs on the path relative to the app directory, `List` objects expanded.
 */
export async function renderDirectory(tree: Tree, target: Target): Promise<Rendered> {
  const opts = target.directory ?? {};
  const prefix = target.path === '.' ? '' : `${target.path}/`;
  const include = opts.include ? globToRegExp(opts.include, GOBWAS) : undefined;
  const exclude = opts.exclude ? globToRegExp(opts.exclude, GOBWAS) : undefined;
  const out: Rendered = { manifests: [], findings: [] };
  for (const file of tree.files) {
    if (!file.startsWith(prefix)) continue;
    const rel = file.slice(prefix.length);
    if (!opts.recurse && rel.includes('/')) continue;
    if (!MANIFEST_FILE.test(posix.basename(rel))) continue;
    if (opts.exclude && (exclude ? exclude.test(rel) : false)) continue;
    if (opts.include && !(include ? include.test(rel) : false)) continue;
    if (rel.endsWith('.jsonnet')) {
      out.findings.push(
        renderFinding(
          target.env,
          file,
          1,
          'jsonnet is not rendered by Tollgate; its objects were not validated',
          'warn',
        ),
      );
      continue;
    }
    const buf = await readRepoFile(tree.root, file);
    if (!buf) continue;
    const text = buf.toString('utf8');
    if (text.includes(SKIP_MARKER)) continue;
    readFile(file, text, target, out);
  }
  return out;
}

function readFile(file: string, text: string, target: Target, out: Rendered): void {
  const parsed = parse(file, text, target.env);
  // Argo CD skips a file that fails to decode unless it looks like a manifest (getObjsFromYAMLOrJSON).
  const looksLikeManifest = ['apiVersion:', 'kind:', 'metadata:'].every((m) => text.includes(m));
  for (const f of parsed.findings) out.findings.push(asRenderFinding(f, looksLikeManifest));
  for (const m of parsed.manifests) out.manifests.push(...expandList(m));
}

function asRenderFinding(f: Finding, looksLikeManifest: boolean): Finding {
  if (looksLikeManifest || !/^(not a Kubernetes object|binary file)/.test(f.message)) return f;
  return { ...f, enforcementAction: 'warn', message: `${f.message} (Argo CD skips this file)` };
}

/** `kind: List` and `…List` with `items` become their items, each keeping its own lines. */
function expandList(m: Manifest): RenderedManifest[] {
  const items = m.object.items;
  if (!m.object.kind?.endsWith('List') || !Array.isArray(items)) return [{ ...m, fieldFiles: {} }];
  return items.map((object, i) => {
    const base = `/items/${segment(i)}`;
    const fieldLines: Record<string, number> = {};
    for (const [p, l] of Object.entries(m.fieldLines)) {
      if (p === base || p.startsWith(`${base}/`)) fieldLines[p.slice(base.length)] = l;
    }
    return { env: m.env, file: m.file, line: fieldLines[''] ?? m.line, object, fieldLines, fieldFiles: {} };
  });
}
