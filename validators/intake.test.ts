import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { emptyIntake, intakeFiles, materialise } from './intake.js';
import { listInputFiles } from './io/files.js';

test('objects wait as their JSON and come back as parsed; policy stays objects; a file gone meanwhile is named', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'tollgate-intake-'));
  try {
    await writeFile(
      join(dir, 'a.yaml'),
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: team\ndata:\n  count: "1"\n---\n' +
        'apiVersion: constraints.gatekeeper.sh/v1beta1\nkind: K8sX\nmetadata:\n  name: x\n',
    );
    await writeFile(join(dir, 'b.yaml'), 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team\n');
    const files = await listInputFiles(['.'], dir);
    const intake = emptyIntake();
    intakeFiles(files, intake);
    expect(intake.items.map((i) => ('json' in i ? 'json' : 'object'))).toEqual(['json', 'object', 'json']);
    expect(intake.policy.map((m) => m.object.kind)).toEqual(['K8sX']);
    expect(intake.inventory.map((p) => p.path.join('/'))).toEqual([
      'namespace/team/v1/ConfigMap/c',
      'cluster/constraints.gatekeeper.sh/v1beta1/K8sX/x',
      'cluster/v1/Namespace/team',
    ]);
    expect([...intake.namespaces.keys()]).toEqual(['team']);
    const manifests = [...materialise(intake.items)];
    expect(manifests[0]?.object).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c', namespace: 'team' },
      data: { count: '1' },
    });
    expect(manifests[0]?.fieldLines['/data/count']).toBe(7);
    expect(intake.items.every((i) => i === undefined)).toBe(true);

    await rm(join(dir, 'b.yaml'));
    expect(() => intakeFiles(files, emptyIntake())).toThrow(/cannot read b\.yaml: ENOENT/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
