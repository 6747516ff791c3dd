// Go's strconv quoting (src/strconv/quote.go), which OPA uses for strings inside composite values
// (ast.String.String) and fmt uses for %q.

const MAX_RUNE = 0x10ffff;
const RUNE_ERROR = 0xfffd;
const GRAPHIC = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;
const NAMED_ESCAPES: Record<number, string> = {
  7: '\\a',
  8: '\\b',
  12: '\\f',
  10: '\\n',
  13: '\\r',
  9: '\\t',
  11: '\\v',
};

/** strconv.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
export function isPrint(r: number): boolean {
  // Go's Latin-1 fast path: U+00AD (soft hyphen) is the one non-printable rune in A1..FF.
  if (r <= 0xff) return (r >= 0x20 && r <= 0x7e) || (r >= 0xa1 && r <= 0xff && r !== 0xad);
  if (r > MAX_RUNE) return false;
  return GRAPHIC.test(String.fromCodePoint(r));
}

/** strconv.Quote (or QuoteToASCII with `asciiOnly`): a double-quoted Go string literal. */
export function goQuote(s: string, asciiOnly = false): string {
  let out = '"';
  for (const ch of s) out += escapeRune(ch.codePointAt(0) as number, '"', asciiOnly);
  return `${out}"`;
}

/** strconv.QuoteRune (or QuoteRuneToASCII): a single-quoted Go rune literal; invalid runes become U+FFFD. */
export function goQuoteRune(r: number, asciiOnly = false): string {
  const valid = r >= 0 && r <= MAX_RUNE && !(r >= 0xd800 && r <= 0xdfff);
  return `'${escapeRune(valid ? r : RUNE_ERROR, "'", asciiOnly)}'`;
}

/** strconv.CanBackquote: printable without escapes in a raw string (tab allowed, no BOM). */
export function canBackquote(s: string): boolean {
  for (const ch of s) {
    const r = ch.codePointAt(0) as number;
    if (r === 0xfeff || r === RUNE_ERROR) return false;
    if ((r < 0x20 && r !== 0x09) || r === 0x60 || r === 0x7f) return false;
  }
  return true;
}

// appendEscapedRune in quote.go.
function escapeRune(r: number, quote: string, asciiOnly: boolean): string {
  const ch = String.fromCodePoint(r);
  if (ch === quote || ch === '\\') return `\\${ch}`;
  if (asciiOnly ? r < 0x80 && isPrint(r) : isPrint(r)) return ch;
  const named = NAMED_ESCAPES[r];
  if (named) return named;
  if (r < 0x20 || r === 0x7f) return `\\x${hex(r, 2)}`;
  if (r >= 0xd800 && r <= 0xdfff) return `\\u${hex(RUNE_ERROR, 4)}`;
  return r < 0x10000 ? `\\u${hex(r, 4)}` : `\\U${hex(r, 8)}`;
}

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}
