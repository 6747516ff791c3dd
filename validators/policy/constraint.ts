import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { EnforcementAction, Manifest } from '../core/types.js';
import { type Match, readMatch } from './match.js';
import { goJson, type NumberStyle } from './review.js';
import type { Template } from './template.js';

/** A constraint ready to evaluate. */
export interface Constraint {
  kind: string;
  name: string;
  manifest: Manifest;
  match?: Match;
  /** `input.parameters` as JSON text (`{}` when absent), schema defaults applied. */
  parametersJson: string;
  /** The action for the enforcement points Tollgate acts as; one outside deny/warn/dryrun reads as deny. */
  enforcementAction: EnforcementAction;
}

/** The enforcement point gator acts as; Tollgate acts as it too (`pkg/gator/opa.go`). */
export const GATOR_EP = 'gator.gatekeeper.sh';

/** The admission webhook's enforcement point: what the cluster does when Argo CD applies an object. */
export const WEBHOOK_EP = 'validation.gatekeeper.sh';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Why a constraint cannot be used. `schema` marks Gatekeeper's `constraints.ErrSchema` (what a gator test with
 * `invalid: true` expects); other problems are `ErrInvalidConstraint` (label selectors, the name, unknown fields).
 */
export interface ConstraintError {
  pointer: string;
  message: string;
  schema?: boolean;
}

/** The match schema gatekeeper v3.23.1 puts under `spec.match` (`pkg/target/matchcrd_constant.go`), OpenAPI v3. */
const GLOB = { type: 'string', pattern: '^\\*?[-:a-z0-9]*\\*?$' };
const SELECTOR = {
  type: 'object',
  properties: {
    matchExpressions: {
      type: 'array',
      items: {
        type: 'object',
        required: ['key', 'operator'],
        properties: {
          key: { type: 'string' },
          operator: { type: 'string' },
          values: { type: 'array', items: { type: 'string' } },
        },
      },
    },
    matchLabels: { type: 'object', additionalProperties: { type: 'string' } },
  },
};
const MATCH_SCHEMA = {
  type: 'object',
  properties: {
    excludedNamespaces: { type: 'array', items: GLOB },
    kinds: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          apiGroups: { type: 'array', items: { type: 'string' } },
          kinds: { type: 'array', items: { type: 'string' } },
        },
      },
    },
    labelSelector: SELECTOR,
    name: GLOB,
    namespaceSelector: SELECTOR,
    namespaces: { type: 'array', items: GLOB },
    scope: { type: 'string' },
    source: { type: 'string', enum: ['All', 'Generated', 'Original'] },
  },
};

/** The constraint CRD's schema (frameworks `pkg/client/crds/schema.go` CreateSchema), OpenAPI v3. */
export function constraintSchema(parametersSchema: Json | undefined): Json {
  const spec: Json = {
    match: MATCH_SCHEMA,
    enforcementAction: { type: 'string', default: 'deny' },
    scopedEnforcementActions: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          action: { type: 'string' },
          enforcementPoints: {
            type: 'array',
            items: { type: 'object', properties: { name: { type: 'string' } } },
          },
        },
      },
    },
  };
  if (parametersSchema) spec.parameters = parametersSchema;
  return {
    type: 'object',
    properties: {
      metadata: { type: 'object', properties: { name: { type: 'string', maxLength: 63 } } },
      spec: { type: 'object', properties: spec },
      status: { 'x-kubernetes-preserve-unknown-fields': true },
    },
  };
}

const AJV_OPTIONS = { strict: false, allErrors: true, validateFormats: false } as const;
const ajv = new Ajv({ ...AJV_OPTIONS, code: { source: true } });
const validators = new WeakMap<Template, { schema: Json; validate: ValidateFunction }>();
/** Compiled by schema text too: each environment reads its own copy of the same template. */
const byText = new Map<string, { schema: Json; validate: ValidateFunction }>();

/** Where compiled validators are kept between runs (set by loadEngine: the compiled-policy cache). */
let validatorCacheDir: string | undefined;
export function cacheValidatorsIn(dir: string | undefined): void {
  validatorCacheDir = dir;
}

const require = createRequire(import.meta.url);
// A CommonJS module whose ESM default import TypeScript types as the namespace: required instead.
const standaloneCode = require('ajv/dist/standalone') as (ajv: Ajv, validate: ValidateFunction) => string;
const AJV_VERSION = (require('ajv/package.json') as { version: string }).version;

/**
 * Compiles a schema, reusing the validator code Ajv generated for the same schema in an earlier run (Ajv's own
 * standalone output, keyed by schema, Ajv version and options): compiling 32 constraint schemas took 130 ms a run.
 * A cache that cannot be read or written only costs the compile.
 */
export function compileValidator(jsonSchema: object): ValidateFunction {
  const key = createHash('sha256')
    .update(`${AJV_VERSION}\n${JSON.stringify(AJV_OPTIONS)}\n${JSON.stringify(jsonSchema)}`)
    .digest('hex')
    .slice(0, 32);
  const file = validatorCacheDir ? join(validatorCacheDir, 'ajv', `${key}.cjs`) : undefined;
  if (file) {
    try {
      return loadValidator(readFileSync(file, 'utf8'));
    } catch {
      // not cached yet, or unreadable: compile below
    }
  }
  const validate = ajv.compile(jsonSchema);
  if (file) {
    try {
      mkdirSync(join(file, '..'), { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, standaloneCode(ajv, validate));
      renameSync(tmp, file);
    } catch {
      // an unwritable cache never fails a run
    }
  }
  return validate;
}

/** Evaluates Ajv's standalone CommonJS validator code; its `require`s resolve from this package. */
function loadValidator(code: string): ValidateFunction {
  const module = { exports: {} as unknown };
  new Function('module', 'exports', 'require', code)(module, module.exports, require);
  const validate = module.exports as ValidateFunction;
  if (typeof validate !== 'function') throw new Error('not a validator');
  return validate;
}

function schemaOf(template: Template): { schema: Json; validate: ValidateFunction } {
  let v = validators.get(template);
  if (!v) {
    const text = JSON.stringify(template.parametersSchema ?? null);
    v = byText.get(text);
    if (!v) {
      const schema = constraintSchema(template.parametersSchema);
      v = { schema, validate: compileValidator(toJsonSchema(schema) as object) };
      byText.set(text, v);
    }
    validators.set(template, v);
  }
  return v;
}

/**
 * Reads a constraint of `template` as Gatekeeper's client admits it (frameworks `client.AddConstraint`): label
 * selectors, name, version, the CRD schema (a schema error), unknown fields (pruning), then schema defaults and the
 * enforcementAction; a `scoped` action resolved for `enforcementPoints` (none → `skip`, `constraint_client.go`).
 */
export function readConstraint(
  manifest: Manifest,
  template: Template,
  enforcementPoints: string[],
  /** How its numbers reach OPA; default the command's (see setNumberStyle). gator verify reads constraints as int64. */
  numbers?: NumberStyle,
): { constraint?: Constraint; skip?: true; error?: ConstraintError } {
  const o = manifest.object;
  const error = validateConstraint(o as Json, template);
  if (error) return { error };
  const defaulted = structuredClone(o) as Json;
  applyDefaults(defaulted, schemaOf(template).schema);
  const spec = isObject(defaulted.spec) ? defaulted.spec : {};
  const action = resolveAction(spec, enforcementPoints);
  if (action === 'skip') return { skip: true };
  if ('error' in action) return { error: { pointer: '/spec/enforcementAction', message: action.error } };
  const match = readMatch(spec);
  return {
    constraint: {
      kind: o.kind ?? '',
      name: o.metadata?.name ?? '',
      manifest,
      ...(match ? { match } : {}),
      parametersJson: goJson(spec.parameters ?? {}, numbers),
      enforcementAction: action.action,
    },
  };
}

const invalid = (pointer: string, message: string): ConstraintError => ({
  pointer,
  message: `invalid Constraint: ${message}`,
});

/** Gatekeeper's checks in its order (target ValidateConstraint, then crds.ValidateCR); undefined when admitted. */
export function validateConstraint(o: Json, template: Template): ConstraintError | undefined {
  const metadata = isObject(o.metadata) ? o.metadata : {};
  const name = typeof metadata.name === 'string' ? metadata.name : '';
  if (!name) return invalid('/metadata', 'missing metadata.name');
  const spec = o.spec;
  const match = isObject(spec) ? spec.match : undefined;
  if (match !== undefined && match !== null && !isObject(match)) {
    return invalid(
      '/spec/match',
      `.spec.match accessor error: ${goValue(match)} is of the type ${goType(match)}, expected map[string]interface{}`,
    );
  }
  for (const key of ['labelSelector', 'namespaceSelector'] as const) {
    const problems = isObject(match) ? selectorErrors(match[key], key) : [];
    if (problems.length > 0) return invalid(`/spec/match/${key}`, aggregate(problems));
  }
  const dns = dns1123Subdomain(name);
  if (dns) return invalid('/metadata/name', `invalid name: ${JSON.stringify(dns)}`);
  const version = String(o.apiVersion ?? '').split('/')[1] ?? '';
  if (version !== 'v1alpha1' && version !== 'v1beta1') {
    return invalid(
      '/apiVersion',
      `unsupported version ${JSON.stringify(version)} for Constraint ${JSON.stringify(name)}; supported versions: map[v1alpha1:true v1beta1:true]`,
    );
  }
  const { schema, validate } = schemaOf(template);
  if (!validate(o)) {
    const errors = (validate.errors ?? []).filter((e) => e.keyword !== 'if');
    const first = errors[0];
    return {
      pointer: first?.instancePath ?? '',
      message: `schema validation failed: ${aggregate(errors.map(schemaMessage))}`,
      schema: true,
    };
  }
  const unknown = unknownFields(o, schema);
  if (unknown.length > 0)
    return invalid(unknownPointer(unknown[0] as string), `unknown fields: [${unknown.join(' ')}]`);
  return undefined;
}

/** k8s `ErrorList.ToAggregate().Error()`: one message alone, several in brackets. */
function aggregate(messages: string[]): string {
  const unique = [...new Set(messages)];
  return unique.length === 1 ? (unique[0] as string) : `[${unique.join(', ')}]`;
}

function schemaMessage(e: ErrorObject): string {
  const path = e.instancePath
    .split('/')
    .slice(1)
    .map((s, i) => (/^\d+$/.test(s) ? `[${s}]` : `${i === 0 ? '' : '.'}${s}`))
    .join('');
  return `${path || '<root>'}: ${e.message ?? 'invalid'}`;
}

function unknownPointer(path: string): string {
  return `/${path
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .join('/')}`;
}

/** Go's `%v` of a decoded JSON value, for accessor errors. */
const goValue = (v: unknown): string => (Array.isArray(v) ? `[${v.map(goValue).join(' ')}]` : String(v));
const goType = (v: unknown): string =>
  Array.isArray(v)
    ? '[]interface {}'
    : typeof v === 'string'
      ? 'string'
      : typeof v === 'boolean'
        ? 'bool'
        : typeof v === 'number'
          ? Number.isInteger(v)
            ? 'int64'
            : 'float64'
          : 'interface {}';

/** `metav1validation.ValidateLabelSelector` under the path gatekeeper gives both selectors (`spec.labelSelector`). */
export function selectorErrors(selector: unknown, key: string): string[] {
  if (selector === undefined || selector === null) return [];
  if (!isObject(selector)) {
    return [
      `.spec.match.${key} accessor error: ${goValue(selector)} is of the type ${goType(selector)}, expected map[string]interface{}`,
    ];
  }
  const path = 'spec.labelSelector';
  const out: string[] = [];
  const labels = selector.matchLabels;
  if (labels !== undefined && labels !== null) {
    if (!isObject(labels) || Object.values(labels).some((v) => typeof v !== 'string')) {
      return [
        'Could not convert JSON to LabelSelector: json: cannot unmarshal into Go struct field LabelSelector.matchLabels of type map[string]string',
      ];
    }
    for (const [k, v] of Object.entries(labels)) {
      out.push(
        ...qualifiedName(k).map((m) => `${path}.matchLabels: Invalid value: ${JSON.stringify(k)}: ${m}`),
      );
      out.push(
        ...labelValue(v as string).map(
          (m) => `${path}.matchLabels: Invalid value: ${JSON.stringify(v)}: ${m}`,
        ),
      );
    }
  }
  const exprs = selector.matchExpressions;
  if (exprs !== undefined && exprs !== null) {
    if (!Array.isArray(exprs) || !exprs.every(isObject)) {
      return [
        'Could not convert JSON to LabelSelector: json: cannot unmarshal into Go struct field LabelSelector.matchExpressions',
      ];
    }
    exprs.forEach((e, i) => {
      const at = `${path}.matchExpressions[${i}]`;
      const values = Array.isArray(e.values) ? e.values : [];
      switch (e.operator) {
        case 'In':
        case 'NotIn':
          if (values.length === 0)
            out.push(`${at}.values: Required value: must be specified when \`operator\` is 'In' or 'NotIn'`);
          break;
        case 'Exists':
        case 'DoesNotExist':
          if (values.length > 0)
            out.push(
              `${at}.values: Forbidden: may not be specified when \`operator\` is 'Exists' or 'DoesNotExist'`,
            );
          break;
        default:
          out.push(
            `${at}.operator: Invalid value: ${JSON.stringify(String(e.operator ?? ''))}: not a valid selector operator`,
          );
      }
      const key = typeof e.key === 'string' ? e.key : '';
      out.push(...qualifiedName(key).map((m) => `${at}.key: Invalid value: ${JSON.stringify(key)}: ${m}`));
    });
  }
  return out;
}

const QUALIFIED = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** `validation.IsQualifiedName`: `[prefix/]name`, name ≤ 63 characters, prefix a DNS subdomain. */
function qualifiedName(value: string): string[] {
  const parts = value.split('/');
  let name = parts[0] as string;
  const out: string[] = [];
  if (parts.length === 2) {
    const prefix = parts[0] as string;
    name = parts[1] as string;
    if (prefix.length === 0) out.push('prefix part must be non-empty');
    else {
      const d = dns1123Subdomain(prefix);
      if (d) out.push(`prefix part ${d}`);
    }
  } else if (parts.length > 2) {
    return [
      "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    ];
  }
  if (name.length === 0) out.push('name part must be non-empty');
  else if (name.length > 63) out.push('name part must be no more than 63 characters');
  if (name.length > 0 && !QUALIFIED.test(name)) {
    out.push(
      "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
    );
  }
  return out;
}

/** `validation.IsValidLabelValue`. */
function labelValue(value: string): string[] {
  const out: string[] = [];
  if (value.length > 63) out.push('must be no more than 63 characters');
  if (value.length > 0 && !QUALIFIED.test(value)) {
    out.push(
      "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
    );
  }
  return out;
}

/** `validation.IsDNS1123Subdomain`'s first message, or undefined. */
export function dns1123Subdomain(value: string): string | undefined {
  if (value.length > 253) return 'must be no more than 253 characters';
  if (!DNS_SUBDOMAIN.test(value)) {
    return "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
  }
  return undefined;
}

const META_FIELDS = new Set(['apiVersion', 'kind', 'metadata']);

/**
 * Paths the CRD's structural schema does not know, sorted, as k8s `pruning.PruneWithOptions` tracks them: the root
 * is an embedded resource (apiVersion, kind, metadata kept), `x-kubernetes-preserve-unknown-fields` stops pruning.
 */
export function unknownFields(o: unknown, schema: Json): string[] {
  const out: string[] = [];
  const record = (path: string, key: string) => out.push(path ? `${path}.${key}` : key);
  const prune = (x: unknown, s: Json | undefined, path: string, embedded: boolean): void => {
    if (s?.['x-kubernetes-preserve-unknown-fields'] === true) {
      skip(x, s, path, embedded);
      return;
    }
    if (isObject(x)) {
      for (const [k, v] of Object.entries(x)) {
        if (!s) {
          record(path, k);
          continue;
        }
        if ((embedded || s['x-kubernetes-embedded-resource'] === true) && META_FIELDS.has(k)) continue;
        const props = isObject(s.properties) ? s.properties : {};
        const child = key(path, k);
        if (isObject(props[k])) prune(v, props[k] as Json, child, false);
        else if (s.additionalProperties !== undefined && s.additionalProperties !== false) {
          prune(v, isObject(s.additionalProperties) ? s.additionalProperties : undefined, child, false);
        } else record(path, k);
      }
    } else if (Array.isArray(x)) {
      for (const [i, v] of x.entries())
        prune(v, s && isObject(s.items) ? s.items : undefined, `${path}[${i}]`, false);
    }
  };
  const skip = (x: unknown, s: Json, path: string, embedded: boolean): void => {
    if (isObject(x)) {
      const props = isObject(s.properties) ? s.properties : {};
      for (const [k, v] of Object.entries(x)) {
        if ((embedded || s['x-kubernetes-embedded-resource'] === true) && META_FIELDS.has(k)) continue;
        if (isObject(props[k])) prune(v, props[k] as Json, key(path, k), false);
        else if (isObject(s.additionalProperties)) prune(v, s.additionalProperties, key(path, k), false);
      }
    } else if (Array.isArray(x) && isObject(s.items)) {
      const items = s.items;
      for (const [i, v] of x.entries()) skip(v, items, `${path}[${i}]`, false);
    }
  };
  prune(o, schema, '', true);
  return out.sort();
}

const key = (path: string, k: string): string => (path ? `${path}.${k}` : k);

/** k8s structural defaulting (`defaulting.Default`): missing (or null, non-nullable) properties get their default. */
export function applyDefaults(x: unknown, s: Json | undefined): void {
  if (!s) return;
  if (isObject(x)) {
    const props = isObject(s.properties) ? s.properties : {};
    for (const [k, p] of Object.entries(props)) {
      if (!isObject(p) || p.default === undefined) continue;
      if (!(k in x) || (x[k] === null && p.nullable !== true)) x[k] = structuredClone(p.default);
    }
    for (const [k, v] of Object.entries(x)) {
      if (isObject(props[k])) applyDefaults(v, props[k] as Json);
      else if (isObject(s.additionalProperties)) applyDefaults(v, s.additionalProperties);
    }
  } else if (Array.isArray(x) && isObject(s.items)) {
    for (const v of x) applyDefaults(v, s.items as Json);
  }
}

/** OpenAPI v3 (Kubernetes flavour) to JSON Schema: `nullable`, int-or-string and preserve-unknown-fields. */
function toJsonSchema(s: unknown): unknown {
  if (Array.isArray(s)) return s.map(toJsonSchema);
  if (!isObject(s)) return s;
  const out: Json = {};
  for (const [k, v] of Object.entries(s)) {
    if (k === 'properties' && isObject(v)) {
      out.properties = Object.fromEntries(Object.entries(v).map(([p, ps]) => [p, toJsonSchema(ps)]));
    } else if (k.startsWith('x-kubernetes-') || k === 'nullable' || k === 'example' || k === 'default') {
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

/**
 * The action gator applies (frameworks `templateClient.AddConstraint`): a missing one is `deny`; any other string
 * is kept by Gatekeeper and its results counted, so it reads as `deny` here; `scoped` needs
 * `scopedEnforcementActions` and an entry for one of `eps` (or `*`), else the constraint is skipped.
 */
function resolveAction(
  spec: Json,
  eps: string[],
): { action: EnforcementAction } | { error: string } | 'skip' {
  const action = spec.enforcementAction;
  if (action === undefined) return { action: 'deny' };
  if (typeof action !== 'string') return { error: 'invalid Constraint: invalid spec.enforcementAction' };
  if (action === 'warn' || action === 'dryrun') return { action };
  if (action !== 'scoped') return { action: 'deny' };
  const scoped = Array.isArray(spec.scopedEnforcementActions) ? spec.scopedEnforcementActions : undefined;
  if (!scoped) return { error: 'missing required field: spec.scopedEnforcementActions must be defined' };
  if (!scoped.every(isObject)) {
    return {
      error:
        'scopedEnforcementActions value must be a [{action: string, enforcementPoints: [{name: string}]}]',
    };
  }
  const actions = new Set<string>();
  for (const s of scoped) {
    const points = Array.isArray(s.enforcementPoints) ? s.enforcementPoints.filter(isObject) : [];
    for (const p of points) {
      if (p.name === '*') {
        actions.add(String(s.action));
        break;
      }
      if (eps.includes(String(p.name))) actions.add(String(s.action));
    }
  }
  if (actions.size === 0) return 'skip';
  for (const a of ['deny', 'warn', 'dryrun'] as const) if (actions.has(a)) return { action: a };
  return { action: 'deny' };
}
