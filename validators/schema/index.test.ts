import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, test } from 'vitest';
import type { Finding, Manifest } from '../core/types.js';
import { parse } from '../parse/index.js';
import { createSchemaChecker, type SchemaChecker } from './index.js';

const read = (name: string): string =>
  readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
const load = (name: string): Manifest[] => parse(`apps/${name}`, read(name), 'dev').manifests;
/** One line per finding: what a reviewer checks, in one shape. */
const brief = (findings: Finding[]): string[] =>
  findings.map((f) => `${f.line} ${f.enforcementAction} ${f.message}`);

let withCrds: SchemaChecker;
let bare: SchemaChecker;
let strict: SchemaChecker;

beforeAll(async () => {
  const crds = load('crd-widgets.yaml').map((m) => m.object);
  [withCrds, bare, strict] = await Promise.all([
    createSchemaChecker({ strict: false, crds }),
    createSchemaChecker({ strict: false, crds: [] }),
    createSchemaChecker({ strict: true, crds: [] }),
  ]);
});

describe('built-in kinds (Kubernetes 1.35)', () => {
  test.for([
    {
      name: 'a valid Deployment: int-or-string, quantities, null creationTimestamp',
      file: 'deployment-valid.yaml',
      findings: [],
    },
    { name: 'Service targetPort by name and by number', file: 'service-int-or-string.yaml', findings: [] },
    {
      name: 'misspelled fields are unknown, with the field meant',
      file: 'deployment-misspelled-fields.yaml',
      findings: [
        '18 deny spec.template.spec.containers[0].securityContex: unknown field (did you mean "securityContext"?)',
        '20 deny spec.template.spec.containers[0].resource: unknown field (did you mean "resources"?)',
      ],
    },
    {
      name: 'wrong types: a number label, a quoted replica count, a quantity',
      file: 'deployment-wrong-types.yaml',
      findings: [
        '6 deny metadata.labels.version: must be string, got number 1',
        '8 deny spec.replicas: must be integer, got string "3"',
        '24 deny spec.template.spec.containers[0].resources.limits.memory: must be a quantity such as "500m", "1.5" or "128Mi", got string "1Gb"',
      ],
    },
    {
      name: 'missing required fields, on the line of their parent',
      file: 'deployment-missing-required.yaml',
      findings: [
        '5 deny spec.selector: missing required field',
        '9 deny spec.template.spec.containers[0].name: missing required field',
      ],
    },
    {
      name: 'Secret data that is not base64',
      file: 'secret-bad-base64.yaml',
      findings: ['8 deny data.password: must be base64-encoded data, got string "not base64!"'],
    },
    {
      name: 'an API version the cluster no longer serves',
      file: 'ingress-removed-api.yaml',
      findings: [
        '2 deny extensions/v1beta1 Ingress is not served by Kubernetes 1.35: use networking.k8s.io/v1',
      ],
    },
    {
      name: 'a misspelled kind in a built-in group',
      file: 'deployment-misspelled-kind.yaml',
      findings: [
        '2 deny unknown kind apps/v1 Deploymnet (did you mean "Deployment"?): Kubernetes 1.35 does not serve it',
      ],
    },
    {
      name: 'the items of a v1 List, each as its own kind',
      file: 'list-with-bad-item.yaml',
      findings: ['14 deny items[1].date: unknown field (did you mean "data"?)'],
    },
  ])('$name', ({ file, findings }) => {
    expect(brief(bare.check(load(file)))).toEqual(findings);
  });

  test('a finding names the object and the file', () => {
    expect(bare.check(load('deployment-misspelled-fields.yaml'))[0]).toEqual({
      env: 'dev',
      file: 'apps/deployment-misspelled-fields.yaml',
      line: 18,
      source: 'schema',
      enforcementAction: 'deny',
      message:
        'spec.template.spec.containers[0].securityContex: unknown field (did you mean "securityContext"?)',
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      namespace: 'ledger',
      name: 'ledger',
    });
  });

  test('a List item finding names the item', () => {
    expect(bare.check(load('list-with-bad-item.yaml'))[0]).toMatchObject({ kind: 'ConfigMap', name: 'bad' });
  });

  test.for<{ name: string; lines: Record<string, number>; line: number }>([
    { name: 'the field itself', lines: { '': 1, '/data': 4, '/data/port': 5 }, line: 5 },
    { name: 'the closest ancestor', lines: { '': 1, '/data': 4 }, line: 4 },
    { name: 'the document', lines: {}, line: 7 },
  ])('the line falls back to $name', ({ lines, line }) => {
    const manifest: Manifest = {
      env: 'prod',
      file: 'x.yaml',
      line: 7,
      object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: { port: 8080 } },
      fieldLines: lines,
    };
    expect(brief(bare.check([manifest]))).toEqual([
      `${line} deny data.port: must be string, got number 8080`,
    ]);
  });
});

describe('custom resources', () => {
  test.for([
    {
      name: 'a CRD from the repository accepts int-or-string, nullable, preserved and embedded fields',
      file: 'widget-valid.yaml',
      findings: [],
    },
    {
      name: 'a CRD from the repository rejects unknown fields, strict metadata, enums and missing fields',
      file: 'widget-invalid.yaml',
      findings: [
        '6 deny metadata.lables: unknown field (did you mean "labels"?)',
        '8 deny spec.size: missing required field',
        '9 deny spec.sise: unknown field (did you mean "size"?)',
        '11 deny spec.surge: must be integer or string, got boolean true',
        '13 deny spec.selector.app: must be string, got number 1',
        '14 deny spec.mode: must be one of "fast", "safe", got string "turbo"',
      ],
    },
    { name: 'the CRD itself is a valid built-in object', file: 'crd-widgets.yaml', findings: [] },
  ])('$name', ({ file, findings }) => {
    expect(brief(withCrds.check(load(file)))).toEqual(findings);
  });

  test('a CRD whose schema does not compile: the CRD is invalid, its objects are reported unchecked', async () => {
    const manifests = load('crd-broken-schema.yaml');
    const checker = await createSchemaChecker({ strict: false, crds: manifests.map((m) => m.object) });
    expect(brief(checker.check(manifests))).toEqual([
      '21 deny spec.versions[0].schema.openAPIV3Schema.properties.spec.required: must be array, got string "size"',
      '24 deny cannot check: the schema from CRD gadgets.example.com does not compile (schema is invalid: data/properties/spec/required must be array)',
    ]);
  });

  test.for([
    { name: 'a warning', checker: () => bare, action: 'warn' },
    { name: 'an error with --strict', checker: () => strict, action: 'deny' },
  ])('an unknown kind is $name', ({ checker, action }) => {
    expect(brief(checker().check(load('widget-no-crd.yaml')))).toEqual([
      `2 ${action} no schema for example.com/v1 Widget: no CRD in the repository or add-on package defines it, so it was not checked`,
    ]);
  });
});

describe('add-ons', () => {
  test.for([
    { name: 'Argo CD Application, valid', file: 'application-valid.yaml', findings: [] },
    {
      name: 'Argo CD Application with a misspelled field; Helm values are free-form',
      file: 'application-invalid.yaml',
      findings: ['22 deny spec.syncPolicy.automated.selfheal: unknown field (did you mean "selfHeal"?)'],
    },
    {
      name: 'cert-manager Certificate',
      file: 'certificate.yaml',
      findings: [
        '24 deny spec.dnsName: unknown field (did you mean "dnsNames"?)',
        '30 deny spec.privateKey.size: must be integer, got string "256"',
      ],
    },
    {
      name: 'external-secrets ExternalSecret',
      file: 'externalsecret.yaml',
      findings: ['35 deny spec.data[0].remoteRef.propery: unknown field (did you mean "property"?)'],
    },
    {
      name: 'prometheus-operator ServiceMonitor',
      file: 'servicemonitor.yaml',
      findings: [
        '19 deny spec.endpoints: missing required field',
        '23 deny spec.endpoint: unknown field (did you mean "endpoints"?)',
      ],
    },
    {
      name: 'prometheus-operator PrometheusRule',
      file: 'prometheusrule.yaml',
      findings: ['29 deny spec.groups[0].rules[0].annotation: unknown field (did you mean "annotations"?)'],
    },
    {
      name: 'Gatekeeper ConstraintTemplate, and its constraints checked against its parameters schema',
      file: 'constrainttemplate.yaml',
      findings: [
        '48 deny spec.match.excludedNamespace: unknown field (did you mean "excludedNamespaces"?)',
        '50 deny spec.parameters.label: unknown field (did you mean "labels"?)',
      ],
    },
    {
      name: 'Gatekeeper v1beta1 template: a legacy schema keeps unknown parameters, still checks declared ones',
      file: 'constrainttemplate-legacy.yaml',
      findings: ['38 deny spec.parameters.ranges[0].min_replicas: must be integer, got string "3"'],
    },
    {
      name: 'Gatekeeper Config and ExpansionTemplate',
      file: 'gatekeeper-config.yaml',
      findings: ['44 deny spec.sync.syncOnly[0].kinds: unknown field (did you mean "kind"?)'],
    },
    {
      name: 'Gatekeeper ConstraintTemplate with a misspelled field',
      file: 'constrainttemplate-invalid.yaml',
      findings: ['10 deny spec.target: unknown field (did you mean "targets"?)'],
    },
  ])('$name', ({ file, findings }) => {
    expect(brief(bare.check(load(file)))).toEqual(findings);
  });
});

describe('kinds known up front', () => {
  test('only the named add-on models load, and objects of those kinds are checked as fully', async () => {
    const manifests = load('servicemonitor.yaml');
    const kinds = manifests.map((m) => `${m.object.apiVersion}/${m.object.kind}`);
    const narrow = await createSchemaChecker({ strict: false, crds: [], kinds });
    const full = await createSchemaChecker({ strict: false, crds: [] });
    expect(brief(narrow.check(manifests))).toEqual(brief(full.check(manifests)));
    expect(brief(narrow.check(manifests))).toContain(
      '23 deny spec.endpoint: unknown field (did you mean "endpoints"?)',
    );
  });
});
