import { readFile } from 'node:fs/promises';
import type { Ajv, AnySchema, ValidateFunction } from 'ajv';

/** The built-in kinds of one Kubernetes version, as build-bundle.mjs writes them. */
export interface Bundle {
  kubernetesVersion: string;
  source: string;
  /** `group/version/Kind` (`v1/Kind` for the core group) → definition name. */
  kinds: Record<string, string>;
  $defs: Record<string, AnySchema>;
}

/** The id other schemas `$ref` the built-in definitions by (`k8s#/$defs/...ObjectMeta`). */
export const K8S = 'k8s';
export const OBJECT_META = `${K8S}#/$defs/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta`;

// validators/ and dist/ are siblings, so this path holds from the sources (vitest) and from the build.
const BUNDLE = new URL('../../validators/schema/data/kubernetes.json', import.meta.url);

/** Reads the committed bundle. */
export async function loadBundle(): Promise<Bundle> {
  return JSON.parse(await readFile(BUNDLE, 'utf8')) as Bundle;
}

/** Validators for built-in kinds, compiled on first use: a run compiles only the kinds it meets. */
export class Builtins {
  private readonly compiled = new Map<string, ValidateFunction>();
  /** group → its kinds. */
  private readonly groups = new Map<string, Set<string>>();
  /** kind → the apiVersions serving it. */
  private readonly byKind = new Map<string, string[]>();

  constructor(
    private readonly ajv: Ajv,
    readonly bundle: Bundle,
  ) {
    ajv.addSchema({ $defs: bundle.$defs }, K8S);
    for (const key of Object.keys(bundle.kinds)) {
      const { group, version, kind } = splitKey(key);
      const kinds = this.groups.get(group) ?? new Set();
      kinds.add(kind);
      this.groups.set(group, kinds);
      this.byKind.set(kind, [...(this.byKind.get(kind) ?? []), group ? `${group}/${version}` : version]);
    }
  }

  /** The validator of `apiVersion`/`kind`, if the pinned Kubernetes version serves it. */
  get(apiVersion: string, kind: string): ValidateFunction | undefined {
    const key = `${apiVersion}/${kind}`;
    let fn = this.compiled.get(key);
    if (fn) return fn;
    const def = this.bundle.kinds[key];
    if (def === undefined) return undefined;
    fn = this.ajv.getSchema(`${K8S}#/$defs/${def}`);
    if (fn) this.compiled.set(key, fn);
    return fn;
  }

  /** The apiVersions that serve `kind`, in any built-in group. */
  servedAs(kind: string): string[] {
    return (this.byKind.get(kind) ?? []).sort();
  }

  /** The kinds served in the group of `apiVersion`. */
  kindsOf(apiVersion: string): string[] {
    return [...(this.groups.get(groupOf(apiVersion)) ?? [])];
  }

  /** Whether the API server itself serves the group of `apiVersion`; a CRD cannot add kinds to such a group. */
  isBuiltinGroup(apiVersion: string): boolean {
    return this.groups.has(groupOf(apiVersion));
  }
}

/** `apps` of `apps/v1`, `` of `v1`. */
export function groupOf(apiVersion: string): string {
  const slash = apiVersion.lastIndexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

function splitKey(key: string): { group: string; version: string; kind: string } {
  const parts = key.split('/');
  const kind = parts.pop() as string;
  const version = parts.pop() as string;
  return { group: parts.join('/'), version, kind };
}
