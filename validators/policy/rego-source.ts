/** Facts read from Rego text without a parser: its package and the `data` references Gatekeeper forbids. */

/** The module's package path (`a.b`), or undefined when there is no package line. */
export function packageOf(source: string): string | undefined {
  return /^\s*package\s+([A-Za-z_][\w.]*)/m.exec(stripCommentsAndStrings(source))?.[1];
}

/**
 * `data` references outside `data.inventory` and `data.lib…`, with their 1-based line. Gatekeeper's rego rewriter
 * rejects these (frameworks `regorewriter` checkDataReferences) since templates are isolated from each other.
 */
export function forbiddenDataRefs(source: string, allowedRoots: string[] = ['inventory', 'lib']): { ref: string; line: number }[] {
  const text = stripCommentsAndStrings(source);
  const out: { ref: string; line: number }[] = [];
  for (const m of text.matchAll(/(?<![\w.])data\s*(?:\.\s*([A-Za-z_]\w*)|\[\s*"([^"]*)"|\[)?/g)) {
    const root = m[1] ?? m[2];
    if (root !== undefined && allowedRoots.includes(root)) continue;
    const line = text.slice(0, m.index).split('\n').length;
    out.push({ ref: m[0].replace(/\s+/g, ''), line });
  }
  return out;
}

/** Blanks comments and string contents (keeping newlines and quotes) so token scans stay on code. */
function stripCommentsAndStrings(source: string): string {
  let out = '';
  for (let i = 0; i < source.length; i++) {
    const c = source[i] as string;
    if (c === '#') {
      while (i < source.length && source[i] !== '\n') i++;
      out += '\n';
    } else if (c === '"') {
      out += '"';
      for (i++; i < source.length && source[i] !== '"'; i++) {
        if (source[i] === '\\') i++;
        else out += source[i] === '\n' ? '\n' : ' ';
      }
      out += '"';
    } else if (c === '`') {
      out += '`';
      for (i++; i < source.length && source[i] !== '`'; i++) out += source[i] === '\n' ? '\n' : ' ';
      out += '`';
    } else out += c;
  }
  return out;
}
