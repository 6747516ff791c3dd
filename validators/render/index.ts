import type { Manifest } from '../core/types.js';
import type { RunTool } from '../io/exec.js';
import type { Tree } from '../io/fs.js';
import { lineFor } from '../parse/index.js';
import { renderDirectory } from './directory.js';
import { renderHelm } from './helm.js';
import { renderKustomize } from './kustomize.js';
import type { Rendered, RenderedManifest, Target } from './types.js';

export { type GlobFlavor, globToRegExp } from './glob.js';
export { KUSTOMIZATION_NAMES, kustomizationFile, readGraph, treeDirs } from './kustomization.js';
export type {
  DirectoryOptions,
  HelmOptions,
  KustomizeOptions,
  Rendered,
  RenderedManifest,
  Target,
} from './types.js';

/**
 * Renders one Argo CD source as the repo-server would; a failed build is a finding, never a throw.
 * `tree` must be a Tollgate-owned copy (io/fs snapshotTree, io/git checkoutCommit): kustomize edits a scratch copy
 * of the app directory inside it.
 */
export async function render(tree: Tree, target: Target, run: RunTool): Promise<Rendered> {
  switch (target.kind) {
    case 'kustomize':
      return renderKustomize(tree, target, run);
    case 'helm':
      return renderHelm(tree, target, run);
    case 'directory':
      return renderDirectory(tree, target);
  }
}

/** The file and line where a field of a rendered object is written (a patch's line when a patch set it). */
export function fieldOrigin(
  manifest: Manifest | RenderedManifest,
  pointer: string,
): { file: string; line: number } {
  const files = 'fieldFiles' in manifest ? manifest.fieldFiles : {};
  let p = pointer;
  for (;;) {
    const line = manifest.fieldLines[p];
    if (line !== undefined) return { file: files[p] ?? manifest.file, line };
    if (p === '') return { file: manifest.file, line: lineFor(manifest.fieldLines, pointer, manifest.line) };
    p = p.slice(0, p.lastIndexOf('/'));
  }
}
