// Generates a GitOps repository shaped like this one, scaled up: tollgate.yaml with dev, stage and prod; per
// environment a root Application (app of apps over clusters/<env>/apps), this repository's own AppProjects and
// policy Applications syncing a copy of its policy library, and one Application per app rendering
// apps/<app>/overlays/<env> with kustomize. Each app renders OBJECTS_PER_APP objects, a few of them violating.
import { createHash } from 'node:crypto';
import { cp, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { $ } from 'zx';

const ENVS = ['dev', 'stage', 'prod'];
const REPO_URL = 'https://github.com/acme-payments/platform-gitops.git';
// The tag prod's policy Applications are pinned to (clusters/prod/argocd/policies.yaml); prod apps use it too.
const RELEASE = 'release-2026.11.20.1';
const COMPONENTS = ['api', 'worker', 'web', 'events', 'reports', 'auth', 'search', 'notify'];
// Namespace + default-deny NetworkPolicy + (ServiceAccount, Deployment, Service, ConfigMap, PDB, HPA) per component.
const OBJECTS_PER_APP = 2 + 6 * COMPONENTS.length;
const SIZING = {
  dev: { replicas: 2, min: 2, max: 4 },
  stage: { replicas: 3, min: 3, max: 6 },
  prod: { replicas: 6, min: 6, max: 24 },
};

const yaml = (docs) => docs.map((d) => stringify(d, { lineWidth: 0 })).join('---\n');
const digest = (app, c) =>
  `ghcr.io/acme-payments/${app}-${c}@sha256:${createHash('sha256').update(`${app}-${c}`).digest('hex')}`;

/**
 * Writes the repository into `dir` (a git repository with `main` at one commit, tagged for prod) so that about
 * `objectCount` objects render across the three environments; returns the app count and the expected object count.
 */
export async function writeRepo(dir, objectCount) {
  const library = path.resolve(import.meta.dirname, '..', '..');
  await mkdir(dir, { recursive: true });
  await cp(path.join(library, 'policies'), path.join(dir, 'policies'), { recursive: true });
  const templates = await libraryTemplates(path.join(dir, 'policies', 'rego'));
  const policyApps = {};
  for (const env of ENVS) {
    policyApps[env] = await readFile(path.join(library, 'clusters', env, 'argocd', 'policies.yaml'), 'utf8');
  }
  // Per environment, besides the apps: root, 3 AppProjects, 4 policy Applications, templates, constraints,
  // the ExpansionTemplate and the Gatekeeper Config. Each app adds its Application and its objects.
  const fixed = 1 + 3 + 4 + 2 * templates + 2;
  const apps = Math.max(1, Math.round((objectCount / ENVS.length - fixed) / (OBJECTS_PER_APP + 1)));
  const names = Array.from({ length: apps }, (_, i) => `app${String(i).padStart(4, '0')}`);

  await writeFile(
    path.join(dir, 'tollgate.yaml'),
    yaml([
      {
        apiVersion: 'tollgate.io/v1alpha1',
        kind: 'Config',
        repoURLs: [REPO_URL],
        environments: ENVS.map((name) => ({ name, root: `clusters/${name}` })),
      },
    ]),
  );
  for (const env of ENVS) {
    const root = path.join(dir, 'clusters', env);
    await mkdir(path.join(root, 'apps'), { recursive: true });
    await writeFile(path.join(root, 'root.yaml'), yaml([rootApplication(env)]));
    await writeFile(path.join(root, 'apps', 'projects.yaml'), await projects(library, env, names));
    await writeFile(path.join(root, 'apps', 'policies.yaml'), policyApps[env]);
    for (const app of names) {
      await writeFile(path.join(root, 'apps', `${app}.yaml`), yaml([application(env, app)]));
    }
  }
  for (const [i, app] of names.entries()) await writeApp(path.join(dir, 'apps', app), app, i);

  const git = $({ cwd: dir, quiet: true });
  await git`git init -q -b main`;
  await git`git add -A`;
  await git`git -c user.name=bench -c user.email=bench@example.invalid -c commit.gpgsign=false commit -q -m generated`;
  await git`git tag ${RELEASE}`;
  return { apps, objects: ENVS.length * (fixed + apps * (OBJECTS_PER_APP + 1)) };
}

/** Templates with a constraint for every environment: what the policy Applications sync. */
async function libraryTemplates(rego) {
  let n = 0;
  for (const name of await readdir(rego)) {
    const files = await readdir(path.join(rego, name, 'constraints')).catch(() => []);
    if (ENVS.every((e) => files.includes(`${e}.yaml`))) n++;
  }
  return n;
}

const revision = (env) => (env === 'prod' ? RELEASE : 'main');

// prod: no automated sync, every source pinned (docs/promotion.md); dev and stage sync main automatically.
const syncPolicy = (env, extra = {}) => ({
  ...(env === 'prod' ? {} : { automated: { prune: true, selfHeal: true } }),
  ...extra,
});

function rootApplication(env) {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name: 'root', namespace: 'argocd', labels: { 'app.kubernetes.io/part-of': 'tollgate' } },
    spec: {
      project: 'platform',
      source: {
        repoURL: REPO_URL,
        targetRevision: revision(env),
        path: `clusters/${env}/apps`,
        directory: { recurse: false },
      },
      destination: { server: 'https://kubernetes.default.svc', namespace: 'argocd' },
      syncPolicy: syncPolicy(env),
    },
  };
}

/** This repository's AppProjects for `env`; the apps join the ledger project (the library allows its projects only). */
async function projects(library, env, names) {
  const text = await readFile(path.join(library, 'clusters', env, 'argocd', 'projects.yaml'), 'utf8');
  const docs = parseAllDocuments(text).map((d) => d.toJSON());
  for (const d of docs) {
    if (d.metadata?.name !== 'ledger') continue;
    d.spec.destinations = names.map((namespace) => ({ server: 'https://kubernetes.default.svc', namespace }));
  }
  return yaml(docs);
}

function application(env, app) {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: {
      name: app,
      namespace: 'argocd',
      annotations: { 'argocd.argoproj.io/sync-wave': '10' },
      labels: { 'app.kubernetes.io/part-of': app },
    },
    spec: {
      project: 'ledger',
      source: { repoURL: REPO_URL, targetRevision: revision(env), path: `apps/${app}/overlays/${env}` },
      destination: { server: 'https://kubernetes.default.svc', namespace: app },
      // The HorizontalPodAutoscalers own the replica counts.
      ignoreDifferences: [{ group: 'apps', kind: 'Deployment', jsonPointers: ['/spec/replicas'] }],
      syncPolicy: syncPolicy(env, {
        syncOptions: ['RespectIgnoreDifferences=true', 'PruneLast=true'],
        retry: { limit: 5, backoff: { duration: '10s', factor: 2, maxDuration: '3m' } },
      }),
    },
  };
}

/** apps/<app>: a base of one file per kind and an overlay per environment patching its sizing. */
async function writeApp(dir, app, i) {
  const base = path.join(dir, 'base');
  await mkdir(base, { recursive: true });
  const files = {
    'namespace.yaml': [namespace(app)],
    'networkpolicies.yaml': [defaultDeny()],
    'serviceaccounts.yaml': COMPONENTS.map((c) => ({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: `${app}-${c}` },
      automountServiceAccountToken: false,
    })),
    'deployments.yaml': COMPONENTS.map((c, k) => deployment(app, c, violation(i, k))),
    'services.yaml': COMPONENTS.map((c) => service(app, c)),
    'configmaps.yaml': COMPONENTS.map((c) => ({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: `${app}-${c}-config` },
      data: { LOG_LEVEL: 'info', HTTP_ADDR: ':8080', UPSTREAM: `http://${app}-api.${app}.svc` },
    })),
    'poddisruptionbudgets.yaml': COMPONENTS.map((c) => ({
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: `${app}-${c}` },
      spec: {
        maxUnavailable: '50%',
        unhealthyPodEvictionPolicy: 'AlwaysAllow',
        selector: { matchLabels: { 'app.kubernetes.io/component': c } },
      },
    })),
    'horizontalpodautoscalers.yaml': COMPONENTS.map((c) => hpa(app, c)),
  };
  for (const [file, docs] of Object.entries(files)) await writeFile(path.join(base, file), yaml(docs));
  await writeFile(
    path.join(base, 'kustomization.yaml'),
    yaml([
      {
        apiVersion: 'kustomize.config.k8s.io/v1beta1',
        kind: 'Kustomization',
        namespace: app,
        labels: [{ pairs: labels(app), includeSelectors: false, includeTemplates: true }],
        commonAnnotations: { 'tollgate.io/runbook': `https://runbooks.acme-payments.example/${app}` },
        resources: Object.keys(files),
      },
    ]),
  );
  for (const env of ENVS) {
    const overlay = path.join(dir, 'overlays', env);
    await mkdir(overlay, { recursive: true });
    const s = SIZING[env];
    await writeFile(
      path.join(overlay, 'sizing.yaml'),
      yaml([
        [
          { op: 'replace', path: '/spec/minReplicas', value: s.min },
          { op: 'replace', path: '/spec/maxReplicas', value: s.max },
        ],
      ]),
    );
    await writeFile(
      path.join(overlay, 'kustomization.yaml'),
      yaml([
        {
          apiVersion: 'kustomize.config.k8s.io/v1beta1',
          kind: 'Kustomization',
          resources: ['../../base'],
          patches: [
            { path: 'sizing.yaml', target: { kind: 'HorizontalPodAutoscaler' } },
            {
              target: { kind: 'Deployment' },
              patch: stringify([{ op: 'replace', path: '/spec/replicas', value: s.replicas }]),
            },
          ],
        },
      ]),
    );
  }
}

/** The few deliberate violations: about one Deployment in twelve breaks one policy. */
function violation(app, component) {
  const n = app * COMPONENTS.length + component;
  if (n % 97 === 5) return 'latest';
  if (n % 53 === 7) return 'no-probes';
  if (n % 61 === 11) return 'privileged';
  if (n % 41 === 13) return 'no-limits';
  if (n % 37 === 17) return 'default-sa';
  return undefined;
}

const labels = (app) => ({
  'app.kubernetes.io/name': app,
  owner: `team-${app}`,
  'data-classification': 'confidential',
  'pci-scope': 'connected',
});

function namespace(app) {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name: app,
      labels: {
        'pod-security.kubernetes.io/enforce': 'restricted',
        'pod-security.kubernetes.io/audit': 'restricted',
        'pod-security.kubernetes.io/warn': 'restricted',
      },
    },
  };
}

function defaultDeny() {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'default-deny' },
    spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
  };
}

function deployment(app, c, bad) {
  const restricted = {
    runAsNonRoot: true,
    runAsUser: 1000,
    runAsGroup: 1000,
    privileged: bad === 'privileged',
    allowPrivilegeEscalation: bad === 'privileged',
    readOnlyRootFilesystem: true,
    capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
    appArmorProfile: { type: 'RuntimeDefault' },
  };
  const probe = (p) => ({ httpGet: { path: p, port: 'http' }, periodSeconds: 10, timeoutSeconds: 2 });
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: `${app}-${c}`, labels: { 'app.kubernetes.io/component': c } },
    spec: {
      replicas: 2,
      revisionHistoryLimit: 5,
      selector: { matchLabels: { 'app.kubernetes.io/component': c } },
      template: {
        metadata: { labels: { 'app.kubernetes.io/component': c } },
        spec: {
          ...(bad === 'default-sa' ? {} : { serviceAccountName: `${app}-${c}` }),
          automountServiceAccountToken: false,
          enableServiceLinks: false,
          securityContext: {
            runAsNonRoot: true,
            runAsUser: 1000,
            fsGroup: 1000,
            seccompProfile: { type: 'RuntimeDefault' },
            appArmorProfile: { type: 'RuntimeDefault' },
          },
          containers: [
            {
              name: c,
              image: bad === 'latest' ? `ghcr.io/acme-payments/${app}-${c}:latest` : digest(app, c),
              ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
              envFrom: [{ configMapRef: { name: `${app}-${c}-config` } }],
              securityContext: restricted,
              resources:
                bad === 'no-limits'
                  ? { requests: { cpu: '100m', memory: '128Mi' } }
                  : { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '1', memory: '256Mi' } },
              ...(bad === 'no-probes'
                ? {}
                : { livenessProbe: probe('/livez'), readinessProbe: probe('/readyz') }),
              volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
            },
          ],
          volumes: [{ name: 'tmp', emptyDir: { sizeLimit: '64Mi' } }],
        },
      },
    },
  };
}

function service(app, c) {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: `${app}-${c}` },
    spec: {
      type: 'ClusterIP',
      selector: { 'app.kubernetes.io/component': c },
      ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }],
    },
  };
}

function hpa(app, c) {
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: `${app}-${c}` },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: `${app}-${c}` },
      minReplicas: 2,
      maxReplicas: 4,
      metrics: [
        {
          type: 'Resource',
          resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } },
        },
      ],
    },
  };
}
