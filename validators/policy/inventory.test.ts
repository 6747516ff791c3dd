import { expect, test } from 'vitest';
import type { KubeObject } from '../core/types.js';
import { buildInventory, type DataPart, inventoryPath, serialisedInventory } from './inventory.js';
import { objectJson } from './review.js';

/** Sets `value` at `path` in `root`, creating missing objects on the way (what opa_value_add_path does). */
function setAt(root: Record<string, unknown>, path: string[], value: unknown): void {
  let at = root;
  for (const k of path.slice(0, -1)) {
    at[k] ??= {};
    at = at[k] as Record<string, unknown>;
  }
  at[path[path.length - 1] as string] = value;
}

/** data as the module builds it from parts: each value set at its path. */
function apply(parts: Iterable<DataPart>): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const p of parts) setAt(data, p.path, JSON.parse(p.json));
  return data;
}

/** data.inventory as Gatekeeper keeps it: each object at its path, a later one replacing an earlier. */
function expected(objects: KubeObject[]): Record<string, unknown> {
  const inventory: Record<string, unknown> = {};
  for (const o of objects) setAt(inventory, inventoryPath(o), JSON.parse(objectJson(o)));
  return { inventory };
}

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
  {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'api', namespace: 'ledger' },
    spec: { replicas: 3 },
  },
];

test("data.inventory at Gatekeeper's keys; a later object at the same path replaces the earlier", () => {
  const inventory = buildInventory(objects);
  expect(apply(inventory.parts())).toEqual(expected(objects));
  expect(apply(inventory.parts())).toEqual(expected(objects));
  expect([...inventory.namespaces.keys()]).toEqual(['ledger']);
});

test('one part per namespace, groupVersion and kind; a group past the size bound goes on object by object', () => {
  const big = Array.from({ length: 400 }, (_, i) => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: `cm-${i % 350}`, namespace: 'ledger' },
    data: { i: String(i), pad: 'x'.repeat(1000) },
  }));
  const all = [...objects, ...big];
  const entries = all.map((o) => ({ path: inventoryPath(o), json: objectJson(o) }));
  const parts = [...serialisedInventory(entries, new Map()).parts()];
  expect(apply(parts)).toEqual(expected(all));
  expect(parts[0]).toEqual({ path: ['inventory'], json: '{}' });
  // The cluster's Namespaces, then ledger's Deployments, PodDisruptionBudgets and ConfigMaps, one part each.
  expect(parts.slice(1, 5).map((p) => p.path.slice(1).join('/'))).toEqual([
    'cluster/v1/Namespace',
    'namespace/ledger/apps/v1/Deployment',
    'namespace/ledger/policy/v1/PodDisruptionBudget',
    'namespace/ledger/v1/ConfigMap',
  ]);
  // Then the ConfigMaps past the bound, each at its own path.
  expect(parts.slice(5).every((p) => p.path.length === 6 && p.path[4] === 'ConfigMap')).toBe(true);
  expect(parts.length).toBeGreaterThan(100);
  expect(Math.max(...parts.map((p) => p.json.length))).toBeLessThan(300_000);
});

test('a field that is not a string reads as "" (the unstructured getters): namespace 5 is cluster-scoped', () => {
  const odd = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 7, namespace: 5 },
  } as unknown as KubeObject;
  expect(inventoryPath(odd)).toEqual(['cluster', 'v1', 'ConfigMap', '']);
  const parts = [...buildInventory([odd]).parts()];
  expect(parts.map((p) => p.path.join('/'))).toEqual(['inventory', 'inventory/cluster/v1/ConfigMap']);
  expect(apply(parts)).toEqual({
    inventory: { cluster: { v1: { ConfigMap: { '': JSON.parse(objectJson(odd)) } } } },
  });
});
