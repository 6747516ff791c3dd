import type { KubeObject } from '../core/types.js';
import { K8S } from './builtin.js';
import { type CustomKind, convert, rootSchema } from './crd.js';

// No maintained npm or PyPI package ships Gatekeeper's CRDs, so the kinds this repository writes are
// restated here, field for field, from Gatekeeper's generated CRDs and Go types:
// https://github.com/open-policy-agent/gatekeeper/tree/master/config/crd/bases and
// https://github.com/open-policy-agent/frameworks/blob/master/constraint/pkg/apis/templates/v1/constrainttemplate_types.go

type Json = Record<string, unknown>;

const str = { type: 'string' };
const strings = { type: 'array', items: str };
const preserved = { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
const obj = (properties: Json, extra: Json = {}): Json => ({ type: 'object', properties, ...extra });
const gvk = obj({ group: str, version: str, kind: str });
const labelSelector = { $ref: `${K8S}#/$defs/io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector` };

// pkg/mutation/match/match_types.go
const match = obj({
  kinds: { type: 'array', items: obj({ apiGroups: strings, kinds: strings }) },
  scope: { type: 'string', enum: ['*', 'Cluster', 'Namespaced'] },
  namespaces: strings,
  excludedNamespaces: strings,
  labelSelector,
  namespaceSelector: labelSelector,
  name: str,
  source: { type: 'string', enum: ['All', 'Generated', 'Original'] },
});

const constraintTemplate = obj({
  spec: obj({
    crd: obj({
      spec: obj({
        names: obj({ kind: str, shortNames: strings }),
        validation: obj({ openAPIV3Schema: preserved, legacySchema: { type: 'boolean' } }),
      }),
    }),
    targets: {
      type: 'array',
      items: obj({
        target: str,
        rego: str,
        libs: strings,
        code: {
          type: 'array',
          items: obj({ engine: str, source: preserved }, { required: ['engine', 'source'] }),
        },
        operations: strings,
      }),
    },
  }),
  status: preserved,
});

const config = obj({
  spec: obj({
    match: { type: 'array', items: obj({ excludedNamespaces: strings, processes: strings }) },
    sync: obj({ syncOnly: { type: 'array', items: gvk } }),
    validation: obj({ traces: { type: 'array', items: obj({ user: str, kind: gvk, dump: str }) } }),
    readiness: obj({ statsEnabled: { type: 'boolean' } }),
  }),
  status: preserved,
});

const expansionTemplate = obj({
  spec: obj({
    applyTo: { type: 'array', items: obj({ groups: strings, kinds: strings, versions: strings }) },
    templateSource: str,
    generatedGVK: gvk,
    enforcementAction: str,
  }),
  status: preserved,
});

const origin = 'Gatekeeper CRDs';

/** Gatekeeper's own kinds: ConstraintTemplate, Config, ExpansionTemplate. */
export function gatekeeperKinds(): CustomKind[] {
  const kinds = (group: string, versions: string[], kind: string, schema: Json): CustomKind[] =>
    versions.map((v) => ({ apiVersion: `${group}/${v}`, kind, schema: rootSchema(schema), origin }));
  return [
    ...kinds(
      'templates.gatekeeper.sh',
      ['v1', 'v1beta1', 'v1alpha1'],
      'ConstraintTemplate',
      constraintTemplate,
    ),
    ...kinds('config.gatekeeper.sh', ['v1alpha1'], 'Config', config),
    ...kinds('expansion.gatekeeper.sh', ['v1alpha1', 'v1beta1'], 'ExpansionTemplate', expansionTemplate),
  ];
}

/**
 * The constraint kind a ConstraintTemplate creates, as Gatekeeper generates its CRD
 * (frameworks constraint/pkg/client/crds): `spec.parameters` follows the template's schema.
 */
export function constraintKinds(template: KubeObject): CustomKind[] {
  const crd = ((template.spec as Json | undefined)?.crd as Json | undefined)?.spec as Json | undefined;
  const kind = (crd?.names as Json | undefined)?.kind;
  if (typeof kind !== 'string' || kind === '') return [];
  const validation = crd?.validation as Json | undefined;
  const parameters = (validation?.openAPIV3Schema as Json | undefined) ?? preserved;
  // legacySchema defaults to true before templates.gatekeeper.sh/v1: unknown parameters are kept.
  const legacy = validation?.legacySchema ?? !template.apiVersion?.endsWith('/v1');
  const root = rootSchema(
    obj({
      spec: obj({
        match,
        enforcementAction: str,
        scopedEnforcementActions: { type: 'array', items: preserved },
      }),
      status: preserved,
    }),
  );
  const spec = (root.properties as Json).spec as Json;
  (spec.properties as Json).parameters = convert(parameters, false, { preserveAll: legacy === true });
  const name = template.metadata?.name ?? kind.toLowerCase();
  return ['v1beta1', 'v1', 'v1alpha1'].map((v) => ({
    apiVersion: `constraints.gatekeeper.sh/${v}`,
    kind,
    schema: root,
    origin: `ConstraintTemplate ${name}`,
  }));
}
