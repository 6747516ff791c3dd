import { Ajv } from 'ajv';
import type { EnforcementAction, Finding, KubeObject, Manifest } from '../core/types.js';
import { lineFor } from '../parse/index.js';
import { checkAddon, loadAddons } from './addons.js';
import { Builtins, groupOf, loadBundle } from './builtin.js';
import { Customs } from './customs.js';
import { formats } from './formats.js';
import { child, closest, readablePath } from './paths.js';
import { fromAjv, type Problem } from './problems.js';

export interface SchemaOptions {
  /** An object of a kind no schema covers is a deny finding, not a warning. */
  strict: boolean;
  /**
   * The `apiVersion/kind`s that will be checked, when known up front: only their add-on models are loaded
   * (loading all of them takes ≈0.6 s). Checking an object of another kind then needs a new checker.
   */
  kinds?: string[];
  /** CustomResourceDefinitions (and Gatekeeper ConstraintTemplates) found in the repository or rendered output. */
  crds: KubeObject[];
}

export interface SchemaChecker {
  check(manifests: Manifest[]): Finding[];
}

/** Compiles validators once; check() is then synchronous and fast. */
export async function createSchemaChecker(opts: SchemaOptions): Promise<SchemaChecker> {
  const ajv = new Ajv({
    allErrors: true,
    verbose: true, // errors carry their parent schema: the known fields for "did you mean"
    strict: false,
    logger: false,
    formats: { ...formats, 'date-time': true, double: true },
  });
  const builtins = new Builtins(ajv, await loadBundle());
  const addons = await loadAddons(opts.kinds ? new Set(opts.kinds) : undefined);
  const customs = new Customs(ajv);
  customs.add(opts.crds);
  const version = builtins.bundle.kubernetesVersion.replace(/\.0$/, '');

  /** What is wrong with `object`, found at pointer `at` of manifest `m` (`''`, or `/items/3` in a List). */
  function checkObject(m: Manifest, object: KubeObject, at: string, out: Finding[]): void {
    const { apiVersion, kind } = object;
    const finding = (line: number, action: EnforcementAction, message: string): void => {
      out.push({ ...identity(m, object, line, action), message });
    };
    const report = (problems: Problem[]): void => {
      for (const p of problems) {
        const line = lineFor(m.fieldLines, at + p.linePointer, m.line);
        // A problem at the root is about the object as a whole (its schema could not be compiled).
        const path = p.pointer === '' ? '' : `${readablePath(m.object, at + p.pointer)}: `;
        finding(line, 'deny', `${path}${p.text}`);
      }
    };
    const kindLine = lineFor(m.fieldLines, child(at, 'kind'), m.line);
    if (typeof apiVersion !== 'string' || typeof kind !== 'string') {
      finding(kindLine, 'deny', 'apiVersion and kind must be strings: no schema to check the object against');
      return;
    }
    // `kind: List` is kubectl's, not the API server's: each item is created on its own.
    if (apiVersion === 'v1' && kind === 'List' && Array.isArray(object.items)) {
      report(
        Object.keys(object)
          .filter((k) => !['apiVersion', 'kind', 'metadata', 'items'].includes(k))
          .map((k) => ({ pointer: child('', k), linePointer: child('', k), text: 'unknown field' })),
      );
      (object.items as unknown[]).forEach((item, i) => {
        const itemAt = child(child(at, 'items'), String(i));
        if (item !== null && typeof item === 'object' && !Array.isArray(item)) {
          checkObject(m, item as KubeObject, itemAt, out);
        } else {
          report([
            {
              pointer: child('/items', String(i)),
              linePointer: child('/items', String(i)),
              text: 'must be an object',
            },
          ]);
        }
      });
      return;
    }
    const builtin = builtins.get(apiVersion, kind);
    if (builtin) {
      if (!builtin(object)) report(fromAjv(builtin.errors ?? [], object));
      return;
    }
    const custom = customs.get(apiVersion, kind);
    if (custom) {
      report(custom(object));
      return;
    }
    const addon = addons.get(`${apiVersion}/${kind}`);
    if (addon) {
      report(checkAddon(addon, object));
      return;
    }
    if (builtins.isBuiltinGroup(apiVersion)) {
      // No CRD can add a kind to a group the API server serves itself: it would refuse this object.
      const served = builtins.servedAs(kind);
      const inGroup = served.filter((v) => groupOf(v) === groupOf(apiVersion));
      const guess = closest(kind, builtins.kindsOf(apiVersion));
      finding(
        kindLine,
        'deny',
        served.length > 0
          ? `${apiVersion} ${kind} is not served by Kubernetes ${version}: use ${(inGroup.length > 0 ? inGroup : served).join(' or ')}`
          : `unknown kind ${apiVersion} ${kind}${guess ? ` (did you mean "${guess}"?)` : ''}: Kubernetes ${version} does not serve it`,
      );
      return;
    }
    finding(
      kindLine,
      opts.strict ? 'deny' : 'warn',
      `no schema for ${apiVersion} ${kind}: no CRD in the repository or add-on package defines it, so it was not checked`,
    );
  }

  return {
    check(manifests) {
      // Constraints are checked against the templates met in the same run, as Gatekeeper would serve them.
      customs.add(manifests.map((m) => m.object));
      const findings: Finding[] = [];
      for (const m of manifests) {
        const own: Finding[] = [];
        checkObject(m, m.object, '', own);
        findings.push(...own.sort((a, b) => a.line - b.line));
      }
      return findings;
    },
  };
}

function identity(
  m: Manifest,
  object: KubeObject,
  line: number,
  enforcementAction: EnforcementAction,
): Omit<Finding, 'message'> {
  const f: Omit<Finding, 'message'> = { env: m.env, file: m.file, line, source: 'schema', enforcementAction };
  if (typeof object.apiVersion === 'string') f.apiVersion = object.apiVersion;
  if (typeof object.kind === 'string') f.kind = object.kind;
  if (typeof object.metadata?.namespace === 'string') f.namespace = object.metadata.namespace;
  if (typeof object.metadata?.name === 'string') f.name = object.metadata.name;
  return f;
}
