import { describe, expect, test } from 'vitest';
import type { KubeObject, Manifest } from '../core/types.js';
import { readConstraint } from './constraint.js';
import { readTemplate, type Template } from './template.js';

const manifest = (object: KubeObject): Manifest => ({
  env: 'default',
  file: 'x.yaml',
  line: 1,
  object,
  fieldLines: {},
});

const schema = {
  type: 'object',
  required: ['maxReplicas'],
  properties: {
    maxReplicas: { type: 'integer', minimum: 1 },
    mode: { type: 'string', enum: ['strict', 'lenient'], default: 'strict' },
  },
};

function template(apiVersion: string, validation?: Record<string, unknown>): Template {
  const { template: t } = readTemplate(
    manifest({
      apiVersion,
      kind: 'ConstraintTemplate',
      metadata: { name: 'k8slimit' },
      spec: {
        crd: { spec: { names: { kind: 'K8sLimit' }, ...(validation ? { validation } : {}) } },
        targets: [
          {
            target: 'admission.k8s.gatekeeper.sh',
            rego: 'package k8slimit\nviolation[{"msg": "x"}] { true }',
          },
        ],
      },
    }),
  );
  if (!t) throw new Error('template did not load');
  return t;
}

const v1 = template('templates.gatekeeper.sh/v1', { openAPIV3Schema: schema });
const v1beta1 = template('templates.gatekeeper.sh/v1beta1', { openAPIV3Schema: schema });
const v1NoSchema = template('templates.gatekeeper.sh/v1');
const v1beta1NoSchema = template('templates.gatekeeper.sh/v1beta1');

const constraint = (spec: unknown, name = 'c', apiVersion = 'constraints.gatekeeper.sh/v1beta1') =>
  manifest({ apiVersion, kind: 'K8sLimit', metadata: { name }, spec } as KubeObject);

// Expected: 'schema' (constraints.ErrSchema), a message substring of a non-schema error, or the parameters JSON.
const rows: {
  name: string;
  t: Template;
  spec: unknown;
  metaName?: string;
  apiVersion?: string;
  want: { schema: true } | { error: string } | { params: string };
}[] = [
  {
    name: 'valid, default applied',
    t: v1,
    spec: { parameters: { maxReplicas: 3 } },
    want: { params: '{"maxReplicas":3,"mode":"strict"}' },
  },
  { name: 'no parameters: no defaults', t: v1, spec: {}, want: { params: '{}' } },
  { name: 'wrong parameter type', t: v1, spec: { parameters: { maxReplicas: 'x' } }, want: { schema: true } },
  { name: 'below minimum', t: v1, spec: { parameters: { maxReplicas: 0 } }, want: { schema: true } },
  { name: 'required missing', t: v1, spec: { parameters: { mode: 'strict' } }, want: { schema: true } },
  {
    name: 'glob in the middle',
    t: v1,
    spec: { match: { namespaces: ['kube*system'] }, parameters: { maxReplicas: 3 } },
    want: { schema: true },
  },
  {
    name: 'upper-case namespace',
    t: v1,
    spec: { match: { excludedNamespaces: ['Prod'] }, parameters: { maxReplicas: 3 } },
    want: { schema: true },
  },
  {
    name: 'name glob',
    t: v1,
    spec: { match: { name: 'a*b' }, parameters: { maxReplicas: 3 } },
    want: { schema: true },
  },
  {
    name: 'source enum',
    t: v1,
    spec: { match: { source: 'generated' }, parameters: { maxReplicas: 3 } },
    want: { schema: true },
  },
  {
    name: 'kinds not a list',
    t: v1,
    spec: { match: { kinds: { kinds: ['Pod'] } }, parameters: { maxReplicas: 3 } },
    want: { schema: true },
  },
  {
    name: 'enforcementAction not a string',
    t: v1,
    spec: { enforcementAction: 1, parameters: { maxReplicas: 3 } },
    want: { schema: true },
  },
  {
    name: 'name over 63 characters',
    t: v1,
    spec: { parameters: { maxReplicas: 3 } },
    metaName: 'x'.repeat(64),
    want: { schema: true },
  },
  {
    name: 'name not a DNS subdomain',
    t: v1,
    spec: { parameters: { maxReplicas: 3 } },
    metaName: 'Bad_Name',
    want: { error: 'invalid Constraint: invalid name' },
  },
  {
    name: 'unknown parameter (v1)',
    t: v1,
    spec: { parameters: { maxReplicas: 3, maxReplica: 4 } },
    want: { error: 'invalid Constraint: unknown fields: [spec.parameters.maxReplica]' },
  },
  {
    name: 'unknown spec field',
    t: v1,
    spec: { enforcement: 'deny', parameters: { maxReplicas: 3 } },
    want: { error: 'unknown fields: [spec.enforcement]' },
  },
  {
    name: 'unknown match field',
    t: v1,
    spec: { match: { namespace: ['a'] }, parameters: { maxReplicas: 3 } },
    want: { error: 'unknown fields: [spec.match.namespace]' },
  },
  {
    name: 'parameters without schema (v1)',
    t: v1NoSchema,
    spec: { parameters: { a: true } },
    want: { error: 'unknown fields: [spec.parameters]' },
  },
  {
    name: 'parameters without schema (v1beta1 legacy)',
    t: v1beta1NoSchema,
    spec: { parameters: { a: true } },
    want: { params: '{"a":true}' },
  },
  {
    name: 'unknown parameter kept (v1beta1 legacy)',
    t: v1beta1,
    spec: { parameters: { maxReplicas: 3, x: { y: 1 } } },
    want: { params: '{"maxReplicas":3,"x":{"y":1},"mode":"strict"}' },
  },
  {
    name: 'schema error beats unknown field',
    t: v1,
    spec: { parameters: { maxReplicas: 'x', extra: 1 } },
    want: { schema: true },
  },
  {
    name: 'In without values',
    t: v1,
    spec: {
      match: { labelSelector: { matchExpressions: [{ key: 'a', operator: 'In' }] } },
      parameters: { maxReplicas: 3 },
    },
    want: {
      error:
        "spec.labelSelector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
    },
  },
  {
    name: 'bad operator in namespaceSelector',
    t: v1,
    spec: {
      match: { namespaceSelector: { matchExpressions: [{ key: 'a', operator: 'Equals', values: ['x'] }] } },
      parameters: { maxReplicas: 3 },
    },
    want: {
      error:
        'spec.labelSelector.matchExpressions[0].operator: Invalid value: "Equals": not a valid selector operator',
    },
  },
  {
    name: 'unsupported constraint version',
    t: v1,
    spec: { parameters: { maxReplicas: 3 } },
    apiVersion: 'constraints.gatekeeper.sh/v1',
    want: { error: 'unsupported version "v1"' },
  },
];

describe('readConstraint', () => {
  test.for(rows)('$name', ({ t, spec, metaName, apiVersion, want }) => {
    const r = readConstraint(constraint(spec, metaName, apiVersion), t, ['gator.gatekeeper.sh']);
    if ('schema' in want) expect(r.error?.schema).toBe(true);
    else if ('error' in want) {
      expect(r.error?.schema).toBeFalsy();
      expect(r.error?.message).toContain(want.error);
    } else expect(r.constraint?.parametersJson).toBe(want.params);
  });

  test.for([
    { action: undefined, want: 'deny' },
    { action: 'warn', want: 'warn' },
    { action: 'dryrun', want: 'dryrun' },
    { action: 'audit-only', want: 'deny' },
  ])('enforcementAction $action is counted as $want', ({ action, want }) => {
    const r = readConstraint(
      constraint({ ...(action ? { enforcementAction: action } : {}), parameters: { maxReplicas: 3 } }),
      v1,
      ['gator.gatekeeper.sh'],
    );
    expect(r.constraint?.enforcementAction).toBe(want);
  });

  test('scoped without a gator entry is skipped; without scopedEnforcementActions it fails', () => {
    const scoped = (s: unknown) =>
      readConstraint(
        constraint({ enforcementAction: 'scoped', ...(s ? { scopedEnforcementActions: s } : {}) }),
        v1beta1NoSchema,
        ['gator.gatekeeper.sh'],
      );
    expect(scoped([{ action: 'warn', enforcementPoints: [{ name: 'audit.gatekeeper.sh' }] }]).skip).toBe(
      true,
    );
    expect(
      scoped([{ action: 'warn', enforcementPoints: [{ name: '*' }] }]).constraint?.enforcementAction,
    ).toBe('warn');
    expect(scoped(undefined).error?.message).toContain('spec.scopedEnforcementActions must be defined');
  });
});

describe('readTemplate with CEL', () => {
  const withCode = (code: unknown[]) =>
    readTemplate(
      manifest({
        apiVersion: 'templates.gatekeeper.sh/v1',
        kind: 'ConstraintTemplate',
        metadata: { name: 'k8scel' },
        spec: {
          crd: { spec: { names: { kind: 'K8sCel' } } },
          targets: [{ target: 'admission.k8s.gatekeeper.sh', code }],
        },
      }),
    ).template;
  const rego = { engine: 'Rego', source: { rego: 'package k8scel\nviolation[{"msg": "x"}] { true }' } };
  const cel = { engine: 'K8sNativeValidation', source: { validations: [{ expression: 'true' }] } };

  test.for([
    { name: 'Rego only runs its Rego', code: [rego], hasRego: true },
    { name: 'CEL then Rego evaluates the Rego', code: [cel, rego], hasRego: true },
    { name: 'Rego then CEL evaluates the Rego', code: [rego, cel], hasRego: true },
    { name: 'CEL only has no Rego to run', code: [cel], hasRego: false },
  ])('$name', ({ code, hasRego }) => {
    const t = withCode(code);
    expect(t?.rego !== undefined).toBe(hasRego);
  });
});
