import type { Finding } from '../core/types.js';
import type { Format } from './format.js';

const paint = (on: boolean, code: number, s: string) => (on ? `\u001b[${code}m${s}\u001b[0m` : s);
const ACTION_COLOR = { deny: 31, warn: 33, dryrun: 36 } as const;

/** Human text grouped by environment, then file, findings in line order; a summary line last. */
export const text: Format = (report, { color }) => {
  const out: string[] = [];
  const groups = new Map<string, Finding[]>();
  for (const f of report.findings) {
    const key = `${f.env}\u0000${f.file}`;
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  const envs = new Set(report.findings.map((f) => f.env));
  for (const [key, findings] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
    const [env, file] = key.split('\u0000') as [string, string];
    out.push(paint(color, 1, envs.size > 1 || env !== 'default' ? `${file} (${env})` : file));
    for (const f of findings.sort((a, b) => a.line - b.line)) {
      const what = [
        f.kind && `${f.kind}/${f.namespace ? `${f.namespace}/` : ''}${f.name ?? ''}`,
        f.constraint && `[${f.policy}/${f.constraint}]`,
      ]
        .filter(Boolean)
        .join(' ');
      const action = paint(color, ACTION_COLOR[f.enforcementAction], f.enforcementAction.padEnd(6));
      out.push(
        `  ${String(f.line).padStart(4)}  ${action} ${f.source.padEnd(6)} ${f.message}${what ? `  ${paint(color, 2, what)}` : ''}`,
      );
    }
  }
  for (const e of report.exceptions ?? []) {
    out.push(
      `${paint(color, 36, 'exception')} ${e.name} (${e.file}:${e.line}) waives ${e.policy} for ${e.waived.length} finding(s) until ${e.expires}; owner ${e.owner}, ${e.ticket}: ${e.reason}`,
    );
  }
  if ((report.notRendered ?? []).length > 0) {
    out.push(
      `not rendered (validated as Argo CD objects only): ${(report.notRendered ?? []).map((n) => `${n.env}/${n.app}`).join(', ')}`,
    );
  }
  for (const e of report.envs ?? []) {
    out.push(
      `${e.env}: ${e.objects} object(s), ${e.errors} error(s), ${e.warnings} warning(s); inventory: ${e.inventory}`,
    );
  }
  const s = report.summary;
  if (out.length > 0) out.push('');
  out.push(
    `${s.errors} error(s), ${s.warnings} warning(s) in ${s.objects} object(s) checked against ${s.policies} constraint(s) (${Math.round(s.durationMs)} ms)`,
  );
  return `${out.join('\n')}\n`;
};
