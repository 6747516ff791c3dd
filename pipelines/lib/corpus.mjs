// Generates a realistic benchmark corpus: this repository's policy library plus N objects a payments platform
// would run (namespaces, deployments, pods, services, config maps), some of them violating.
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'yaml';

/** Copies the library's templates, prod constraints and ExpansionTemplates into `dir`; returns the template count. */
export async function writePolicies(repo, dir) {
  const rego = path.join(repo, 'policies', 'rego');
  const docs = [];
  let templates = 0;
  for (const name of (await readdir(rego)).sort()) {
    const template = await readFile(path.join(rego, name, 'template.yaml'), 'utf8').catch(() => undefined);
    const constraint = await readFile(path.join(rego, name, 'constraints', 'prod.yaml'), 'utf8').catch(
      () => undefined,
    );
    if (!template || !constraint) continue;
    templates++;
    docs.push(template, constraint);
  }
  const expansion = path.join(repo, 'policies', 'expansion');
  for (const f of (await readdir(expansion).catch(() => [])).filter((f) => f.endsWith('.yaml'))) {
    docs.push(await readFile(path.join(expansion, f), 'utf8'));
  }
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'policies.yaml'), docs.map((d) => d.replace(/^---\n/, '')).join('\n---\n'));
  return templates;
}

const labels = (i) => ({
  'app.kubernetes.io/name': `svc${i}`,
  owner: 'payments-ledger',
  'data-classification': i % 7 === 0 ? 'secret' : 'confidential',
  'pci-scope': 'in-scope',
});

function container(i, c) {
  const bad = i % 10 === 0;
  return {
    name: `app${c}`,
    image: bad ? `docker.io/library/nginx:latest` : `ghcr.io/acme-payments/svc${i}@sha256:${'a'.repeat(64)}`,
    ports: [{ containerPort: 8080 + c, name: `http${c}` }],
    securityContext: {
      runAsNonRoot: true,
      runAsUser: 1000,
      allowPrivilegeEscalation: i % 13 === 0,
      privileged: i % 17 === 0,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    },
    resources: {
      requests: { cpu: '100m', memory: '128Mi' },
      limits: { memory: i % 11 === 0 ? '64Gi' : '256Mi' },
    },
    livenessProbe: { httpGet: { path: '/healthz', port: 8080 + c } },
    readinessProbe: { httpGet: { path: '/ready', port: 8080 + c } },
  };
}

function podSpec(i) {
  return {
    serviceAccountName: `svc${i}`,
    automountServiceAccountToken: false,
    securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
    containers: [container(i, 0), ...(i % 3 === 0 ? [container(i, 1)] : [])],
  };
}

/** Writes `count` objects into `dir` in files of 500 documents; returns the object count. */
export async function writeObjects(dir, count) {
  const namespaces = 20;
  const objects = [];
  for (let n = 0; n < namespaces; n++) {
    objects.push({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: `team${n}`,
        labels: labels(n),
        annotations: { 'tollgate.io/runbook': 'https://runbooks.example/x' },
      },
    });
  }
  for (let i = 0; objects.length < count; i++) {
    const ns = `team${i % namespaces}`;
    const meta = {
      name: `svc${i}`,
      namespace: ns,
      labels: labels(i),
      annotations: { 'tollgate.io/runbook': 'https://runbooks.example/x' },
    };
    switch (i % 4) {
      case 0:
        objects.push({
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: meta,
          spec: {
            replicas: 2,
            selector: { matchLabels: { 'app.kubernetes.io/name': `svc${i}` } },
            template: { metadata: { labels: labels(i) }, spec: podSpec(i) },
          },
        });
        break;
      case 1:
        objects.push({ apiVersion: 'v1', kind: 'Pod', metadata: meta, spec: podSpec(i) });
        break;
      case 2:
        objects.push({
          apiVersion: 'v1',
          kind: 'Service',
          metadata: meta,
          spec: {
            type: i % 50 === 2 ? 'LoadBalancer' : 'ClusterIP',
            selector: { 'app.kubernetes.io/name': `svc${i}` },
            ports: [{ port: 80, targetPort: 8080 }],
          },
        });
        break;
      default:
        objects.push({
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: meta,
          data: { 'config.yaml': `level: info\nshard: ${i}\n` },
        });
    }
  }
  await mkdir(dir, { recursive: true });
  for (let f = 0; f * 500 < objects.length; f++) {
    const chunk = objects.slice(f * 500, (f + 1) * 500);
    await writeFile(
      path.join(dir, `objects-${String(f).padStart(3, '0')}.yaml`),
      chunk.map((o) => stringify(o)).join('---\n'),
    );
  }
  return objects.length;
}
