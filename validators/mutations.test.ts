// Proof that the policies guard what Argo CD deploys: each row breaks one rule in a real copy of this repository
// and runs the built CLI (`tollgate validate --env all`) on it. Exactly the expected constraint must fire, in
// exactly the environments that deploy the edited file, with each environment's enforcementAction, at the file
// and line of the field the edit broke (or, when the edit removed the field, of the nearest field holding it).
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { limiter } from './io/limit.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, 'bin', 'tollgate.js');
const fixtures = join(root, 'validators', '__mutations__');
/** What Argo CD reads; never node_modules, .tools, dist. */
const CONTENT = ['apps', 'clusters', 'policies', 'tollgate.yaml'];
const ENVS = ['dev', 'stage', 'prod'] as const;
type Env = (typeof ENVS)[number];
const ALL: Env[] = [...ENVS];
/** CLI processes at once: each renders three environments with kustomize and evaluates ~100 constraints. */
const CONCURRENCY = 2;
const ROW_TIMEOUT = 240_000;

type Edit =
  /** Replaces `anchor`, which must occur exactly once in `file`. */
  | { file: string; anchor: string; with: string }
  | { file: string; remove: true }
  /** Writes `validators/__mutations__/<fixture>` to `file`. */
  | { file: string; fixture: string };

/**
 * A line of a file of the mutated copy: the line `text` starts on, or the line marked `»` inside it. `text` must
 * occur exactly once, so a change to the repository fails the row instead of moving it.
 */
interface At {
  file: string;
  text: string;
}

interface Expected {
  constraint: string;
  envs: Env[];
  kind: string;
  namespace?: string;
  name: string;
  /** The same place in every environment of `envs`. */
  at: At;
  message: RegExp;
}

interface Mutation {
  name: string;
  edits: Edit[];
  expect: Expected[];
}

const DEPLOYMENT = 'apps/ledger/base/deployment.yaml';
const NAMESPACES = 'clusters/common/namespaces/namespaces.yaml';
const overlay = (env: Env) => `apps/ledger/overlays/${env}/kustomization.yaml`;
const sizing = (env: Env) => `apps/ledger/overlays/${env}/sizing.yaml`;
const ledgerDeployment = { kind: 'Deployment', namespace: 'ledger', name: 'ledger' };
const implied = (rest: string) => new RegExp(`^\\[Implied by expand-workloads\\] ${rest}`);
const pdbPatch = (maxUnavailable: string) =>
  `---\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: ledger\nspec:\n  maxUnavailable: ${maxUnavailable}\n`;
const DIGEST = 'sha256:11670b6126c99a188e2982435444698d08be82e808a699dec77b3cb2fce1cb67';

const MUTATIONS: Mutation[] = [
  {
    name: 'a privileged container',
    edits: [{ file: DEPLOYMENT, anchor: 'privileged: false', with: 'privileged: true' }],
    expect: [
      {
        constraint: 'deny-privileged',
        envs: ALL,
        ...ledgerDeployment,
        at: { file: DEPLOYMENT, text: 'privileged: true' },
        message: implied('container "ledger" sets securityContext.privileged: true'),
      },
    ],
  },
  {
    name: 'allowPrivilegeEscalation: true',
    edits: [
      { file: DEPLOYMENT, anchor: 'allowPrivilegeEscalation: false', with: 'allowPrivilegeEscalation: true' },
    ],
    expect: [
      {
        constraint: 'deny-privilege-escalation',
        envs: ALL,
        ...ledgerDeployment,
        at: { file: DEPLOYMENT, text: 'allowPrivilegeEscalation: true' },
        message: implied('container "ledger" sets securityContext.allowPrivilegeEscalation: true'),
      },
    ],
  },
  {
    name: 'runAsUser 0 in the container',
    edits: [
      { file: DEPLOYMENT, anchor: '\n            runAsUser: 1000\n', with: '\n            runAsUser: 0\n' },
    ],
    expect: [
      {
        constraint: 'require-run-as-non-root',
        envs: ALL,
        ...ledgerDeployment,
        at: { file: DEPLOYMENT, text: 'runAsUser: 0' },
        message: implied('container "ledger" runs as UID 0'),
      },
    ],
  },
  {
    name: 'readOnlyRootFilesystem: false',
    edits: [
      { file: DEPLOYMENT, anchor: 'readOnlyRootFilesystem: true', with: 'readOnlyRootFilesystem: false' },
    ],
    expect: [
      {
        constraint: 'require-read-only-root-filesystem',
        envs: ALL,
        ...ledgerDeployment,
        at: { file: DEPLOYMENT, text: 'readOnlyRootFilesystem: false' },
        message: implied('container "ledger" sets securityContext.readOnlyRootFilesystem: false'),
      },
    ],
  },
  {
    name: 'capability SYS_ADMIN added',
    edits: [
      {
        file: DEPLOYMENT,
        anchor: '            capabilities:\n',
        with: '            capabilities:\n              add:\n                - SYS_ADMIN\n',
      },
    ],
    expect: [
      {
        constraint: 'restrict-capabilities',
        envs: ALL,
        ...ledgerDeployment,
        at: { file: DEPLOYMENT, text: '- SYS_ADMIN' },
        message: implied('container "ledger" adds capability SYS_ADMIN'),
      },
    ],
  },
  {
    name: 'hostNetwork',
    edits: [
      {
        file: DEPLOYMENT,
        anchor: '      enableServiceLinks: false\n',
        with: '      enableServiceLinks: false\n      hostNetwork: true\n',
      },
    ],
    expect: [
      {
        constraint: 'deny-host-namespaces',
        envs: ALL,
        ...ledgerDeployment,
        at: { file: DEPLOYMENT, text: 'hostNetwork: true' },
        message: implied('the pod sets spec.hostNetwork: true'),
      },
    ],
  },
  {
    name: 'a hostPort',
    edits: [
      {
        file: DEPLOYMENT,
        anchor: '              containerPort: 8080\n',
        with: '              containerPort: 8080\n              hostPort: 8080\n',
      },
    ],
    expect: [
      {
        constraint: 'deny-host-ports',
        envs: ALL,
        ...ledgerDeployment,
        at: { file: DEPLOYMENT, text: 'hostPort: 8080' },
        message: implied('container "ledger" binds containerPort 8080 to hostPort 8080'),
      },
    ],
  },
  {
    name: 'a hostPath volume',
    edits: [
      {
        file: DEPLOYMENT,
        anchor: '      volumes:\n',
        with: '      volumes:\n        - name: host-etc\n          hostPath:\n            path: /etc\n            type: Directory\n',
      },
    ],
    expect: [
      {
        constraint: 'restrict-host-path-volumes',
        envs: ALL,
        ...ledgerDeployment,
        at: { file: DEPLOYMENT, text: 'path: /etc' },
        message: implied('volume "host-etc" mounts host path /etc, which is not'),
      },
    ],
  },
  {
    name: 'seccomp Unconfined',
    edits: [
      {
        file: DEPLOYMENT,
        anchor: '            seccompProfile:\n              type: RuntimeDefault\n',
        with: '            seccompProfile:\n              type: Unconfined\n',
      },
    ],
    expect: [
      {
        constraint: 'require-seccomp',
        envs: ALL,
        ...ledgerDeployment,
        at: { file: DEPLOYMENT, text: '            seccompProfile:\n              type: Unconfined' },
        message: implied('container "ledger" gets seccomp profile type Unconfined'),
      },
    ],
  },
  {
    name: 'AppArmor Unconfined',
    edits: [
      {
        file: DEPLOYMENT,
        anchor: '            appArmorProfile:\n              type: RuntimeDefault\n',
        with: '            appArmorProfile:\n              type: Unconfined\n',
      },
    ],
    expect: [
      {
        constraint: 'require-apparmor-or-selinux',
        envs: ALL,
        ...ledgerDeployment,
        at: { file: DEPLOYMENT, text: 'type: Unconfined' },
        message: implied('container "ledger" gets AppArmor profile Unconfined'),
      },
    ],
  },
  {
    // Pinned by digest so only the registry is wrong; the overlays' `images` entries name ghcr.io and leave it.
    name: 'an image from docker.io',
    edits: [
      {
        file: DEPLOYMENT,
        anchor: 'image: ghcr.io/acme-payments/ledger:1.8.0',
        with: `image: docker.io/acme-payments/ledger@${DIGEST}`,
      },
    ],
    expect: [
      {
        constraint: 'allowed-registries',
        envs: ALL,
        ...ledgerDeployment,
        at: { file: DEPLOYMENT, text: 'image: docker.io/' },
        message: implied(
          'container "ledger" uses image docker.io/acme-payments/ledger@sha256:[0-9a-f]{64}, which is not',
        ),
      },
    ],
  },
  {
    name: 'a tag instead of a digest in the prod overlay',
    edits: [{ file: overlay('prod'), anchor: `    digest: ${DIGEST}\n`, with: '    newTag: 1.8.0\n' }],
    expect: [
      {
        constraint: 'require-image-digests',
        envs: ['prod'],
        ...ledgerDeployment,
        at: { file: overlay('prod'), text: 'newTag: 1.8.0' },
        message: implied(
          'container "ledger" uses image ghcr.io/acme-payments/ledger:1.8.0, which is not pinned',
        ),
      },
    ],
  },
  {
    // dev already warns that the tag is not a digest; that finding stays where it is.
    name: ':latest in the dev overlay',
    edits: [{ file: overlay('dev'), anchor: '    newTag: 1.8.0\n', with: '    newTag: latest\n' }],
    expect: [
      {
        constraint: 'deny-latest-tag',
        envs: ['dev'],
        ...ledgerDeployment,
        at: { file: overlay('dev'), text: 'newTag: latest' },
        message: implied(
          'container "ledger" uses image ghcr.io/acme-payments/ledger:latest with the mutable tag',
        ),
      },
    ],
  },
  {
    name: 'resources removed',
    edits: [
      {
        file: DEPLOYMENT,
        anchor:
          '          resources:\n            requests:\n              cpu: 250m\n              memory: 512Mi\n            limits:\n              cpu: "1"\n              memory: 512Mi\n',
        with: '',
      },
    ],
    expect: ['requests.cpu', 'requests.memory', 'limits.memory'].map((field) => ({
      constraint: 'require-resources',
      envs: ALL,
      ...ledgerDeployment,
      at: { file: DEPLOYMENT, text: '- name: ledger\n' },
      message: implied(`container "ledger" does not set resources\\.${field.replace('.', '\\.')};`),
    })),
  },
  {
    name: 'readinessProbe removed',
    edits: [
      {
        file: DEPLOYMENT,
        anchor:
          '          readinessProbe:\n            httpGet:\n              path: /readyz\n              port: http\n            periodSeconds: 5\n            timeoutSeconds: 2\n            failureThreshold: 3\n',
        with: '',
      },
    ],
    expect: [
      {
        constraint: 'require-probes',
        envs: ALL,
        ...ledgerDeployment,
        at: { file: DEPLOYMENT, text: '- name: ledger\n' },
        message: implied('container "ledger" has no readinessProbe'),
      },
    ],
  },
  {
    // The budget goes from the base and from each overlay's sizing patch (a patch without a target fails the build).
    name: 'the PodDisruptionBudget deleted',
    edits: [
      { file: 'apps/ledger/base/kustomization.yaml', anchor: '  - poddisruptionbudget.yaml\n', with: '' },
      { file: 'apps/ledger/base/poddisruptionbudget.yaml', remove: true },
      { file: sizing('dev'), anchor: pdbPatch('50%'), with: '' },
      { file: sizing('stage'), anchor: pdbPatch('25%'), with: '' },
      { file: sizing('prod'), anchor: pdbPatch('10%'), with: '' },
    ],
    expect: [
      {
        constraint: 'replicas-pdb',
        envs: ALL,
        ...ledgerDeployment,
        at: { file: DEPLOYMENT, text: '    metadata:\n»      labels:\n' },
        message: /^Deployment ledger\/ledger: keeps \d+ replicas but no PodDisruptionBudget/,
      },
    ],
  },
  {
    name: 'HPA maxReplicas 1000 in prod',
    edits: [{ file: sizing('prod'), anchor: '  maxReplicas: 24\n', with: '  maxReplicas: 1000\n' }],
    expect: [
      {
        constraint: 'hpa-bounds',
        envs: ['prod'],
        kind: 'HorizontalPodAutoscaler',
        namespace: 'ledger',
        name: 'ledger',
        at: { file: sizing('prod'), text: 'maxReplicas: 1000' },
        message: /spec\.maxReplicas is 1000, above the ceiling of 30/,
      },
    ],
  },
  {
    name: 'HPA maxReplicas 1000 in dev',
    edits: [{ file: sizing('dev'), anchor: '  maxReplicas: 4\n', with: '  maxReplicas: 1000\n' }],
    expect: [
      {
        constraint: 'hpa-bounds',
        envs: ['dev'],
        kind: 'HorizontalPodAutoscaler',
        namespace: 'ledger',
        name: 'ledger',
        at: { file: sizing('dev'), text: 'maxReplicas: 1000' },
        message: /spec\.maxReplicas is 1000, above the ceiling of 10/,
      },
    ],
  },
  {
    // The namespace keeps its allow policies; what goes is the policy isolating every pod both ways.
    name: 'the default-deny NetworkPolicy deleted',
    edits: [
      {
        file: 'apps/ledger/base/networkpolicies.yaml',
        anchor:
          'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: default-deny\nspec:\n  podSelector: {}\n  policyTypes:\n    - Ingress\n    - Egress\n---\n',
        with: '',
      },
    ],
    expect: [
      {
        constraint: 'namespace-networkpolicy',
        envs: ALL,
        kind: 'Namespace',
        name: 'ledger',
        at: { file: 'apps/ledger/base/namespace.yaml', text: 'metadata:\n' },
        message: /^Namespace ledger: no NetworkPolicy in namespace "ledger" isolates every pod both ways/,
      },
      {
        constraint: 'namespace-networkpolicy',
        envs: ALL,
        ...ledgerDeployment,
        // metadata.namespace is written by the kustomization's namespace transformer.
        at: { file: 'apps/ledger/base/kustomization.yaml', text: 'namespace: ledger\n' },
        message:
          /^Deployment ledger\/ledger: no NetworkPolicy in namespace "ledger" isolates every pod both ways/,
      },
    ],
  },
  {
    name: 'a LoadBalancer Service in ledger',
    edits: [
      {
        file: 'apps/ledger/base/service.yaml',
        anchor: '  type: ClusterIP\n',
        with: '  type: LoadBalancer\n',
      },
    ],
    expect: [
      {
        constraint: 'no-external-services',
        envs: ALL,
        kind: 'Service',
        namespace: 'ledger',
        name: 'ledger',
        at: { file: 'apps/ledger/base/service.yaml', text: 'type: LoadBalancer' },
        message: /^Service ledger\/ledger: spec\.type LoadBalancer exposes the Service outside the cluster/,
      },
    ],
  },
  {
    // prod no longer puts its host into spec.tls: the host its overlay sets is served without a certificate.
    name: 'the prod Ingress host without tls',
    edits: [
      {
        file: overlay('prod'),
        anchor:
          '      - op: replace\n        path: /spec/tls/0/hosts/0\n        value: ledger.prod.payments.example\n',
        with: '',
      },
    ],
    expect: [
      {
        constraint: 'ingress-tls',
        envs: ['prod'],
        kind: 'Ingress',
        namespace: 'ledger',
        name: 'ledger',
        at: { file: overlay('prod'), text: '        path: /spec/rules/0/host\n»        value: ledger.prod' },
        message:
          /^Ingress ledger\/ledger: spec\.rules\[0\]\.host "ledger\.prod\.payments\.example" is not in any spec\.tls/,
      },
    ],
  },
  {
    name: 'the Ingress on the plain-HTTP entrypoint',
    edits: [
      {
        file: 'apps/ledger/base/ingress.yaml',
        anchor: 'router.entrypoints: websecure',
        with: 'router.entrypoints: web',
      },
    ],
    expect: [
      {
        constraint: 'ingress-tls',
        envs: ALL,
        kind: 'Ingress',
        namespace: 'ledger',
        name: 'ledger',
        at: {
          file: 'apps/ledger/base/ingress.yaml',
          text: 'traefik.ingress.kubernetes.io/router.entrypoints: web\n',
        },
        message: /router\.entrypoints"\] lists web, which is not TLS/,
      },
    ],
  },
  {
    // Both Ingresses report the other.
    name: "the ledger's dev host on an Ingress in monitoring",
    edits: [
      {
        file: 'clusters/dev/addon-config/monitoring/ingress.yaml',
        fixture: 'ingress-ledger-host-in-monitoring.yaml',
      },
      {
        file: 'clusters/dev/addon-config/monitoring/kustomization.yaml',
        anchor: '  - grafana-admin.yaml\n',
        with: '  - grafana-admin.yaml\n  - ingress.yaml\n',
      },
    ],
    expect: [
      {
        constraint: 'ingress-unique-hosts',
        envs: ['dev'],
        kind: 'Ingress',
        namespace: 'monitoring',
        name: 'grafana',
        at: {
          file: 'clusters/dev/addon-config/monitoring/ingress.yaml',
          text: '- host: ledger.dev.payments.example',
        },
        message:
          /^Ingress monitoring\/grafana: spec\.rules\[0\]\.host "ledger\.dev\.payments\.example" is already served by Ingress ledger\/ledger/,
      },
      {
        constraint: 'ingress-unique-hosts',
        envs: ['dev'],
        kind: 'Ingress',
        namespace: 'ledger',
        name: 'ledger',
        at: { file: overlay('dev'), text: '        path: /spec/rules/0/host\n»        value: ledger.dev' },
        message:
          /^Ingress ledger\/ledger: spec\.rules\[0\]\.host "ledger\.dev\.payments\.example" is already served by Ingress monitoring\/grafana/,
      },
    ],
  },
  {
    name: 'a Secret in the ledger base',
    edits: [
      { file: 'apps/ledger/base/secret.yaml', fixture: 'secret-db-password.yaml' },
      {
        file: 'apps/ledger/base/kustomization.yaml',
        anchor: '  - externalsecret.yaml\n',
        with: '  - externalsecret.yaml\n  - secret.yaml\n',
      },
    ],
    expect: [
      {
        constraint: 'no-secrets',
        envs: ALL,
        kind: 'Secret',
        namespace: 'ledger',
        name: 'ledger-db-password',
        at: { file: 'apps/ledger/base/secret.yaml', text: 'kind: Secret' },
        message: /^Secret ledger\/ledger-db-password: Secret objects are not kept in Git/,
      },
    ],
  },
  {
    name: 'automountServiceAccountToken true on the pod',
    edits: [
      {
        file: DEPLOYMENT,
        anchor: 'automountServiceAccountToken: false',
        with: 'automountServiceAccountToken: true',
      },
    ],
    expect: [
      {
        constraint: 'no-automount-token',
        envs: ALL,
        ...ledgerDeployment,
        at: { file: DEPLOYMENT, text: 'automountServiceAccountToken: true' },
        message: implied('Pod ledger/ledger-pod: spec\\.automountServiceAccountToken is true'),
      },
    ],
  },
  {
    name: 'automountServiceAccountToken true on the ServiceAccount',
    edits: [
      {
        file: 'apps/ledger/base/serviceaccount.yaml',
        anchor: 'automountServiceAccountToken: false',
        with: 'automountServiceAccountToken: true',
      },
    ],
    expect: [
      {
        constraint: 'no-automount-token',
        envs: ALL,
        kind: 'ServiceAccount',
        namespace: 'ledger',
        name: 'ledger',
        at: { file: 'apps/ledger/base/serviceaccount.yaml', text: 'automountServiceAccountToken: true' },
        message: /^ServiceAccount ledger\/ledger: automountServiceAccountToken is true/,
      },
    ],
  },
  {
    name: 'serviceAccountName default',
    edits: [{ file: DEPLOYMENT, anchor: 'serviceAccountName: ledger', with: 'serviceAccountName: default' }],
    expect: [
      {
        constraint: 'no-default-service-account',
        envs: ALL,
        ...ledgerDeployment,
        at: { file: DEPLOYMENT, text: 'serviceAccountName: default' },
        message: implied('Pod ledger/ledger-pod: spec\\.serviceAccountName is "default"'),
      },
    ],
  },
  {
    name: 'a ClusterRole with * verbs',
    edits: [
      { file: 'clusters/common/namespaces/clusterrole.yaml', fixture: 'clusterrole-wildcard-verbs.yaml' },
      {
        file: 'clusters/common/namespaces/kustomization.yaml',
        anchor: '  - networkpolicies.yaml\n',
        with: '  - networkpolicies.yaml\n  - clusterrole.yaml\n',
      },
    ],
    expect: [
      {
        constraint: 'rbac-no-wildcards',
        envs: ALL,
        kind: 'ClusterRole',
        name: 'secret-admin',
        at: { file: 'clusters/common/namespaces/clusterrole.yaml', text: 'verbs:' },
        message: /^ClusterRole secret-admin: rules\[0\]\.verbs has "\*"/,
      },
    ],
  },
  {
    name: 'a ServiceAccount bound to cluster-admin',
    edits: [
      { file: 'clusters/common/namespaces/binding.yaml', fixture: 'clusterrolebinding-cluster-admin.yaml' },
      {
        file: 'clusters/common/namespaces/kustomization.yaml',
        anchor: '  - networkpolicies.yaml\n',
        with: '  - networkpolicies.yaml\n  - binding.yaml\n',
      },
    ],
    expect: [
      {
        constraint: 'no-cluster-admin-bindings',
        envs: ALL,
        kind: 'ClusterRoleBinding',
        name: 'ci-deployer-cluster-admin',
        at: { file: 'clusters/common/namespaces/binding.yaml', text: '- kind: ServiceAccount' },
        message: /subjects\[0\] gives ServiceAccount "argocd\/ci-deployer" the ClusterRole "cluster-admin"/,
      },
    ],
  },
  {
    name: 'the owner label removed from the falco Namespace',
    edits: [
      {
        file: NAMESPACES,
        anchor: '  name: falco\n  labels:\n    app.kubernetes.io/name: falco\n    owner: platform\n',
        with: '  name: falco\n  labels:\n    app.kubernetes.io/name: falco\n',
      },
    ],
    expect: [
      {
        constraint: 'required-labels',
        envs: ALL,
        kind: 'Namespace',
        name: 'falco',
        at: { file: NAMESPACES, text: '  name: falco\n»  labels:\n' },
        message: /^Namespace falco: metadata\.labels\["owner"\] is missing/,
      },
    ],
  },
  {
    name: 'the runbook annotation removed from the cert-manager Namespace',
    edits: [
      {
        file: NAMESPACES,
        anchor: '    tollgate.io/runbook: https://runbooks.acme-payments.example/platform/cert-manager\n',
        with: '',
      },
    ],
    expect: [
      {
        constraint: 'required-annotations',
        envs: ALL,
        kind: 'Namespace',
        name: 'cert-manager',
        at: {
          file: NAMESPACES,
          text: '  annotations:\n    # Pruning a namespace deletes everything in it; removing one takes a person.\n    argocd.argoproj.io/sync-options: Prune=false\n---\n# external-secrets',
        },
        message: /^Namespace cert-manager: metadata\.annotations\["tollgate\.io\/runbook"\] is missing/,
      },
    ],
  },
  {
    name: 'the prod ledger Application on HEAD',
    edits: [
      {
        file: 'clusters/prod/argocd/ledger.yaml',
        anchor: '    targetRevision: release-2026.11.20.1\n',
        with: '    targetRevision: HEAD\n',
      },
    ],
    expect: [
      {
        constraint: 'argocd-pinned-revision',
        envs: ['prod'],
        kind: 'Application',
        namespace: 'argocd',
        name: 'ledger',
        at: { file: 'clusters/prod/argocd/ledger.yaml', text: 'targetRevision: HEAD' },
        message: /^Application argocd\/ledger: spec\.source\.targetRevision is "HEAD"/,
      },
    ],
  },
  {
    name: 'the stage ledger Application in project default',
    edits: [
      {
        file: 'clusters/stage/argocd/ledger.yaml',
        anchor: '  project: ledger\n',
        with: '  project: default\n',
      },
    ],
    expect: [
      {
        constraint: 'argocd-application-source',
        envs: ['stage'],
        kind: 'Application',
        namespace: 'argocd',
        name: 'ledger',
        at: { file: 'clusters/stage/argocd/ledger.yaml', text: 'project: default' },
        message: /^Application argocd\/ledger: spec\.project is "default"/,
      },
    ],
  },
  {
    name: 'automated sync on the prod ledger Application',
    edits: [
      {
        file: 'clusters/prod/argocd/ledger.yaml',
        anchor: '  syncPolicy:\n',
        with: '  syncPolicy:\n    automated:\n      prune: true\n      selfHeal: true\n',
      },
    ],
    expect: [
      {
        constraint: 'argocd-prod-sync-policy',
        envs: ['prod'],
        kind: 'Application',
        namespace: 'argocd',
        name: 'ledger',
        at: { file: 'clusters/prod/argocd/ledger.yaml', text: 'automated:' },
        message: /^Application argocd\/ledger: spec\.syncPolicy\.automated turns on automated sync/,
      },
    ],
  },
  {
    name: 'the prod ledger AppProject with * sourceRepos',
    edits: [
      {
        file: 'clusters/prod/argocd/projects.yaml',
        anchor:
          '  sourceRepos:\n    - https://github.com/acme-payments/platform-gitops.git\n  destinations:\n    - server: https://kubernetes.default.svc\n      namespace: ledger\n',
        with: '  sourceRepos:\n    - "*"\n  destinations:\n    - server: https://kubernetes.default.svc\n      namespace: ledger\n',
      },
    ],
    expect: [
      {
        constraint: 'appproject-no-wildcards',
        envs: ['prod'],
        kind: 'AppProject',
        namespace: 'argocd',
        name: 'ledger',
        at: { file: 'clusters/prod/argocd/projects.yaml', text: '- "*"' },
        message:
          /^AppProject argocd\/ledger: spec\.sourceRepos\[0\] "\*" allows repositories nobody reviewed/,
      },
    ],
  },
];

interface Finding {
  env: string;
  file: string;
  line: number;
  source: string;
  enforcementAction: string;
  message: string;
  kind?: string;
  namespace?: string;
  name?: string;
  policy?: string;
  constraint?: string;
}

interface Run {
  code: number;
  findings: Finding[];
  stderr: string;
}

/** Everything but the message: a finding whose wording changes (the image in it) is still the same finding. */
const identity = (f: Finding) =>
  JSON.stringify([
    f.env,
    f.file,
    f.line,
    f.source,
    f.enforcementAction,
    f.constraint,
    f.policy,
    f.kind,
    f.namespace,
    f.name,
  ]);

/** Findings of `after` that `before` does not have, counting duplicates. */
function added(before: Finding[], after: Finding[]): Finding[] {
  const left = new Map<string, number>();
  for (const f of before) left.set(identity(f), (left.get(identity(f)) ?? 0) + 1);
  return after.filter((f) => {
    const n = left.get(identity(f)) ?? 0;
    if (n === 0) return true;
    left.set(identity(f), n - 1);
    return false;
  });
}

/** Git inherits nothing from a hook that runs this suite (GIT_DIR, GIT_INDEX_FILE). */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('GIT_')));
  return { ...env, ...extra };
}

function exec(
  command: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { cwd, env, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err ? (err as { code?: unknown }).code : 0;
      if (typeof code !== 'number') reject(err);
      else resolve({ code, stdout, stderr });
    });
  });
}

function lineOf(content: string, at: At): number {
  const text = at.text.replace('»', '');
  const first = content.indexOf(text);
  if (first < 0 || content.indexOf(text, first + 1) >= 0) {
    throw new Error(
      `${at.file}: expected line text ${JSON.stringify(at.text)} occurs ${first < 0 ? 'nowhere' : 'more than once'}`,
    );
  }
  const marker = at.text.indexOf('»');
  return content.slice(0, first + Math.max(marker, 0)).split('\n').length;
}

async function applyEdit(copy: string, edit: Edit): Promise<void> {
  const path = join(copy, edit.file);
  if ('remove' in edit) return rm(path);
  if ('fixture' in edit) {
    await mkdir(dirname(path), { recursive: true });
    return writeFile(path, await readFile(join(fixtures, edit.fixture)));
  }
  const text = await readFile(path, 'utf8');
  const count = text.split(edit.anchor).length - 1;
  if (count !== 1)
    throw new Error(`${edit.file}: anchor ${JSON.stringify(edit.anchor)} occurs ${count} times, not once`);
  await writeFile(
    path,
    text.replace(edit.anchor, () => edit.with),
  );
}

let work: string;
let base: string;
let baseline: Run;
const slot = limiter(CONCURRENCY);
const cacheEnv = () => cleanEnv({ TOLLGATE_CACHE_DIR: join(work, 'cache') });

async function validate(cwd: string): Promise<Run> {
  const r = await slot(() =>
    exec(process.execPath, [cli, 'validate', '--env', 'all', '--format', 'json'], cwd, cacheEnv()),
  );
  let findings: Finding[];
  try {
    findings = (JSON.parse(r.stdout) as { findings: Finding[] }).findings;
  } catch {
    throw new Error(`tollgate exited ${r.code} without a JSON report:\n${r.stderr}`);
  }
  return { code: r.code, findings, stderr: r.stderr };
}

/** The copy: the repository's content as one commit on `main`, the branch dev and stage track. */
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'tollgate-mutations-'));
  base = join(work, 'base');
  await mkdir(base);
  for (const entry of CONTENT) await cp(join(root, entry), join(base, entry), { recursive: true });
  const git = (...args: string[]) =>
    exec(
      'git',
      [
        '-c',
        'user.name=tollgate',
        '-c',
        'user.email=tollgate@invalid',
        '-c',
        'commit.gpgsign=false',
        ...args,
      ],
      base,
      cleanEnv({}),
    );
  for (const args of [
    ['init', '-q', '-b', 'main'],
    ['add', '-A'],
    ['commit', '-q', '-m', 'repository content'],
  ]) {
    const r = await git(...args);
    if (r.code !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  }
  baseline = await validate(base);
}, ROW_TIMEOUT);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

/** Constraint name → kind and enforcementAction, per environment, as the copy's constraints/<env>.yaml say. */
async function constraintOf(
  constraint: string,
  env: Env,
): Promise<{ policy: string; enforcementAction: string }> {
  const file = join(base, 'policies', 'rego', constraint, 'constraints', `${env}.yaml`);
  const doc = parse(await readFile(file, 'utf8')) as { kind: string; spec?: { enforcementAction?: string } };
  return { policy: doc.kind, enforcementAction: doc.spec?.enforcementAction ?? 'deny' };
}

describe('a known-bad change to the repository fires exactly its policy (the built CLI on a git copy)', () => {
  test('the unmutated copy has no deny finding', () => {
    expect(baseline.stderr).toBe('');
    expect(baseline.findings.filter((f) => f.enforcementAction === 'deny')).toEqual([]);
    expect(baseline.code).toBe(0);
  });

  test('every policy in policies/rego has a mutation', async () => {
    const policies = (await readdir(join(root, 'policies', 'rego'), { withFileTypes: true }))
      .filter((d) => d.isDirectory() && d.name !== 'lib')
      .map((d) => d.name)
      .sort();
    const covered = new Set(MUTATIONS.flatMap((m) => m.expect.map((e) => e.constraint)));
    expect(policies.filter((p) => !covered.has(p))).toEqual([]);
    expect(policies.length).toBeGreaterThanOrEqual(32);
  });

  test.concurrent.for(MUTATIONS)(
    '$name',
    { timeout: ROW_TIMEOUT },
    async ({ edits, expect: expected }, { expect }) => {
      const copy = await mkdtemp(join(work, 'm-'));
      try {
        await cp(base, copy, { recursive: true });
        for (const edit of edits) await applyEdit(copy, edit);
        const want: (Omit<Finding, 'message'> & { message: RegExp })[] = [];
        for (const e of expected) {
          for (const env of e.envs) {
            want.push({
              env,
              file: e.at.file,
              line: lineOf(await readFile(join(copy, e.at.file), 'utf8'), e.at),
              source: 'policy',
              ...(await constraintOf(e.constraint, env)),
              constraint: e.constraint,
              kind: e.kind,
              ...(e.namespace ? { namespace: e.namespace } : {}),
              name: e.name,
              message: e.message,
            });
          }
        }
        const run = await validate(copy);
        const unexpected = added(baseline.findings, run.findings).map(
          ({
            env,
            file,
            line,
            source,
            enforcementAction,
            policy,
            constraint,
            kind,
            namespace,
            name,
            message,
          }) => ({
            env,
            file,
            line,
            source,
            enforcementAction,
            policy,
            constraint,
            kind,
            ...(namespace ? { namespace } : {}),
            name,
            message,
          }),
        );
        const missing = want.filter((w) => {
          const i = unexpected.findIndex(
            (g) => identity(g) === identity({ ...w, message: '' }) && w.message.test(g.message),
          );
          if (i >= 0) unexpected.splice(i, 1);
          return i < 0;
        });
        expect({ missing, unexpected }).toEqual({ missing: [], unexpected: [] });
        expect(run.code).toBe(want.some((w) => w.enforcementAction === 'deny') ? 1 : 0);
      } finally {
        await rm(copy, { recursive: true, force: true });
      }
    },
  );
});
