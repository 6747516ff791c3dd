import type { KubeObject } from '../core/types.js';
import { OBJECT_META } from './builtin.js';
import { formats } from './formats.js';

type Json = Record<string, unknown>;

/** A kind defined outside the API server, with the JSON schema its objects are checked against. */
export interface CustomKind {
  apiVersion: string;
  kind: string;
  schema: Json;
  /** Where the schema comes from, for messages: `CRD widgets.example.com`. */
  origin: string;
}

/** The kinds a CustomResourceDefinition (apiextensions.k8s.io/v1) serves, one per version. */
export function crdKinds(crd: KubeObject): CustomKind[] {
  const spec = crd.spec as Json | undefined;
  const group = spec?.group;
  const kind = (spec?.names as Json | undefined)?.kind;
  if (typeof group !== 'string' || typeof kind !== 'string' || !Array.isArray(spec?.versions)) return [];
  const origin = `CRD ${crd.metadata?.name ?? `${kind}.${group}`}`;
  return (spec.versions as Json[])
    .filter((v) => typeof v.name === 'string' && v.served !== false)
    .map((v) => ({
      apiVersion: `${group}/${v.name as string}`,
      kind,
      schema: rootSchema(((v.schema as Json | undefined)?.openAPIV3Schema as Json | undefined) ?? PRESERVE),
      origin,
    }));
}

const PRESERVE: Json = { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };

/**
 * The JSON schema the API server in effect applies to a custom resource with this structural schema.
 * apiVersion, kind and metadata are implicit at the root, and metadata is always a full ObjectMeta.
 */
export function rootSchema(openAPIV3Schema: Json, opts: ConvertOptions = {}): Json {
  const out = convert(openAPIV3Schema, false, opts);
  out.properties = {
    ...(out.properties as Json | undefined),
    apiVersion: { type: 'string' },
    kind: { type: 'string' },
    metadata: { $ref: OBJECT_META },
  };
  return out;
}

export interface ConvertOptions {
  /** Keep unknown fields everywhere, as Gatekeeper does for a legacy (non-structural) parameters schema. */
  preserveAll?: boolean;
}

const COPIED = [
  'required',
  'enum',
  'minimum',
  'maximum',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minProperties',
  'maxProperties',
  'multipleOf',
  '$ref',
];

/**
 * Structural schema → JSON schema. The API server prunes a field that no `properties` declares unless
 * `x-kubernetes-preserve-unknown-fields` keeps it, so such a field is reported as unknown
 * (https://kubernetes.io/docs/tasks/extend-kubernetes/custom-resources/custom-resource-definitions/#field-pruning).
 * A null value stands for "not set", as the API server prunes nulls of non-nullable fields.
 * `branch` is inside allOf/anyOf/oneOf/not, where a structural schema only adds value checks.
 */
export function convert(s: Json, branch: boolean, opts: ConvertOptions = {}): Json {
  const out: Json = {};
  const preserve = opts.preserveAll === true || s['x-kubernetes-preserve-unknown-fields'] === true;
  if (s['x-kubernetes-int-or-string'] === true)
    out.type = branch ? ['integer', 'string'] : ['integer', 'string', 'null'];
  else if (typeof s.type === 'string') out.type = branch ? s.type : [s.type, 'null'];
  for (const key of COPIED) if (s[key] !== undefined) out[key] = s[key];
  if (typeof s.pattern === 'string' && compiles(s.pattern)) out.pattern = s.pattern;
  if (typeof s.format === 'string' && s.format in formats) out.format = s.format;
  // OpenAPI 3.0 booleans → JSON schema numbers.
  if (s.exclusiveMinimum === true && typeof s.minimum === 'number') {
    out.exclusiveMinimum = s.minimum;
    delete out.minimum;
  }
  if (s.exclusiveMaximum === true && typeof s.maximum === 'number') {
    out.exclusiveMaximum = s.maximum;
    delete out.maximum;
  }
  if (isObject(s.properties)) {
    out.properties = Object.fromEntries(
      Object.entries(s.properties).map(([name, p]) => [name, isObject(p) ? convert(p, branch, opts) : {}]),
    );
  }
  if (s['x-kubernetes-embedded-resource'] === true) {
    out.properties = {
      apiVersion: { type: 'string' },
      kind: { type: 'string' },
      metadata: { type: 'object' },
      ...(out.properties as Json | undefined),
    };
  }
  if (isObject(s.items)) out.items = convert(s.items, branch, opts);
  if (isObject(s.additionalProperties))
    out.additionalProperties = convert(s.additionalProperties, branch, opts);
  else if (
    !branch &&
    !preserve &&
    s.additionalProperties !== true &&
    (s.type === 'object' || isObject(s.properties))
  ) {
    out.additionalProperties = false;
  }
  for (const key of ['allOf', 'anyOf', 'oneOf']) {
    // int-or-string is written `anyOf: [integer, string]` too; `type` above already says it.
    if (key === 'anyOf' && s['x-kubernetes-int-or-string'] === true) continue;
    const list = s[key];
    if (Array.isArray(list)) out[key] = list.filter(isObject).map((b) => convert(b, true, opts));
  }
  if (isObject(s.not)) out.not = convert(s.not, true, opts);
  return out;
}

function isObject(v: unknown): v is Json {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

// CRD patterns are Go RE2; the few that are not also JavaScript are left out rather than misread.
function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern, 'u');
    return true;
  } catch {
    return false;
  }
}
