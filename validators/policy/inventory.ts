import type { KubeObject } from '../core/types.js';
import { isNamespace } from './match.js';
import { objectJson } from './review.js';

/** One synced object at its place in `data.inventory`. */
export interface InventoryEntry {
  /** Keys below `data.inventory`: `cluster, gv, kind, name` or `namespace, ns, gv, kind, name`. */
  path: string[];
  object: KubeObject;
}

/** What a cluster's Gatekeeper has synced: `data.inventory` and the namespace cache built from it. */
export interface Inventory {
  /**
   * `data.inventory` as parts (inventoryParts): the empty root, then the objects grouped by namespace, groupVersion
   * and kind, in sync order (a later object at the same path replaces an earlier one, as in a map). The whole
   * inventory never exists as one JSON text, in JS or in a module's memory.
   */
  parts(): Iterable<DataPart>;
  /** The synced Namespace objects by name. */
  namespaces: Map<string, KubeObject>;
  /**
   * How a review finds the Namespace it matches against (namespaceFor): `synced` as Gatekeeper's webhook and gator
   * verify do, `gator-test` as gator test does.
   */
  namespaceRule: NamespaceRule;
}

export type NamespaceRule = 'synced' | 'gator-test';

const EMPTY_NAMESPACE: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: {} };
const BARE_DEFAULT: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } };

/**
 * The Namespace a review of an object in `namespace` ("" when cluster-scoped) matches against. `synced`: the synced
 * Namespace of that name, none for a cluster-scoped object. `gator-test` (`pkg/gator/expand/expand.go`
 * NamespaceForResource): an empty Namespace for a cluster-scoped object (so `scope: Namespaced` matches it and a
 * namespaceSelector reads no labels), the given Namespace object, a bare `default` when none is given, else none.
 */
export function namespaceFor(inventory: Inventory, namespace: string): KubeObject | undefined {
  if (inventory.namespaceRule === 'synced')
    return namespace ? inventory.namespaces.get(namespace) : undefined;
  if (namespace === '') return EMPTY_NAMESPACE;
  return inventory.namespaces.get(namespace) ?? (namespace === 'default' ? BARE_DEFAULT : undefined);
}

/** `data` as a list of JSON values at paths, what WasmPolicy.setData loads one piece at a time. */
export interface DataPart {
  path: string[];
  json: string;
}

/**
 * Builds `data.inventory` with Gatekeeper's keys (`pkg/target/target.go` ProcessData): cluster-scoped objects under
 * `cluster[groupVersion][kind][name]`, namespaced under `namespace[ns][groupVersion][kind][name]`.
 */
export function buildInventory(objects: KubeObject[]): Inventory {
  const entries: InventoryEntry[] = [];
  const namespaces = new Map<string, KubeObject>();
  for (const o of objects) {
    entries.push({ path: inventoryPath(o), object: o });
    if (isNamespace(o)) namespaces.set(o.metadata?.name ?? '', o);
  }
  // Serialised on the first load, and kept as text (smaller than the objects, which can then be collected).
  let parts: (() => Generator<DataPart>) | undefined;
  return {
    parts: () => {
      parts ??= inventoryParts(entries.map((e) => ({ path: e.path, json: objectJson(e.object) })));
      entries.length = 0;
      return parts();
    },
    namespaces,
    namespaceRule: 'synced',
  };
}

/**
 * Where an object goes below `data.inventory` (`pkg/target/target.go` ProcessData). A field that is not a string
 * reads as "" (the unstructured getters Gatekeeper uses), so a `namespace: 5` object is filed as cluster-scoped.
 */
export function inventoryPath(o: KubeObject): string[] {
  const gv = text(o.apiVersion);
  const kind = text(o.kind);
  const name = text(o.metadata?.name);
  const ns = text(o.metadata?.namespace);
  return ns ? ['namespace', ns, gv, kind, name] : ['cluster', gv, kind, name];
}

const text = (v: unknown): string => (typeof v === 'string' ? v : '');

/** An inventory of objects already serialised (path from inventoryPath, JSON from objectJson), in sync order. */
export function serialisedInventory(
  entries: DataPart[],
  namespaces: Map<string, KubeObject>,
  namespaceRule: NamespaceRule = 'synced',
): Inventory {
  let parts: (() => Generator<DataPart>) | undefined;
  return {
    parts: () => {
      parts ??= inventoryParts(entries);
      return parts();
    },
    namespaces,
    namespaceRule,
  };
}

/** Largest JSON text of one part: the module keeps a scratch buffer twice the largest text for good. */
const PART_BYTES = 256 * 1024;

/**
 * `data.inventory` as parts: the empty root, then one part per (namespace, groupVersion, kind) holding its objects
 * by name, so the module parses few paths. A later object with a name already in the part replaces the earlier
 * (OPA's JSON parser keeps the last of duplicate keys, as a sync replaces an object). A group past PART_BYTES goes
 * on object by object after its part: those are later objects, so the last still wins. A part's text is built
 * as it is loaded and dropped after, so only the objects' own texts are kept.
 */
function inventoryParts(entries: DataPart[]): () => Generator<DataPart> {
  const groups = new Map<string, { path: string[]; members: string[]; bytes: number }>();
  const overflow: DataPart[] = [];
  for (const e of entries) {
    const prefix = e.path.slice(0, -1);
    const key = prefix.join('\u0000');
    let group = groups.get(key);
    if (!group) {
      group = { path: ['inventory', ...prefix], members: [], bytes: 0 };
      groups.set(key, group);
    }
    const member = `${JSON.stringify(e.path[e.path.length - 1])}:${e.json}`;
    if (group.bytes + member.length > PART_BYTES && group.members.length > 0) {
      group.bytes = Number.POSITIVE_INFINITY;
      overflow.push({ path: ['inventory', ...e.path], json: e.json });
    } else {
      group.members.push(member);
      group.bytes += member.length + 1;
    }
  }
  return function* () {
    yield { path: ['inventory'], json: '{}' };
    for (const g of groups.values()) yield { path: g.path, json: `{${g.members.join(',')}}` };
    yield* overflow;
  };
}
