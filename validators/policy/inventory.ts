import type { KubeObject } from '../core/types.js';
import { isNamespace } from './match.js';
import { goJson } from './review.js';

/** What a cluster's Gatekeeper has synced: `data.inventory` and the namespace cache built from it. */
export interface Inventory {
  /** `{cluster: {gv: {kind: {name: obj}}}, namespace: {ns: {gv: {kind: {name: obj}}}}}` as JSON text. */
  json: string;
  namespaces: Map<string, KubeObject>;
}

type Tree = { [key: string]: Tree | KubeObject };

/** Sets `tree[k1][k2]…[kn] = value`, creating the levels on the way. */
function put(tree: Tree, keys: string[], value: KubeObject): void {
  let level = tree;
  for (const k of keys.slice(0, -1)) {
    level[k] ??= {};
    level = level[k] as Tree;
  }
  level[keys[keys.length - 1] as string] = value;
}

/**
 * Builds `data.inventory` with Gatekeeper's keys (`pkg/target/target.go` ProcessData): cluster-scoped objects under
 * `cluster[groupVersion][kind][name]`, namespaced under `namespace[ns][groupVersion][kind][name]`.
 */
export function buildInventory(objects: KubeObject[]): Inventory {
  const cluster: Tree = {};
  const namespace: Tree = {};
  const namespaces = new Map<string, KubeObject>();
  for (const o of objects) {
    const gv = o.apiVersion ?? '';
    const kind = o.kind ?? '';
    const name = o.metadata?.name ?? '';
    const ns = o.metadata?.namespace;
    if (ns) put(namespace, [ns, gv, kind, name], o);
    else put(cluster, [gv, kind, name], o);
    if (isNamespace(o)) namespaces.set(name, o);
  }
  const inventory: Record<string, unknown> = {};
  if (Object.keys(cluster).length > 0) inventory.cluster = cluster;
  if (Object.keys(namespace).length > 0) inventory.namespace = namespace;
  return { json: goJson({ inventory }), namespaces };
}
