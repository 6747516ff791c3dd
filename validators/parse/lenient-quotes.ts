/**
 * Re-indents continuation lines of multi-line quoted scalars that are indented at or below their key.
 *
 * go-yaml (what kubectl, gator and Argo CD use) accepts such scalars; the `yaml` package rejects them
 * (MISSING_CHAR/BAD_INDENT). Line folding drops leading whitespace of continuation lines, so adding spaces
 * changes no value, and lines keep their numbers. Returns `undefined` when nothing needed repair.
 */
export function reindentQuotedScalars(text: string): string | undefined {
  const lines = text.split('\n');
  let quote: '"' | "'" | undefined;
  let baseIndent = 0;
  let blockIndent = -1; // > -1 while inside a block scalar: lines indented deeper than this are its content
  let changed = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const indent = line.length - line.trimStart().length;
    if (quote) {
      if (line.trim() !== '' && indent <= baseIndent) {
        lines[i] = ' '.repeat(baseIndent + 1 - indent) + line;
        changed = true;
      }
      quote = scanLine(line, 0, quote).quote;
      continue;
    }
    if (blockIndent >= 0) {
      if (line.trim() === '' || indent > blockIndent) continue;
      blockIndent = -1;
    }
    const scan = scanLine(line, indent, undefined);
    if (scan.quote) {
      quote = scan.quote;
      baseIndent = indent;
    } else if (scan.blockScalar) {
      blockIndent = indent;
    }
  }
  return changed ? lines.join('\n') : undefined;
}

/** Scans one line; reports the quote still open at its end, or whether a block scalar starts. */
function scanLine(
  line: string,
  from: number,
  open: '"' | "'" | undefined,
): { quote?: '"' | "'"; blockScalar?: boolean } {
  let quote = open;
  for (let j = from; j < line.length; j++) {
    const c = line[j];
    if (quote === '"') {
      if (c === '\\') j++;
      else if (c === '"') quote = undefined;
      continue;
    }
    if (quote === "'") {
      if (c === "'" && line[j + 1] === "'") j++;
      else if (c === "'") quote = undefined;
      continue;
    }
    if (c === '#' && (j === 0 || /\s/.test(line[j - 1] as string))) break;
    if ((c === '"' || c === "'") && startsValue(line, j)) quote = c;
  }
  if (quote) return { quote };
  const code = line.replace(/\s+#.*$/, '').trimEnd();
  return { blockScalar: /(^\s*|[:-]\s+)[|>][-+1-9]*$/.test(code) };
}

/** Whether a quote at `j` opens a scalar: after indentation, `: `, `- `, `[`, `{` or `,`. */
function startsValue(line: string, j: number): boolean {
  const before = line.slice(0, j).trimEnd();
  if (before === '') return true;
  const last = before[before.length - 1];
  if (last === '[' || last === '{' || last === ',') return true;
  return (last === ':' || last === '-') && /\s/.test(line[j - 1] as string);
}
