/** Facts read from Rego text without a parser: its package and the `data` references Gatekeeper forbids. */

/** The module's package path (`a.b`), or undefined when there is no package line. */
export function packageOf(source: string): string | undefined {
  return /^\s*package\s+([A-Za-z_][\w.]*)/m.exec(stripCommentsAndStrings(source))?.[1];
}

/**
 * `data` references outside `data.inventory` and `data.lib…`, with their 1-based line. Gatekeeper's rego rewriter
 * rejects these (frameworks `regorewriter` checkDataReferences) since templates are isolated from each other.
 */
export function forbiddenDataRefs(
  source: string,
  allowedRoots: string[] = ['inventory', 'lib'],
): { ref: string; line: number }[] {
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

/**
 * Imports Gatekeeper's rego rewriter refuses (frameworks `regorewriter` checkImport): only `data.lib…` and `future.…`
 * may be imported; `input…` and anything else (`rego.v1` included) is an invalid import. With 1-based lines.
 */
export function badImports(source: string): { message: string; line: number }[] {
  const text = stripCommentsAndStrings(source);
  const out: { message: string; line: number }[] = [];
  for (const m of text.matchAll(/^[ \t]*import[ \t]+([^\s]+)/gm)) {
    const path = (m[1] as string).replace(/\[\s*"\s*"\s*\]/g, '');
    const root = /^[A-Za-z_]\w*/.exec(path)?.[0] ?? '';
    const line = text.slice(0, m.index).split('\n').length;
    const quoted = JSON.stringify(path);
    if (root === 'input') out.push({ line, message: `invalid import: cannot import input: ${quoted}` });
    else if (root === 'future') continue;
    else if (root === 'data' && /^data\s*(\.\s*lib\b|\[\s*"lib"\s*\])/.test(path)) continue;
    else out.push({ line, message: `invalid import: bad import: ${quoted}` });
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

/**
 * Gatekeeper's text for a conflict the Wasm reports as an abort (`template.rego:7:1: var assignment conflict`):
 * OPA's topdown error `template:<line>: eval_conflict_error: …`, on the first definition's line for a complete rule
 * and on the conflicting definition's line for a function. Other messages are returned unchanged.
 */
export function evalErrorMessage(
  message: string,
  rego: { source: string; libs: string[] } | undefined,
): string {
  const m = /^(template|lib_(\d+))\.rego:(\d+):\d+: var assignment conflict$/.exec(message.trim());
  if (!m || !rego) return message;
  const file = m[1] as string;
  const source = m[2] === undefined ? rego.source : rego.libs[Number(m[2])];
  if (source === undefined) return message;
  const lines = stripCommentsAndStrings(source).split('\n');
  const line = Number(m[3]);
  const head = /^\s*(?:default\s+)?([A-Za-z_][\w.]*)\s*(\()?/.exec(lines[line - 1] ?? '');
  if (!head) return message;
  if (head[2])
    return `${file}:${line}: eval_conflict_error: functions must not produce multiple outputs for same inputs`;
  const name = head[1] as string;
  const first = lines.findIndex((l) =>
    new RegExp(`^\\s*(?:default\\s+)?${name.replaceAll('.', '\\.')}\\s*(?:=|:=|\\{|if\\b)`).test(l),
  );
  return `${file}:${first >= 0 ? first + 1 : line}: eval_conflict_error: complete rules must not produce multiple outputs`;
}
