import type { Env, Finding, Manifest } from '../core/types.js';
import { parseFast } from './fast.js';
import { parseSlow } from './slow.js';

export { lineFor } from './field-lines.js';
export { reindentQuotedScalars } from './lenient-quotes.js';

/** What one file yields: its Kubernetes objects, and a finding for every document that is not one. */
export interface Parsed {
  manifests: Manifest[];
  findings: Finding[];
}

export interface ParseOptions {
  /**
   * YAML version. Kubernetes manifests are read as 1.1 like sigs.k8s.io/yaml (kubectl, Argo CD, gator objects):
   * `yes` is a boolean, `010` octal. gator Suites are 1.2.
   */
  version?: '1.1' | '1.2';
  /** Accept mappings without apiVersion/kind (a Suite or values file), instead of a finding. */
  anyMapping?: boolean;
}

/**
 * Parses YAML text into manifests with a line for every field; bad documents become findings, never throws.
 * Plain block-style manifests take the js-yaml fast path; everything else, and every finding, the `yaml` package.
 */
export function parse(file: string, text: string, env: Env, opts: ParseOptions = {}): Parsed {
  return (
    (text.includes('\0') ? undefined : parseFast(file, text, env, opts)) ?? parseSlow(file, text, env, opts)
  );
}
