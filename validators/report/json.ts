import type { Report } from '../core/types.js';
import type { Format } from './format.js';

/** The report as JSON: `summary` and `findings` with exactly the documented fields. */
export const json: Format = (report) => [...jsonChunks(report)].join('');

/** Findings per chunk: large enough for few writes, small enough that no chunk is a large string. */
const FINDINGS_PER_CHUNK = 500;

/**
 * `JSON.stringify(report, null, 2)` and a newline, in chunks of findings: a run with tens of thousands of findings
 * never builds its whole output as one string (at 16k findings that string and its building cost 40 MB).
 */
export function* jsonChunks(report: Report): Generator<string> {
  const entries = Object.entries(report).filter(([, v]) => v !== undefined && typeof v !== 'function');
  if (entries.length === 0) {
    yield '{}\n';
    return;
  }
  yield '{';
  for (const [i, [key, value]] of entries.entries()) {
    const head = `${i === 0 ? '' : ','}\n  ${JSON.stringify(key)}: `;
    if (key !== 'findings' || !Array.isArray(value) || value.length === 0) {
      yield head + nested(value, '  ');
      continue;
    }
    yield `${head}[`;
    for (let at = 0; at < value.length; at += FINDINGS_PER_CHUNK) {
      const items = value.slice(at, at + FINDINGS_PER_CHUNK).map((f) => `\n    ${nested(f ?? null, '    ')}`);
      yield (at === 0 ? '' : ',') + items.join(',');
    }
    yield '\n  ]';
  }
  yield '\n}\n';
}

/** A value's indented JSON placed at `indent` (JSON strings hold no raw newline, so every newline is structure). */
function nested(value: unknown, indent: string): string {
  return JSON.stringify(value, null, 2).replaceAll('\n', `\n${indent}`);
}
