import type { Env, Finding, Manifest } from '../core/types.js';

/** The Gatekeeper target Tollgate evaluates. */
export const ADMISSION_TARGET = 'admission.k8s.gatekeeper.sh';

/** A ConstraintTemplate reduced to what evaluation needs. */
export interface Template {
  /** The constraint kind it defines (`K8sDenyPrivileged`). */
  kind: string;
  manifest: Manifest;
  /** Rego engine source; absent when the target only has other engines (CEL). */
  rego?: { source: string; libs: string[]; version: 'v0' | 'v1' };
  /** Engines present besides Rego (`K8sNativeValidation`). */
  otherEngines: string[];
  /** `spec.crd.spec.validation.openAPIV3Schema` for constraint parameters, as `legacySchema` makes it. */
  parametersSchema?: Record<string, unknown>;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Reads a ConstraintTemplate the way Gatekeeper's client does: a legacy `targets[].rego` replaces the Rego
 * code entry's source (frameworks `apis/templates/v1/conversion.go`), `source.version: v1` selects Rego v1.
 */
export function readTemplate(manifest: Manifest): { template?: Template; findings: Finding[] } {
  const o = manifest.object;
  const spec = isObject(o.spec) ? o.spec : {};
  const crd = isObject(spec.crd) && isObject(spec.crd.spec) ? spec.crd.spec : {};
  const names = isObject(crd.names) ? crd.names : {};
  const kind = names.kind;
  const fail = (pointer: string, message: string) => ({
    findings: [
      templateFinding(manifest, pointer, `invalid ConstraintTemplate ${o.metadata?.name ?? ''}: ${message}`),
    ],
  });
  if (typeof kind !== 'string' || kind === '')
    return fail('/spec/crd', 'spec.crd.spec.names.kind is required');
  if (o.metadata?.name !== kind.toLowerCase()) {
    return fail(
      '/metadata/name',
      `metadata.name must be ${JSON.stringify(kind.toLowerCase())}, the lowercase kind`,
    );
  }
  const targets = Array.isArray(spec.targets) ? spec.targets.filter(isObject) : [];
  if (targets.length !== 1)
    return fail('/spec/targets', `exactly one target is required, found ${targets.length}`);
  const target = targets[0] as Json;
  if (target.target !== ADMISSION_TARGET) {
    return fail(
      '/spec/targets/0/target',
      `target ${JSON.stringify(target.target)} not recognized, known targets [${ADMISSION_TARGET}]`,
    );
  }
  const code = Array.isArray(target.code) ? target.code.filter(isObject) : [];
  const regoCode = code.find((c) => c.engine === 'Rego');
  const otherEngines = code.filter((c) => c !== regoCode).map((c) => String(c.engine));
  let rego: Template['rego'];
  if (typeof target.rego === 'string' && target.rego !== '') {
    rego = { source: target.rego, libs: stringList(target.libs), version: 'v0' };
  } else if (regoCode) {
    const src = isObject(regoCode.source) ? regoCode.source : {};
    if (typeof src.rego !== 'string')
      return fail('/spec/targets/0/code', 'the Rego code entry has no source.rego');
    rego = { source: src.rego, libs: stringList(src.libs), version: src.version === 'v1' ? 'v1' : 'v0' };
  }
  // gator and the webhook register the K8sNativeValidation (CEL) driver first (gatekeeper pkg/gator/opa.go), so a
  // template carrying both runs its CEL. Tollgate has no CEL engine: it evaluates the Rego, which libraries keep
  // equivalent, and validate says so in a warning (engine.ts); a CEL-only template is never a silent pass.
  if (!rego && otherEngines.length === 0) return fail('/spec/targets/0', 'no Rego and no other engine code');
  const validation = isObject(crd.validation) ? crd.validation : {};
  const parametersSchema = effectiveSchema(validation, String(o.apiVersion ?? ''));
  return {
    template: {
      kind,
      manifest,
      otherEngines,
      ...(rego ? { rego } : {}),
      ...(parametersSchema ? { parametersSchema } : {}),
    },
    findings: [],
  };
}

/**
 * The parameters schema Gatekeeper builds (frameworks `apis/templates/<version>/conversion.go`): `legacySchema`
 * defaults to true for v1beta1 and v1alpha1 templates and false for v1; when true, every object or untyped level
 * preserves unknown fields (`schema.AddPreserveUnknownFields`) and a missing schema accepts anything.
 */
export function effectiveSchema(validation: Json, apiVersion: string): Json | undefined {
  const version = apiVersion.slice(apiVersion.indexOf('/') + 1);
  const legacy = typeof validation.legacySchema === 'boolean' ? validation.legacySchema : version !== 'v1';
  const schema = isObject(validation.openAPIV3Schema) ? validation.openAPIV3Schema : undefined;
  if (!legacy) return schema;
  return preserveUnknownFields(structuredClone(schema ?? {}));
}

function preserveUnknownFields(s: Json): Json {
  const type = s.type ?? '';
  if (type === '' || type === 'object') s['x-kubernetes-preserve-unknown-fields'] = true;
  else if (type === 'array' && !isObject(s.items)) s.items = { 'x-kubernetes-preserve-unknown-fields': true };
  if (isObject(s.properties))
    for (const v of Object.values(s.properties)) if (isObject(v)) preserveUnknownFields(v);
  if (isObject(s.items)) preserveUnknownFields(s.items);
  if (isObject(s.additionalProperties)) preserveUnknownFields(s.additionalProperties);
  return s;
}

function stringList(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** A policy-source finding about a template's own file. */
export function templateFinding(manifest: Manifest, pointer: string, message: string, env?: Env): Finding {
  const o = manifest.object;
  return {
    env: env ?? manifest.env,
    file: manifest.file,
    line: manifest.fieldLines[pointer] ?? manifest.line,
    source: 'policy',
    enforcementAction: 'deny',
    message,
    apiVersion: o.apiVersion,
    kind: o.kind,
    name: o.metadata?.name,
  };
}
