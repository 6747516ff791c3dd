import type { LineCounter, Node, ParsedNode } from 'yaml';
import { yamlLib } from './yaml-lib.js';

/** Maps every JSON pointer in a parsed document to the 1-based line of its key (or item). */
export function fieldLines(root: ParsedNode | null, lc: LineCounter): Record<string, number> {
  const out: Record<string, number> = {};
  const lineOf = (node: Node | null | undefined): number | undefined =>
    node?.range ? lc.linePos(node.range[0]).line : undefined;
  const walk = (node: Node | null | undefined, pointer: string): void => {
    if (yamlLib().isMap(node)) {
      for (const pair of node.items) {
        const key = yamlLib().isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        const child = `${pointer}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`;
        const line = lineOf(pair.key as Node) ?? lineOf(pair.value as Node);
        if (line !== undefined) out[child] = line;
        walk(pair.value as Node, child);
      }
    } else if (yamlLib().isSeq(node)) {
      node.items.forEach((item, index) => {
        const child = `${pointer}/${index}`;
        const line = lineOf(item as Node);
        if (line !== undefined) out[child] = line;
        walk(item as Node, child);
      });
    }
  };
  const rootLine = lineOf(root);
  if (rootLine !== undefined) out[''] = rootLine;
  walk(root, '');
  return out;
}

/** The line of `pointer`, else of its nearest ancestor that has one, else `fallback`. */
export function lineFor(lines: Record<string, number>, pointer: string, fallback: number): number {
  let p = pointer;
  for (;;) {
    const line = lines[p];
    if (line !== undefined) return line;
    if (p === '') return fallback;
    p = p.slice(0, p.lastIndexOf('/'));
  }
}
