/** How a glob reads: which library's rules, since Argo CD uses four. */
export interface GlobFlavor {
  /** `*` crosses `/` (gobwas/glob without separators, git pathspecs) or stops at it (Go path.Match, doublestar). */
  starCrossesSlash: boolean;
  /** `**` matches any number of path segments (doublestar). */
  doubleStar?: boolean;
  /** `{a,b}` alternatives (gobwas/glob, doublestar). */
  braces?: boolean;
}

/** Compiles a glob to an anchored RegExp; undefined when the pattern is malformed (Argo CD then matches nothing). */
export function globToRegExp(pattern: string, flavor: GlobFlavor): RegExp | undefined {
  let i = 0;
  let depth = 0;
  let out = '';
  const star = flavor.starCrossesSlash ? '.*' : '[^/]*';
  while (i < pattern.length) {
    const c = pattern[i] as string;
    if (c === '\\' && i + 1 < pattern.length) {
      out += escapeChar(pattern[i + 1] as string);
      i += 2;
      continue;
    }
    if (c === '*') {
      if (pattern[i + 1] === '*' && flavor.doubleStar) {
        const slashAfter = pattern[i + 2] === '/';
        out += slashAfter ? '(?:.*/)?' : '.*';
        i += slashAfter ? 3 : 2;
        continue;
      }
      while (pattern[i] === '*') i++;
      out += star;
      continue;
    }
    if (c === '?') {
      out += flavor.starCrossesSlash ? '.' : '[^/]';
    } else if (c === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end < 0) return undefined;
      let body = pattern.slice(i + 1, end);
      if (body.startsWith('!')) body = `^${body.slice(1)}`;
      out += `[${body.replace(/\\/g, '\\\\')}]`;
      i = end + 1;
      continue;
    } else if (c === '{' && flavor.braces) {
      out += '(?:';
      depth++;
    } else if (c === '}' && flavor.braces && depth > 0) {
      out += ')';
      depth--;
    } else if (c === ',' && flavor.braces && depth > 0) {
      out += '|';
    } else {
      out += escapeChar(c);
    }
    i++;
  }
  if (depth !== 0) return undefined;
  try {
    return new RegExp(`^${out}$`);
  } catch {
    return undefined;
  }
}

function escapeChar(c: string): string {
  return /[.+^${}()|[\]\\/*?]/.test(c) ? `\\${c}` : c;
}
