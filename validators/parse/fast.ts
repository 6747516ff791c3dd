import { FAILSAFE_SCHEMA, loadAll, type Schema, Type } from 'js-yaml';
import type { Env, KubeObject } from '../core/types.js';
import { scanBlockLines } from './block-lines.js';
import type { Parsed, ParseOptions } from './index.js';
import { type ResolvePlain, resolvePlain } from './plain-scalars.js';

// js-yaml loads block-style manifests about 12× faster than the `yaml` package; its own schemas differ from the
// one the slow path uses, so plain scalars go through one implicit type that resolves them as the `yaml` package.
function schema(resolve: ResolvePlain): Schema {
  let resolved: { value: unknown } | undefined;
  const plain = new Type('tag:tollgate,2026:plain', {
    kind: 'scalar',
    resolve: (source: string) => {
      resolved = resolve(source);
      return resolved !== undefined;
    },
    construct: () => resolved?.value,
  });
  return FAILSAFE_SCHEMA.extend({ implicit: [plain] });
}

const schemas = { '1.1': schema(resolvePlain['1.1']), '1.2': schema(resolvePlain['1.2']) };

/**
 * parse() for the common case: every document a Kubernetes object in plain block style.
 * Undefined when the slow path must answer: a YAML error, a document that is a finding, or text the line
 * scanner does not map (anchors, tags, merge keys, multi-line quoted or flow scalars, tabs outside block scalars).
 */
export function parseFast(file: string, text: string, env: Env, opts: ParseOptions): Parsed | undefined {
  const version = opts.version ?? '1.1';
  let loaded: unknown[];
  try {
    loaded = loadAll(text, undefined, { schema: schemas[version] });
  } catch {
    return undefined;
  }
  const objects = loaded.filter((o) => o !== null && o !== undefined);
  const scanned = scanBlockLines(text, objects, resolvePlain[version]);
  if (!scanned) return undefined;
  const out: Parsed = { manifests: [], findings: [] };
  for (const [i, doc] of scanned.entries()) {
    const object = objects[i] as KubeObject;
    if (!opts.anyMapping && !(isName(object.apiVersion) && isName(object.kind))) return undefined;
    out.manifests.push({ env, file, line: doc.line, object, fieldLines: doc.fieldLines });
  }
  return out;
}

const isName = (v: unknown): boolean => typeof v === 'string' && v !== '';
