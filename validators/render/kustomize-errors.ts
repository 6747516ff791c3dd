import { posix, relative, sep } from 'node:path';
import type { Tree } from '../io/fs.js';
import type { KGraph } from './kustomization.js';
import type { Target } from './types.js';

/** Where a failed `kustomize build` should be reported, and what to say. */
export interface Blame {
  file: string;
  line: number;
  message: string;
}

interface BlameContext {
  tree: Tree;
  graph: KGraph;
  /** Absolute path of the scratch copy of the app directory that was built. */
  work: string;
  target: Target;
  kfile: string;
}

/**
 * Reads kustomize's error text (api/krusty, api/internal/target) for the file it blames: a missing path
 * (`evalsymlink failure on '<abs>'`), a YAML error (`yaml: line N … in File: <rel>`), an invalid
 * kustomization, or a patch that matches nothing; else the app's kustomization.
 */
export function blameKustomize(stderr: string, ctx: BlameContext): Blame {
  const at = stderr.indexOf('Error: ');
  const error = (at >= 0 ? stderr.slice(at + 7) : stderr).replace(/\s+/g, ' ').trim();
  const toRepo = (abs: string): string | undefined => {
    const fromWork = relative(ctx.work, abs);
    const rel = fromWork.startsWith('..')
      ? relative(ctx.tree.root, abs)
      : posix.join(ctx.target.path, fromWork.split(sep).join('/'));
    const norm = posix.normalize(rel.split(sep).join('/'));
    return norm.startsWith('..') ? undefined : norm;
  };

  const missing = /evalsymlink failure on '([^']+)'/.exec(error)?.[1];
  if (missing) {
    const path = toRepo(missing);
    if (path) {
      for (const node of ctx.graph.values()) {
        const ref =
          node.resources.find((r) => r.path === path) ?? node.components.find((c) => c.path === path);
        if (ref)
          return {
            file: node.file,
            line: ref.line,
            message: `kustomize build failed: ${path} does not exist`,
          };
        const patch = node.patches.find((p) => p.file === path);
        if (patch)
          return {
            file: node.file,
            line: patch.entryLine,
            message: `kustomize build failed: ${path} does not exist`,
          };
      }
      return { file: ctx.kfile, line: 1, message: `kustomize build failed: ${path} does not exist` };
    }
  }

  const yamlLine = /yaml: line (\d+)/.exec(error);
  const inFile = /in File: (\S+)/.exec(error)?.[1];
  if (inFile) {
    const candidates = [...ctx.graph.values()].map((n) => posix.normalize(posix.join(n.dir, inFile)));
    const files = new Set(ctx.tree.files);
    const file = candidates.find((f) => files.has(f)) ?? inFile;
    return { file, line: yamlLine ? Number(yamlLine[1]) : 1, message: `kustomize build failed: ${error}` };
  }

  if (error.startsWith('invalid Kustomization')) {
    const broken = [...ctx.graph.values()].find((n) => n.error);
    if (broken?.error)
      return { file: broken.file, line: broken.error.line, message: `kustomize build failed: ${error}` };
    const field = /unknown field "([^"]+)"/.exec(error)?.[1];
    for (const node of ctx.graph.values()) {
      if (field && node.lines[`/${field}`] !== undefined) {
        return {
          file: node.file,
          line: node.lines[`/${field}`] ?? 1,
          message: `kustomize build failed: ${error}`,
        };
      }
    }
  }

  const unmatched = /no matches for Id (\w+)\.[^/]*\/([^.\s]+)/.exec(error);
  if (unmatched) {
    for (const node of ctx.graph.values()) {
      for (const p of node.patches) {
        if (new RegExp(`kind:\\s*${unmatched[1]}[\\s\\S]*name:\\s*${unmatched[2]}\\b`).test(p.text)) {
          const offset = p.text
            .split('\n')
            .findIndex((l) => new RegExp(`name:\\s*${unmatched[2]}\\b`).test(l));
          return {
            file: p.file,
            line: p.lineOffset + offset + 1,
            message: `kustomize build failed: ${error}`,
          };
        }
      }
    }
  }
  return { file: ctx.kfile, line: 1, message: `kustomize build failed: ${error}` };
}
