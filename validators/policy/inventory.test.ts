import { expect, test } from 'vitest';
import type { KubeObject } from '../core/types.js';
import { buildInventory } from './inventory.js';

const objects: KubeObject[] = [
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ledger' } },
  {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'api', namespace: 'ledger' },
    spec: { replicas: 2 },
  },
  { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'api', namespace: 'ledger' } },
  {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'ratio', namespace: 'ledger' },
    data: { x: '1' },
    n: 0.5,
  },
];

test("data.inventory parts at Gatekeeper's keys, numbers as Go writes them; a second load reuses the text", () => {
  const inventory = buildInventory(objects);
  const first = [...inventory.parts()];
  expect(first.map((p) => p.path.join('/'))).toEqual([
    'inventory',
    'inventory/cluster/v1/Namespace/ledger',
    'inventory/namespace/ledger/apps/v1/Deployment/api',
    'inventory/namespace/ledger/policy/v1/PodDisruptionBudget/api',
    'inventory/namespace/ledger/v1/ConfigMap/ratio',
  ]);
  expect(first[0]?.json).toBe('{}');
  expect(first[4]?.json).toBe(
    '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"ratio","namespace":"ledger"},"data":{"x":"1"},"n":0.5}',
  );
  expect([...inventory.parts()]).toEqual(first);
  expect([...inventory.namespaces.keys()]).toEqual(['ledger']);
});

test('a load abandoned half-way leaves the next one complete', () => {
  const inventory = buildInventory(objects);
  for (const _ of inventory.parts()) break;
  expect([...inventory.parts()]).toHaveLength(5);
});
