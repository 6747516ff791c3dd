/**
 * The field a violation is about: its `details.path` when the policy states one (a JSON pointer into the reviewed
 * object, as this repository's library does), else the field the message names.
 */
export function violationPointer(object: unknown, msg: string, details: unknown): string {
  const path =
    typeof details === 'object' && details !== null ? (details as { path?: unknown }).path : undefined;
  if (typeof path === 'string' && (path === '' || path.startsWith('/'))) return path;
  return locateField(object, msg);
}

/**
 * Finds the field a violation message is about, so a finding points at the line a person edits. Rego violations
 * carry no path, so this reads the message the way a person would: the container (or other named item) it
 * names, then the deepest field under it whose key the message mentions.
 */
export function locateField(object: unknown, msg: string): string {
  const { leaves, keys } = index(object);
  const mentions = (word: string) => msg.includes(word) && wordPattern(word).test(msg);
  // The item the message names: a `name` field (container, volume, port) whose value it quotes.
  const named = leaves
    .filter((l) => l.pointer.endsWith('/name') && l.pointer !== '/metadata/name' && mentions(l.value))
    .sort((a, b) => b.value.length - a.value.length)[0];
  const anchor = named ? named.pointer.slice(0, -'/name'.length) : '';
  const fields = keys
    .filter(
      (k) =>
        k.pointer.startsWith(`${anchor}/`) && k.key.length >= 4 && !GENERIC.has(k.key) && mentions(k.key),
    )
    .sort((a, b) => depth(b.pointer) - depth(a.pointer));
  if (fields[0]) return fields[0].pointer;
  if (named) return anchor;
  // Values the message quotes (an image, a host, a label value), most specific first.
  const quoted = leaves.filter(
    (l) => l.value.length >= 3 && !l.pointer.startsWith('/metadata/') && msg.includes(l.value),
  );
  quoted.sort((a, b) => b.value.length - a.value.length);
  return quoted[0]?.pointer ?? '';
}

interface Index {
  leaves: { pointer: string; value: string }[];
  keys: { pointer: string; key: string }[];
}

const indexes = new WeakMap<object, Index>();

/** Every string leaf and every key of an object, with pointers; computed once per object. */
function index(object: unknown): Index {
  const cached = typeof object === 'object' && object !== null ? indexes.get(object) : undefined;
  if (cached) return cached;
  const leaves: Index['leaves'] = [];
  const keys: Index['keys'] = [];
  const walk = (v: unknown, pointer: string, depth: number) => {
    if (depth > 12) return;
    if (Array.isArray(v)) {
      v.forEach((x, i) => {
        walk(x, `${pointer}/${i}`, depth + 1);
      });
    } else if (typeof v === 'object' && v !== null) {
      for (const [k, x] of Object.entries(v)) {
        // Owner references name the parent (an expansion's workload), never the field a message is about.
        if (pointer === '/metadata' && k === 'ownerReferences') continue;
        const child = `${pointer}/${k.replaceAll('~', '~0').replaceAll('/', '~1')}`;
        keys.push({ pointer: child, key: k });
        walk(x, child, depth + 1);
      }
    } else if (typeof v === 'string' && v.length >= 2) leaves.push({ pointer, value: v });
  };
  walk(object, '', 0);
  const result = { leaves, keys };
  if (typeof object === 'object' && object !== null) indexes.set(object, result);
  return result;
}

const patterns = new Map<string, RegExp>();

/** `word` as a whole token (not inside a longer identifier), compiled once. */
function wordPattern(word: string): RegExp {
  let re = patterns.get(word);
  if (!re) {
    // Words come from objects (names, values): bounded, so a large run does not keep one RegExp per value.
    if (patterns.size >= 4096) patterns.clear();
    re = new RegExp(`(^|[^\\w.-])${escapeRegExp(word)}($|[^\\w-])`);
    patterns.set(word, re);
  }
  return re;
}

const GENERIC = new Set([
  'spec',
  'metadata',
  'name',
  'kind',
  'apiVersion',
  'template',
  'containers',
  'items',
]);
const depth = (p: string) => p.split('/').length;
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
