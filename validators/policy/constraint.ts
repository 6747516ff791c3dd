import { Ajv, type ValidateFunction } from 'ajv';
import type { EnforcementAction, Manifest } from '../core/types.js';
import { type Match, readMatch } from './match.js';
import type { Template } from './template.js';

/** A constraint ready to evaluate. */
export interface Constraint {
  kind: string;
  name: string;
  manifest: Manifest;
  match?: Match;
  /** `input.parameters` as JSON text (`{}` when absent). */
  parametersJson: string;
  /** The action for the enforcement points Tollgate acts as. */
  enforcementAction: EnforcementAction;
}

/** The enforcement point gator acts as; Tollgate acts as it too (`pkg/gator/opa.go`). */
export const GATOR_EP = 'gator.gatekeeper.sh';

/** The admission webhook's enforcement point: what the cluster does when Argo CD applies an object. */
export const WEBHOOK_EP = 'validation.gatekeeper.sh';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Why a constraint cannot be used: Gatekeeper's "invalid Constraint" (a schema error, ErrSchema). */
export interface ConstraintError {
  pointer: string;
  message: string;
}

const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
const validators = new WeakMap<object, ValidateFunction>();

/**
 * Reads a constraint of `template` as Gatekeeper admits it: parameters checked against the template's schema
 * (unknown `spec.parameters` on a schema-less template is rejected), enforcementAction defaulted to `deny`, and a
 * `scoped` action resolved for `enforcementPoints` (none → `skip`, as gator skips it, `constraint_client.go`).
 */
export function readConstraint(
  manifest: Manifest,
  template: Template,
  enforcementPoints: string[],
): { constraint?: Constraint; skip?: true; error?: ConstraintError } {
  const o = manifest.object;
  const spec = isObject(o.spec) ? o.spec : {};
  const name = o.metadata?.name ?? '';
  if (!name) return { error: { pointer: '/metadata', message: 'metadata.name is required' } };
  const params = spec.parameters;
  if (params !== undefined) {
    if (!template.parametersSchema) {
      return { error: { pointer: '/spec/parameters', message: 'invalid Constraint: unknown fields: [spec.parameters]' } };
    }
    const problem = checkParameters(template.parametersSchema, params);
    if (problem) return { error: { pointer: `/spec/parameters${problem.pointer}`, message: `invalid Constraint: ${problem.message}` } };
  }
  const action = resolveAction(spec, enforcementPoints);
  if (action === 'skip') return { skip: true };
  if ('error' in action) return { error: { pointer: '/spec/enforcementAction', message: action.error } };
  const match = readMatch(spec);
  return {
    constraint: {
      kind: o.kind ?? '',
      name,
      manifest,
      ...(match ? { match } : {}),
      parametersJson: JSON.stringify(params ?? {}),
      enforcementAction: action.action,
    },
  };
}

function checkParameters(schema: Json, params: unknown): { pointer: string; message: string } | undefined {
  let validate = validators.get(schema);
  if (!validate) {
    validate = ajv.compile(toJsonSchema(schema) as object);
    validators.set(schema, validate);
  }
  if (validate(params)) return undefined;
  const e = validate.errors?.[0];
  const where = `spec.parameters${(e?.instancePath ?? '').replaceAll('/', '.')}`;
  return { pointer: e?.instancePath ?? '', message: `${where}: ${e?.message ?? 'invalid'}` };
}

/** OpenAPI v3 (Kubernetes flavour) to JSON Schema: `nullable`, int-or-string and preserve-unknown-fields. */
function toJsonSchema(s: unknown): unknown {
  if (Array.isArray(s)) return s.map(toJsonSchema);
  if (!isObject(s)) return s;
  const out: Json = {};
  for (const [k, v] of Object.entries(s)) {
    if (k === 'properties' && isObject(v)) {
      out.properties = Object.fromEntries(Object.entries(v).map(([p, ps]) => [p, toJsonSchema(ps)]));
    } else if (k.startsWith('x-kubernetes-') || k === 'nullable' || k === 'example') {
      continue;
    } else {
      out[k] = toJsonSchema(v);
    }
  }
  if (s['x-kubernetes-int-or-string'] === true) {
    delete out.type;
    out.anyOf = [{ type: 'integer' }, { type: 'string' }];
  }
  if (s.nullable === true && typeof out.type === 'string') out.type = [out.type, 'null'];
  return out;
}

function resolveAction(spec: Json, eps: string[]): { action: EnforcementAction } | { error: string } | 'skip' {
  const action = spec.enforcementAction;
  if (action === undefined || action === '') return { action: 'deny' };
  if (action === 'deny' || action === 'warn' || action === 'dryrun') return { action };
  if (action !== 'scoped') return { error: `enforcementAction ${JSON.stringify(action)} is not one of deny, warn, dryrun, scoped` };
  const scoped = Array.isArray(spec.scopedEnforcementActions) ? spec.scopedEnforcementActions.filter(isObject) : undefined;
  if (!scoped) return { error: 'spec.scopedEnforcementActions must be defined when enforcementAction is scoped' };
  const actions = new Set<string>();
  for (const s of scoped) {
    const points = Array.isArray(s.enforcementPoints) ? s.enforcementPoints.filter(isObject) : [];
    if (points.some((p) => p.name === '*' || eps.includes(String(p.name)))) actions.add(String(s.action));
  }
  if (actions.size === 0) return 'skip';
  for (const a of ['deny', 'warn', 'dryrun'] as const) if (actions.has(a)) return { action: a };
  return { error: `scoped actions ${[...actions].join(', ')} are not one of deny, warn, dryrun` };
}
