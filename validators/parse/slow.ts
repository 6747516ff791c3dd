import type { Document, LineCounter } from 'yaml';
import type { Env, Finding, KubeObject } from '../core/types.js';
import { fieldLines } from './field-lines.js';
import type { Parsed, ParseOptions } from './index.js';
import { reindentQuotedScalars } from './lenient-quotes.js';
import { yamlLib } from './yaml-lib.js';

/** The `yaml`-package parse: node ranges for every line, its errors as findings; the fast path falls back to it. */
export function parseSlow(file: string, text: string, env: Env, opts: ParseOptions = {}): Parsed {
  if (text.includes('\0')) {
    return { manifests: [], findings: [finding(env, file, 1, 'binary file: expected YAML text')] };
  }
  let lc = new (yamlLib().LineCounter)();
  const options = { version: opts.version ?? '1.1', merge: true, uniqueKeys: true, strict: true } as const;
  let docs = yamlLib().parseAllDocuments(text, { ...options, lineCounter: lc });
  if (!Array.isArray(docs) || docs.some((d) => d.errors.length > 0)) {
    const repaired = reindentQuotedScalars(text);
    if (repaired !== undefined) {
      const lc2 = new (yamlLib().LineCounter)();
      const docs2 = yamlLib().parseAllDocuments(repaired, { ...options, lineCounter: lc2 });
      if (Array.isArray(docs2) && docs2.every((d) => d.errors.length === 0)) {
        docs = docs2;
        lc = lc2;
      }
    }
  }
  const out: Parsed = { manifests: [], findings: [] };
  for (const doc of Array.isArray(docs) ? docs : [docs]) {
    readDocument(doc as Document.Parsed, text, file, env, lc, opts, out);
  }
  return out;
}

function readDocument(
  doc: Document.Parsed,
  text: string,
  file: string,
  env: Env,
  lc: LineCounter,
  opts: ParseOptions,
  out: Parsed,
): void {
  const start = doc.contents?.range ? lc.linePos(doc.contents.range[0]).line : lc.linePos(doc.range[0]).line;
  if (doc.errors.length > 0) {
    const err = doc.errors[0];
    // An unclosed quote is reported where the input ends; the line to fix is where the quote opened.
    const opened =
      err?.code === 'MISSING_CHAR' && /quote/.test(err.message) ? openingQuote(text, err.pos[0]) : -1;
    const pos = opened >= 0 ? lc.linePos(opened) : err?.linePos?.[0];
    const first = (err?.message ?? 'invalid YAML').split('\n')[0] as string;
    const message = `invalid YAML: ${first.replace(/ at line \d+, column \d+:?$/, '')}${pos ? ` (column ${pos.col})` : ''}`;
    out.findings.push(finding(env, file, pos?.line ?? start, message));
    return;
  }
  if (doc.contents === null) return; // an empty document, e.g. a trailing `---`
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 1000 });
  } catch (err) {
    out.findings.push(finding(env, file, start, `invalid YAML: ${(err as Error).message}`));
    return;
  }
  if (value === null || value === undefined) return;
  if (typeof value !== 'object' || Array.isArray(value)) {
    out.findings.push(finding(env, file, start, 'not a Kubernetes object: the document is not a mapping'));
    return;
  }
  const object = value as KubeObject;
  if (!opts.anyMapping) {
    const missing = ['apiVersion', 'kind'].filter((k) => typeof object[k] !== 'string' || object[k] === '');
    if (missing.length > 0) {
      out.findings.push(
        finding(
          env,
          file,
          start,
          `not a Kubernetes object: ${missing.join(' and ')} missing; add them or move the file`,
        ),
      );
      return;
    }
  }
  out.manifests.push({ env, file, line: start, object, fieldLines: fieldLines(doc.contents, lc) });
}

function openingQuote(text: string, end: number): number {
  return Math.max(text.lastIndexOf('"', end - 1), text.lastIndexOf("'", end - 1));
}

function finding(env: Env, file: string, line: number, message: string): Finding {
  return { env, file, line, source: 'parse', enforcementAction: 'deny', message };
}
