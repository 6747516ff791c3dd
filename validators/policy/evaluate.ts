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
  return {
    ...objectFields(m),
    file: origin.file,
    line: origin.line,
    source: 'policy',
    enforcementAction: r.enforcementAction,
    message: r.msg,
    policy: r.constraint.kind,
    constraint: r.constraint.name,
  };
}

function objectFields(m: Manifest): Omit<Finding, 'line' | 'source' | 'enforcementAction' | 'message'> {
  const o = m.object;
  return {
    env: m.env,
    file: m.file,
    ...(o.apiVersion ? { apiVersion: o.apiVersion } : {}),
    ...(o.kind ? { kind: o.kind } : {}),
    ...(o.metadata?.namespace ? { namespace: o.metadata.namespace } : {}),
    ...(o.metadata?.name ? { name: o.metadata.name } : {}),
  };
}
