import type { EnforcementAction, Finding, Manifest } from '../core/types.js';
import { fieldOrigin } from '../render/index.js';
import { type Engine, type Result, review } from './engine.js';
import { expand } from './expansion.js';
import type { Inventory } from './inventory.js';
import { violationPointer } from './locate.js';
import { reviewObject } from './review.js';

/**
 * Reviews every manifest as `gator test` does (`pkg/gator/test/test.go`): the object, then each object expansion
 * generates from it, whose results are the parent's, prefixed `[Implied by <template>]` and with the expansion's
 * enforcementAction when it sets one. Each result becomes a finding at the line of the field it is about.
 */
export function evaluateManifests(
  engine: Engine,
  manifests: Iterable<Manifest>,
  inventory: Inventory,
): Finding[] {
  const findings: Finding[] = [];
  for (const m of manifests) {
    for (const r of review(engine, reviewObject(m.object), inventory, 'Original')) {
      findings.push(toFinding(m, r, violationPointer(m.object, r.msg, r.details)));
    }
    let resultants: ReturnType<typeof expand>;
    try {
      resultants = expand(m.object, engine.expansions);
    } catch (err) {
      findings.push({
        ...objectFields(m),
        source: 'policy',
        enforcementAction: 'deny',
        message: `expanding resource: ${(err as Error).message}`,
        line: m.line,
      });
      continue;
    }
    for (const x of resultants) {
      for (const r of review(engine, reviewObject(x.object), inventory, 'Generated')) {
        const action = (x.template.enforcementAction as EnforcementAction | undefined) ?? r.enforcementAction;
        const pointer = violationPointer(x.object, r.msg, r.details);
        findings.push(
          toFinding(
            m,
            { ...r, msg: `[Implied by ${x.template.name}] ${r.msg}`, enforcementAction: action },
            x.pointer + pointer,
          ),
        );
      }
    }
  }
  return findings;
}

function toFinding(m: Manifest, r: Result, pointer: string): Finding {
  const origin = fieldOrigin(m, pointer);
  const f = objectFields(m, origin.file);
  f.line = origin.line;
  f.source = 'policy';
  f.enforcementAction = r.enforcementAction;
  f.message = r.msg;
  f.policy = r.constraint.kind;
  f.constraint = r.constraint.name;
  return f;
}

/** A finding's first fields, in the order every format prints them (assigned, not spread: one per finding). */
function objectFields(m: Manifest, file = m.file): Finding {
  const o = m.object;
  const f = { env: m.env, file } as Finding;
  if (o.apiVersion) f.apiVersion = o.apiVersion;
  if (o.kind) f.kind = o.kind;
  if (o.metadata?.namespace) f.namespace = o.metadata.namespace;
  if (o.metadata?.name) f.name = o.metadata.name;
  return f;
}
