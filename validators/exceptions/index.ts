import type { AppliedException, Finding, Manifest } from '../core/types.js';

/** A governed exception (`tollgate.io/v1alpha1 PolicyException`): one policy waived for one exact target, until a date. */
export interface PolicyException {
  name: string;
  file: string;
  line: number;
  /** Template kind (`K8sDenyPrivileged`), as findings carry it in `policy`. */
  policy: string;
  environments: string[];
  namespace?: string;
  kind: string;
  objectName: string;
  /** A container the message must name; omitted = any finding of the policy on the object. */
  container?: string;
  reason: string;
  owner: string;
  ticket: string;
  /** `YYYY-MM-DD`; the exception stops applying at the start of the next day (UTC). */
  expires: string;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string =>
  typeof v === 'string' ? v.trim() : v instanceof Date ? v.toISOString().slice(0, 10) : '';

/** Reads exception files; an incomplete one is a deny finding at its line and is not applied. */
export function readExceptions(manifests: Manifest[]): {
  exceptions: PolicyException[];
  findings: Finding[];
} {
  const exceptions: PolicyException[] = [];
  const findings: Finding[] = [];
  for (const m of manifests) {
    const o = m.object;
    if (o.apiVersion !== 'tollgate.io/v1alpha1' || o.kind !== 'PolicyException') continue;
    const spec = isObject(o.spec) ? o.spec : {};
    const target = isObject(spec.target) ? spec.target : {};
    const fail = (pointer: string, message: string) =>
      findings.push({
        env: 'all',
        file: m.file,
        line: m.fieldLines[pointer] ?? m.line,
        source: 'policy',
        enforcementAction: 'deny',
        message: `exception ${o.metadata?.name ?? '(unnamed)'}: ${message}`,
        apiVersion: o.apiVersion,
        kind: o.kind,
        ...(o.metadata?.name ? { name: o.metadata.name } : {}),
      });
    const missing = [
      ['policy', spec.policy],
      ['owner', spec.owner],
      ['reason', spec.reason],
      ['ticket', spec.ticket],
      ['expires', spec.expires],
      ['target.kind', target.kind],
      ['target.name', target.name],
    ].filter(([, v]) => text(v) === '');
    if (!o.metadata?.name) missing.unshift(['metadata.name', undefined]);
    if (missing.length > 0) {
      fail(
        '/spec',
        `${missing.map(([k]) => k).join(', ')} required; an exception names its policy, exact target, owner, reason, ticket and expiry`,
      );
      continue;
    }
    const expires = text(spec.expires);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(expires) || Number.isNaN(Date.parse(`${expires}T00:00:00Z`))) {
      fail('/spec/expires', `expires must be a date YYYY-MM-DD, got ${JSON.stringify(expires)}`);
      continue;
    }
    const envs = Array.isArray(target.environments) ? target.environments.map(String) : [];
    if (envs.length === 0) {
      fail('/spec/target', 'target.environments must list the environments it applies to');
      continue;
    }
    exceptions.push({
      name: o.metadata?.name as string,
      file: m.file,
      line: m.line,
      policy: text(spec.policy),
      environments: envs,
      ...(text(target.namespace) ? { namespace: text(target.namespace) } : {}),
      kind: text(target.kind),
      objectName: text(target.name),
      ...(text(target.container) ? { container: text(target.container) } : {}),
      reason: text(spec.reason),
      owner: text(spec.owner),
      ticket: text(spec.ticket),
      expires,
    });
  }
  return { exceptions, findings };
}

/**
 * Applies exceptions after evaluation: a policy finding on exactly the named target is waived and listed with its
 * exception. An expired exception waives nothing and is itself a deny finding; so is one that matches nothing in
 * the environments it names (a stale exception hides the next real violation).
 */
export function applyExceptions(
  findings: Finding[],
  exceptions: PolicyException[],
  today: string,
  envs: string[],
): { findings: Finding[]; applied: AppliedException[] } {
  const applied: AppliedException[] = [];
  const waived = new Set<Finding>();
  const out: Finding[] = [];
  for (const e of exceptions) {
    const at = {
      env: 'all',
      file: e.file,
      line: e.line,
      source: 'policy' as const,
      enforcementAction: 'deny' as const,
      apiVersion: 'tollgate.io/v1alpha1',
      kind: 'PolicyException',
      name: e.name,
    };
    if (e.expires < today) {
      out.push({
        ...at,
        message: `exception ${e.name} (${e.ticket}, owner ${e.owner}) expired on ${e.expires}; ${e.policy} applies again to ${e.kind}/${e.objectName}: fix the object or renew the exception through review`,
      });
      continue;
    }
    const hits = findings.filter((f) => matchesException(e, f));
    if (hits.length === 0) {
      if (e.environments.some((env) => envs.includes(env))) {
        out.push({
          ...at,
          message: `exception ${e.name} matches no finding of ${e.policy} on ${e.kind}/${e.namespace ? `${e.namespace}/` : ''}${e.objectName} in ${e.environments.join(', ')}; remove it`,
        });
      }
      continue;
    }
    for (const h of hits) waived.add(h);
    applied.push({
      name: e.name,
      file: e.file,
      line: e.line,
      policy: e.policy,
      owner: e.owner,
      ticket: e.ticket,
      expires: e.expires,
      reason: e.reason,
      waived: hits,
    });
  }
  return { findings: [...findings.filter((f) => !waived.has(f)), ...out], applied };
}

function matchesException(e: PolicyException, f: Finding): boolean {
  if (f.source !== 'policy' || f.policy !== e.policy || !e.environments.includes(f.env)) return false;
  if (f.kind !== e.kind || f.name !== e.objectName || (f.namespace ?? '') !== (e.namespace ?? ''))
    return false;
  if (!e.container) return true;
  const word = e.container.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^\\w-])${word}($|[^\\w-])`).test(f.message);
}
