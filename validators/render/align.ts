/** A JSON pointer segment, escaped (RFC 6901). */
export function segment(key: string | number): string {
  return String(key).replaceAll('~', '~0').replaceAll('/', '~1');
}

// Strategic merge patch merge keys of the core workload types (k8s.io/api `patchMergeKey` tags), most used first.
const MERGE_KEYS = ['name', 'mountPath', 'devicePath', 'containerPort', 'port', 'ip', 'topologyKey', 'type'];

type Json = unknown;

function isObject(v: Json): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Walks `rendered` and `source` side by side, calling `visit(renderedPointer, sourcePointer)` for every field the
 * source also has. List items pair by merge key (`name`, `mountPath`, …) like a strategic merge patch, else by index.
 */
export function align(
  rendered: Json,
  source: Json,
  visit: (renderedPointer: string, sourcePointer: string) => void,
  renderedPointer = '',
  sourcePointer = '',
): void {
  if (isObject(rendered) && isObject(source)) {
    for (const key of Object.keys(source)) {
      if (!(key in rendered)) continue;
      const r = `${renderedPointer}/${segment(key)}`;
      const s = `${sourcePointer}/${segment(key)}`;
      visit(r, s);
      align(rendered[key], source[key], visit, r, s);
    }
  } else if (Array.isArray(rendered) && Array.isArray(source)) {
    source.forEach((item, i) => {
      const j = matchItem(rendered, item, i);
      if (j < 0) return;
      const r = `${renderedPointer}/${j}`;
      const s = `${sourcePointer}/${i}`;
      visit(r, s);
      align(rendered[j], item, visit, r, s);
    });
  }
}

function matchItem(list: Json[], item: Json, index: number): number {
  if (isObject(item)) {
    const key = MERGE_KEYS.find((k) => item[k] !== undefined && typeof item[k] !== 'object');
    if (key) return list.findIndex((x) => isObject(x) && x[key] === item[key]);
    return index < list.length ? index : -1;
  }
  if (list[index] === item) return index;
  const found = list.indexOf(item);
  return found >= 0 ? found : index < list.length ? index : -1;
}

/** Every pointer inside `value`, relative to it (`''` excluded). */
export function pointersOf(value: Json, prefix = ''): string[] {
  const out: string[] = [];
  if (isObject(value)) {
    for (const [k, v] of Object.entries(value)) {
      const p = `${prefix}/${segment(k)}`;
      out.push(p, ...pointersOf(v, p));
    }
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => {
      const p = `${prefix}/${i}`;
      out.push(p, ...pointersOf(v, p));
    });
  }
  return out;
}

/** The value at a JSON pointer, or undefined. */
export function valueAt(root: Json, pointer: string): Json {
  if (pointer === '') return root;
  let cur: Json = root;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (Array.isArray(cur)) cur = cur[Number(key)];
    else if (isObject(cur)) cur = cur[key];
    else return undefined;
  }
  return cur;
}
