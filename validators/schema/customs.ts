import type { Ajv, ValidateFunction } from 'ajv';
import type { KubeObject } from '../core/types.js';
import { type CustomKind, crdKinds } from './crd.js';
import { constraintKinds, gatekeeperKinds } from './gatekeeper.js';
import { fromAjv, type Problem } from './problems.js';

interface Entry {
  custom: CustomKind;
  /** Repository CRDs (1) win over the Gatekeeper kinds restated in gatekeeper.ts (0). */
  rank: number;
  key: string;
  check?: (object: unknown) => Problem[];
}

/** Kinds defined by CRDs and ConstraintTemplates, each compiled on first use. */
export class Customs {
  private readonly entries = new Map<string, Entry>();
  private readonly seen = new WeakSet<object>();

  constructor(private readonly ajv: Ajv) {
    for (const custom of gatekeeperKinds()) this.put(custom, 0);
  }

  /** Registers the CRDs and ConstraintTemplates among `objects`; anything else is ignored. */
  add(objects: Iterable<KubeObject>): void {
    for (const o of objects) {
      if (this.seen.has(o)) continue;
      this.seen.add(o);
      if (o.apiVersion === 'apiextensions.k8s.io/v1' && o.kind === 'CustomResourceDefinition') {
        for (const custom of crdKinds(o)) this.put(custom, 1);
      } else if (o.apiVersion?.startsWith('templates.gatekeeper.sh/') && o.kind === 'ConstraintTemplate') {
        for (const custom of constraintKinds(o)) this.put(custom, 1);
      }
    }
  }

  /** Checks an object of `apiVersion`/`kind`, if a CRD or template defines it. */
  get(apiVersion: string, kind: string): ((object: unknown) => Problem[]) | undefined {
    const entry = this.entries.get(`${apiVersion}/${kind}`);
    if (!entry) return undefined;
    entry.check ??= this.compile(entry);
    return entry.check;
  }

  private put(custom: CustomKind, rank: number): void {
    const id = `${custom.apiVersion}/${custom.kind}`;
    const key = JSON.stringify(custom.schema);
    const old = this.entries.get(id);
    // The same CRD met again (another environment renders it too) keeps its compiled validator.
    if (old && (old.rank > rank || old.key === key)) return;
    this.entries.set(id, { custom, rank, key });
  }

  private compile(entry: Entry): (object: unknown) => Problem[] {
    let fn: ValidateFunction;
    try {
      fn = this.ajv.compile(entry.custom.schema);
    } catch (err) {
      const text = `cannot check: the schema from ${entry.custom.origin} does not compile (${(err as Error).message})`;
      return () => [{ pointer: '', linePointer: '/kind', text }];
    }
    return (object) => (fn(object) ? [] : fromAjv(fn.errors ?? [], object));
  }
}
