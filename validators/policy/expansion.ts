import type { KubeObject, Manifest } from '../core/types.js';
import { groupOf } from './match.js';

/** An ExpansionTemplate (`expansion.gatekeeper.sh`): workloads reviewed as the objects they generate. */
export interface Expansion {
  name: string;
  manifest: Manifest;
  applyTo: { groups: string[]; kinds: string[]; versions: string[] }[];
  /** Dotted path of the source field (`spec.template`). */
  templateSource: string;
  generated: { group: string; version: string; kind: string };
  enforcementAction?: string;
}

/** One generated object and the template that made it. */
export interface Resultant {
  object: KubeObject;
  template: Expansion;
  /** JSON pointer of the source field inside the parent (`/spec/template`), to map lines back. */
  pointer: string;
}

const MAX_DEPTH = 30; // pkg/expansion/system.go maxRecursionDepth

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];

/** Reads an ExpansionTemplate; returns an error text when it cannot be used. */
export function readExpansion(manifest: Manifest): Expansion | string {
  const o = manifest.object;
  const spec = isObject(o.spec) ? o.spec : {};
  const applyTo = (Array.isArray(spec.applyTo) ? spec.applyTo.filter(isObject) : []).map((a) => ({
    groups: strings(a.groups),
    kinds: strings(a.kinds),
    versions: strings(a.versions),
  }));
  const gvk = isObject(spec.generatedGVK) ? spec.generatedGVK : {};
  const name = o.metadata?.name ?? '';
  if (applyTo.length === 0) return `ExpansionTemplate ${name} must specify applyTo`;
  if (typeof spec.templateSource !== 'string' || spec.templateSource === '') {
    return `ExpansionTemplate ${name} has no templateSource`;
  }
  if (!gvk.kind && !gvk.version && !gvk.group) return `ExpansionTemplate ${name} has an empty generatedGVK`;
  return {
    name,
    manifest,
    applyTo,
    templateSource: spec.templateSource,
    generated: {
      group: String(gvk.group ?? ''),
      version: String(gvk.version ?? ''),
      kind: String(gvk.kind ?? ''),
    },
    ...(typeof spec.enforcementAction === 'string' && spec.enforcementAction
      ? { enforcementAction: spec.enforcementAction }
      : {}),
  };
}

/**
 * Expands an object recursively as Gatekeeper's expansion system does (`pkg/expansion/system.go`): the source field
 * becomes an object of the generated GVK, in the parent's namespace, named `<parent>-<kind>` in lower case, owned
 * by the parent. Throws when a source field is missing, as Gatekeeper errors.
 */
export function expand(object: KubeObject, expansions: Expansion[], depth = 0): Resultant[] {
  if (expansions.length === 0) return [];
  if (depth >= MAX_DEPTH) throw new Error(`maximum recursion depth of ${MAX_DEPTH} reached`);
  const apiVersion = object.apiVersion ?? '';
  const group = groupOf(apiVersion);
  const version = apiVersion.slice(apiVersion.indexOf('/') + 1);
  const out: Resultant[] = [];
  for (const t of expansions) {
    const applies = t.applyTo.some(
      (a) => a.groups.includes(group) && a.kinds.includes(object.kind ?? '') && a.versions.includes(version),
    );
    if (!applies) continue;
    const path = t.templateSource.split('.');
    let src: unknown = object;
    for (const key of path) src = isObject(src) ? src[key] : undefined;
    if (!isObject(src)) {
      throw new Error(
        `could not find source field "${t.templateSource}" in resource ${object.metadata?.name ?? ''}`,
      );
    }
    const generated = structuredClone(src) as KubeObject;
    const g = t.generated;
    generated.apiVersion = g.group ? `${g.group}/${g.version}` : g.version;
    generated.kind = g.kind;
    const metadata: NonNullable<KubeObject['metadata']> = isObject(generated.metadata)
      ? generated.metadata
      : {};
    generated.metadata = metadata;
    if (object.metadata?.namespace) metadata.namespace = object.metadata.namespace;
    metadata.name = `${object.metadata?.name ?? ''}${g.kind ? '-' : ''}${g.kind}`.toLowerCase();
    if (object.apiVersion && object.kind && object.metadata?.name) {
      const refs = Array.isArray(metadata.ownerReferences) ? (metadata.ownerReferences as Json[]) : [];
      const exists = refs.some(
        (r) =>
          r.apiVersion === object.apiVersion && r.kind === object.kind && r.name === object.metadata?.name,
      );
      if (!exists)
        metadata.ownerReferences = [
          ...refs,
          { apiVersion: object.apiVersion, kind: object.kind, name: object.metadata.name, uid: '' },
        ];
    }
    const pointer = `/${path.join('/')}`;
    const resultant = { object: generated, template: t, pointer };
    // Gatekeeper appends deeper resultants before their parent resultant.
    out.push(
      ...expand(generated, expansions, depth + 1).map((r) => ({ ...r, pointer: pointer + r.pointer })),
      resultant,
    );
  }
  return out;
}
