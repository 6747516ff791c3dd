import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { fixtureRepo, tollgate } from './__fixtures__/repo.js';

// What the plugin sidecar sets for the Application web of __fixtures__/repo/clusters/dev/web.yaml.
const ARGOCD = {
  ARGOCD_APP_NAME: 'web',
  ARGOCD_APP_NAMESPACE: 'web',
  ARGOCD_APP_SOURCE_PATH: 'apps/web',
  ARGOCD_APP_SOURCE_REPO_URL: 'https://github.com/acme-payments/fixture.git',
  ARGOCD_ENV_TOLLGATE_ENV: 'dev',
};

let repo: string;
beforeEach(async () => {
  repo = await fixtureRepo();
});
afterEach(async () => {
  await rm(repo, { recursive: true, force: true });
});

describe('tollgate cmp generate (the built CLI, in the source directory)', () => {
  test('a clean Deployment: the rendered objects on stdout, no origin annotation, exit 0', async () => {
    const { code, stdout, stderr } = await tollgate(join(repo, 'apps/web'), ARGOCD, 'cmp', 'generate');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const objects = parseAllDocuments(stdout).map((d) => d.toJS());
    expect(objects).toMatchObject([
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'web' } },
    ]);
    expect(stdout).not.toContain('config.kubernetes.io/origin');
  });

  test('a privileged container: exit 1, stderr names file:line and the constraint, nothing on stdout', async () => {
    const file = join(repo, 'apps/web/deployment.yaml');
    await writeFile(file, (await readFile(file, 'utf8')).replace('privileged: false', 'privileged: true'));
    const { code, stdout, stderr } = await tollgate(join(repo, 'apps/web'), ARGOCD, 'cmp', 'generate');
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain(
      'apps/web/deployment.yaml:19: deny policy container web is privileged; set securityContext.privileged: false',
    );
    expect(stderr).toContain('[K8sDenyPrivileged/deny-privileged]');
  });

  test('without ARGOCD_ENV_TOLLGATE_ENV: a usage error naming the plugin env to set, exit 2', async () => {
    const { ARGOCD_ENV_TOLLGATE_ENV: _, ...rest } = ARGOCD;
    const { code, stderr } = await tollgate(join(repo, 'apps/web'), rest, 'cmp', 'generate');
    expect(code).toBe(2);
    expect(stderr).toMatch(/^error USAGE: ARGOCD_ENV_TOLLGATE_ENV is not set.*\n {2}hint: .*TOLLGATE_ENV/);
  });

  test('discover prints tollgate.yaml of the repository: the plugin applies', async () => {
    const { code, stdout } = await tollgate(join(repo, 'apps/web'), {}, 'cmp', 'discover');
    expect(code).toBe(0);
    expect(stdout.trim()).toBe(join(repo, 'tollgate.yaml'));
  });
});
