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
   * `data.inventory` as parts: the empty root, then one part per object in sync order (a later object at the same
   * path replaces an earlier one, as in a map). Objects are serialised only when loaded, so the whole inventory never
   * exists as one JSON text, in JS or in a module's memory.
   */
  parts(): Iterable<DataPart>;
  namespaces: Map<string, KubeObject>;
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
  let serialised: DataPart[] | undefined;
  // The first complete load keeps the parts' JSON and lets go of the objects (smaller, and a reviewed object can be
  // collected); later loads, by another module or environment, reuse the text.
  function* parts(): Generator<DataPart> {
    if (serialised) {
      yield* serialised;
      return;
    }
    const out: DataPart[] = [{ path: ['inventory'], json: '{}' }];
    yield out[0] as DataPart;
    for (const e of entries) {
      const part = { path: ['inventory', ...e.path], json: objectJson(e.object) };
      out.push(part);
      yield part;
    }
    serialised = out;
    entries.length = 0;
  }
  return { parts, namespaces };
}

/** Where an object goes below `data.inventory` (`pkg/target/target.go` ProcessData). */
export function inventoryPath(o: KubeObject): string[] {
  const gv = o.apiVersion ?? '';
  const kind = o.kind ?? '';
  const name = o.metadata?.name ?? '';
  const ns = o.metadata?.namespace;
  return ns ? ['namespace', ns, gv, kind, name] : ['cluster', gv, kind, name];
}

/** An inventory of objects already serialised (path from inventoryPath, JSON from objectJson), in sync order. */
export function serialisedInventory(entries: DataPart[], namespaces: Map<string, KubeObject>): Inventory {
  const parts: DataPart[] = [{ path: ['inventory'], json: '{}' }];
  for (const e of entries) parts.push({ path: ['inventory', ...e.path], json: e.json });
  return { parts: () => parts, namespaces };
}
