import { cp, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Manifest } from '../core/types.js';
import { createRunTool, type RunTool } from '../io/exec.js';
import { fieldOrigin, type RenderedManifest, render } from '../render/index.js';
import { type Discovery, discover } from './index.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '__fixtures__');
const run = createRunTool({ searchPath: process.env.PATH });
const dirs: string[] = [];

/** A real Git repository made from a fixture folder: one commit on main, tagged v1. */
async function fixtureRepo(name: string, git: RunTool): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `tollgate-${name}-`));
  dirs.push(dir);
  await cp(join(FIXTURES, name), dir, { recursive: true });
  for (const args of [
    ['init', '-q', '-b', 'main'],
    ['add', '-A'],
    ['-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'fixture'],
    ['tag', 'v1'],
    ['remote', 'add', 'origin', `https://github.com/acme/${name}.git`],
  ]) {
    const out = await git('git', args, { cwd: dir });
    if (out.code !== 0) throw new Error(out.stderr);
  }
  return dir;
}

afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

const byName = (ms: Manifest[], env: string, kind: string, name: string) =>
  ms.find(
    (m) => m.env === env && m.object.kind === kind && m.object.metadata?.name === name,
  ) as RenderedManifest;

describe('discover on a platform repository', () => {
  let repo: string;
  let d: Discovery;
  beforeAll(async () => {
    repo = await fixtureRepo('platform', run);
    // Uncommitted: dev tracks main (the working tree), prod is pinned to tag v1 (the commit).
    const deployment = join(repo, 'apps/web/base/deployment.yaml');
    await writeFile(deployment, (await readFile(deployment, 'utf8')).replace('web:1.0.0', 'web:2.0.0'));
    d = await discover(repo, { env: 'all' }, { run, render });
  });

  test('targets per environment, through app of apps and the ApplicationSet', () => {
    const targets = d.targets.map((t) => `${t.env} ${t.app} ${t.kind} ${t.path}`).sort();
    expect(targets).toEqual([
      'dev alpha-dev directory teams/alpha',
      'dev beta-dev directory teams/beta',
      'dev hello helm charts/hello',
      'dev root directory clusters/dev/apps',
      'dev web-dev kustomize apps/web/overlays/dev',
      'prod root directory clusters/prod/apps',
      'prod web-prod kustomize apps/web/overlays/prod',
    ]);
    expect(d.envs).toEqual(['dev', 'prod']);
  });

  test('reports what it did not render', () => {
    expect(d.skipped).toEqual([
      {
        env: 'dev',
        app: 'hello',
        file: 'clusters/dev/apps/hello.yaml',
        line: 23,
        reason: 'chart redis 1.2.3 from https://charts.example.com is not fetched',
      },
    ]);
  });

  test('an overlay no Application deploys is an orphan; bases and components are not', () => {
    expect(d.orphans).toEqual(['apps/web/overlays/qa']);
    expect(d.findings.filter((f) => f.enforcementAction === 'deny')).toEqual([]);
  });

  test('a privileged container written in the base points at the base in every environment', () => {
    for (const env of ['dev', 'prod']) {
      const name = env === 'dev' ? 'dev-web' : 'web';
      const m = byName(d.manifests, env, 'Deployment', name);
      expect(fieldOrigin(m, '/spec/template/spec/containers/0/securityContext/privileged')).toEqual({
        file: 'apps/web/base/deployment.yaml',
        line: 19,
      });
      expect(m.object.metadata?.annotations?.['config.kubernetes.io/origin']).toBeUndefined();
    }
  });

  test('fields set by patches, components and Application options point where they are written', () => {
    const dev = byName(d.manifests, 'dev', 'Deployment', 'dev-web');
    expect(fieldOrigin(dev, '/spec/replicas')).toEqual({
      file: 'apps/web/overlays/dev/replicas.yaml',
      line: 6,
    });
    expect(fieldOrigin(dev, '/spec/template/metadata/annotations/prometheus.io~1scrape')).toEqual({
      file: 'apps/web/components/monitoring/scrape.yaml',
      line: 9,
    });
    expect(fieldOrigin(dev, '/metadata/labels/env')).toEqual({
      file: 'clusters/dev/apps/web.yaml',
      line: 14,
    });
    const prod = byName(d.manifests, 'prod', 'Deployment', 'web');
    expect(fieldOrigin(prod, '/spec/template/spec/containers/0/resources/limits/memory')).toEqual({
      file: 'apps/web/overlays/prod/kustomization.yaml',
      line: 14,
    });
  });

  test('a branch renders the working tree, a tag renders its commit', () => {
    const image = (env: string, name: string) =>
      (
        byName(d.manifests, env, 'Deployment', name).object as {
          spec: { template: { spec: { containers: { image: string }[] } } };
        }
      ).spec.template.spec.containers[0]?.image;
    expect(image('dev', 'dev-web')).toBe('ghcr.io/acme/web:2.0.0');
    expect(image('prod', 'web')).toBe('ghcr.io/acme/web:1.0.0');
  });

  test('helm output points at the chart templates, values from the ref source applied', () => {
    const deploy = byName(d.manifests, 'dev', 'Deployment', 'hello-dev');
    expect(deploy).toMatchObject({ file: 'charts/hello/templates/deployment.yaml', line: 1 });
    expect((deploy.object.spec as { replicas: number }).replicas).toBe(2);
    const b = byName(d.manifests, 'dev', 'ConfigMap', 'hello-dev-b');
    expect(b).toMatchObject({ file: 'charts/hello/templates/configmap.yaml', line: 8 });
    expect(b.object.data).toEqual({ namespace: 'hello' });
    expect(byName(d.manifests, 'dev', 'ConfigMap', 'hello-dev-a').object.data).toEqual({
      greeting: 'hi from dev',
    });
  });

  test('generated Applications point at the ApplicationSet template', () => {
    const alpha = byName(d.applications, 'dev', 'Application', 'alpha-dev');
    expect(alpha).toMatchObject({ file: 'clusters/dev/apps/teams.yaml', line: 17 });
    expect(alpha.object.metadata?.labels).toEqual({ group: 'teams' });
    expect(alpha.fieldLines['/spec/destination/namespace']).toBe(30);
    expect(byName(d.applications, 'dev', 'Application', 'legacy-dev')).toBeUndefined();
  });

  test('one environment at a time', async () => {
    const prod = await discover(repo, { env: 'prod' }, { run, render });
    expect(prod.targets.map((t) => t.app).sort()).toEqual(['root', 'web-prod']);
    expect(prod.orphans).toEqual([]);
    await expect(discover(repo, { env: 'qa' }, { run, render })).rejects.toMatchObject({ code: 'USAGE' });
  });
});

describe('discover on a broken repository without tollgate.yaml', () => {
  let d: Discovery;
  beforeAll(async () => {
    const repo = await fixtureRepo('broken', run);
    await writeFile(join(repo, 'manifests/binary.yaml'), Buffer.from([0x00, 0x01, 0x02, 0xff]));
    await symlink('/etc/hostname', join(repo, 'manifests/outside.yaml'));
    d = await discover(repo, {}, { run, render });
  });

  test.for([
    {
      name: 'kustomization naming a missing file',
      file: 'kustomize/kustomization.yaml',
      line: 3,
      message: /kustomize\/missing\.yaml does not exist/,
    },
    {
      name: 'helm chart that fails to template',
      file: 'chart/templates/broken.yaml',
      line: 4,
      message: /helm template failed/,
    },
    {
      name: 'Application without destination',
      file: 'apps/invalid.yaml',
      line: 5,
      message: /spec\.destination needs server or name/,
    },
    {
      name: 'Application with two source types',
      file: 'apps/invalid.yaml',
      line: 19,
      message: /multiple application sources defined: Kustomize,Directory/,
    },
    {
      name: 'generator that matches nothing',
      file: 'apps/appset.yaml',
      line: 8,
      message: /matches nothing/,
      action: 'warn',
    },
    {
      name: 'YAML that is not Kubernetes',
      file: 'manifests/values.yaml',
      line: 1,
      message: /not a Kubernetes object/,
      action: 'warn',
    },
    { name: 'binary file', file: 'manifests/binary.yaml', line: 1, message: /binary file/, action: 'warn' },
    {
      name: 'symlink out of the repository',
      file: 'manifests/outside.yaml',
      line: 1,
      message: /symlink points outside the repository/,
    },
    {
      name: 'revision not in this clone',
      file: 'apps/manifests.yaml',
      line: 10,
      message: /release-9 is not in this clone/,
      action: 'warn',
    },
    {
      name: 'app path that does not exist',
      file: 'apps/manifests.yaml',
      line: 26,
      message: /nowhere: app path does not exist/,
    },
  ])('$name', ({ file, line, message, action }) => {
    const found = d.findings.filter((f) => f.file === file && f.line === line && message.test(f.message));
    expect(found, JSON.stringify(d.findings, null, 1)).toHaveLength(1);
    expect(found[0]?.enforcementAction).toBe(action ?? 'deny');
  });

  test('every Application in the repository is discovered, in one default environment', () => {
    expect(d.envs).toEqual(['default']);
    expect(d.manifests.map((m) => m.object.metadata?.name)).toEqual(['good']);
  });
});
