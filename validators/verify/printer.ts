import { type SuiteResult, suiteFailed, testFailed } from './result.js';

/** gator's Duration format (`%.3fs`). */
const secs = (ms: number): string => `${(ms / 1000).toFixed(3)}s`;

/** Prints results exactly in gator's Go-test-like layout (`pkg/gator/verify/printer_go.go`). */
export function printResults(results: SuiteResult[], verbose: boolean): string {
  const out: string[] = [];
  for (const s of results) {
    for (const t of s.tests) {
      if (verbose) {
        if (t.skipped) {
          out.push(`=== SKIP  ${t.name}`);
          continue;
        }
        out.push(`=== RUN   ${t.name}`);
      }
      for (const c of t.cases) {
        if (verbose) {
          if (c.skipped) {
            out.push(`    === SKIP  ${c.name}`);
            continue;
          }
          out.push(`    === RUN   ${c.name}`);
        }
        if (c.error !== undefined) {
          out.push(`    --- FAIL: ${c.name}\t(${secs(c.runtimeMs)})`, `        ${c.error}`);
        } else if (verbose) {
          out.push(`    --- PASS: ${c.name}\t(${secs(c.runtimeMs)})`);
        }
      }
      if (testFailed(t)) {
        out.push(`--- FAIL: ${t.name}\t(${secs(t.runtimeMs)})`);
        if (t.error !== undefined) out.push(`  ${t.error}`);
      } else if (verbose) {
        out.push(`--- PASS: ${t.name}\t(${secs(t.runtimeMs)})`);
      }
    }
    if (suiteFailed(s)) {
      out.push(`FAIL\t${s.path}\t${secs(s.runtimeMs)}`);
      if (s.error !== undefined) out.push(`  ${s.error}`);
    } else {
      out.push(`ok\t${s.path}\t${secs(s.runtimeMs)}`);
    }
  }
  out.push(results.some(suiteFailed) ? 'FAIL' : 'PASS');
  return `${out.join('\n')}\n`;
}
