import { describe, expect, test } from 'vitest';
import type { Finding, Report } from '../core/types.js';
import { json, jsonChunks } from './json.js';

const finding = (i: number): Finding => ({
  env: i % 2 ? 'dev' : 'prod',
  file: `apps/ledger/f${i}.yaml`,
  line: i + 1,
  source: 'policy',
  enforcementAction: i % 3 ? 'deny' : 'warn',
  message: `container "api-${i}" has no "quoted\\" text\nand a newline`,
  kind: 'Deployment',
  name: `api-${i}`,
});
const summary = { errors: 1, warnings: 2, objects: 3, policies: 4, durationMs: 5.5 };

describe('json format', () => {
  test.for([
    { name: 'no findings', report: { summary, findings: [] } },
    { name: 'one finding', report: { summary, findings: [finding(0)] } },
    {
      name: 'several chunks of findings',
      report: { summary, findings: Array.from({ length: 1203 }, (_, i) => finding(i)) },
    },
    {
      name: 'findings with nested values, undefined fields, odd numbers and no fields at all',
      report: {
        summary,
        findings: [
          { ...finding(1), extra: { a: [1, { b: null }], e: {} }, gone: undefined, nan: Number.NaN },
          {} as Finding,
          { ...finding(2), empty: [] },
        ],
      } as Report,
    },
    {
      name: 'other keys before and after, undefined ones left out',
      report: {
        summary,
        findings: [finding(1), finding(2)],
        envs: [{ env: 'dev', objects: 1, errors: 0, warnings: 0 }],
        notRendered: undefined,
      } as Report,
    },
  ])('$name: exactly JSON.stringify(report, null, 2)', ({ report }) => {
    expect(json(report as Report, { color: false })).toBe(`${JSON.stringify(report, null, 2)}\n`);
  });

  test('a large report is written in bounded chunks', () => {
    const report = { summary, findings: Array.from({ length: 5000 }, (_, i) => finding(i)) };
    const chunks = [...jsonChunks(report)];
    expect(chunks.length).toBeGreaterThan(10);
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThan(200_000);
  });
});
