import type { KubeObject } from '../core/types.js';

type Json = Record<string, unknown>;

/** A constraint's `spec.match`, as Gatekeeper reads it (`pkg/mutation/match/match.go`). */
export interface Match {
  kinds?: { apiGroups?: string[]; kinds?: string[] }[];
  scope?: string;
  namespaces?: string[];
  excludedNamespaces?: string[];
  labelSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  name?: string;
  source?: string;
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/** Where the object came from: gator reviews are `Original`; expansion resultants `Generated`. */
export type Source = 'Original' | 'Generated';

/** The object under review plus what matching needs around it. */
export interface Matchable {
  object: KubeObject;
  /** The object's Namespace from the inventory (Gatekeeper's namespace cache), if known. */
  namespace?: KubeObject;
  source: Source;
}

/** Match failures Gatekeeper turns into an autoreject result rather than a skip. */
export class MatchError extends Error {}

const WILDCARD = '*';

/** Gatekeeper's glob: only a leading and/or trailing `*` (`pkg/wildcard/wildcard.go`). */
export function wildcardMatches(pattern: string, candidate: string): boolean {
  const lead = pattern.startsWith('*');
  const trail = pattern.endsWith('*');
  if (lead && trail) return candidate.includes(pattern.slice(1, -1));
  if (lead) return candidate.endsWith(pattern.slice(1));
  if (trail) return candidate.startsWith(pattern.slice(0, -1));
  return pattern === candidate;
}

function wildcardMatchesGenerateName(pattern: string, candidate: string): boolean {
  const lead = pattern.startsWith('*');
  const trail = pattern.endsWith('*');
  if (lead && trail) return candidate.includes(pattern.slice(1, -1));
  if (trail) return candidate.startsWith(pattern.slice(0, -1));
  return false;
}

/** Group of an apiVersion: `apps/v1` → `apps`, `v1` → ``. */
export function groupOf(apiVersion: string | undefined): string {
  const v = str(apiVersion);
  return v.includes('/') ? v.slice(0, v.indexOf('/')) : '';
}

/** A metadata field as Gatekeeper's unstructured getters read it: "" when absent or not a string. */
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

export function isNamespace(o: KubeObject): boolean {
  return o.kind === 'Namespace' && groupOf(o.apiVersion) === '';
}

/** Every matcher ANDed in Gatekeeper's order; throws MatchError where Gatekeeper errors. */
export function matches(match: Match, t: Matchable): boolean {
  return (
    kindsMatch(match, t) &&
    scopeMatch(match, t) &&
    namespacesMatch(match, t, true) &&
    namespacesMatch(match, t, false) &&
    selectorMatch(match.labelSelector, t.object.metadata?.labels) &&
    namespaceSelectorMatch(match, t) &&
    namesMatch(match, t) &&
    sourceMatch(match, t)
  );
}

function kindsMatch(match: Match, t: Matchable): boolean {
  return kindMatches(match, groupOf(t.object.apiVersion), t.object.kind ?? '');
}

/** The `kinds` matcher alone: it reads only the object's group and kind, and never throws. */
export function kindMatches(match: Match, group: string, kind: string): boolean {
  if (!match.kinds || match.kinds.length === 0) return true;
  return match.kinds.some((k) => {
    const kinds = k.kinds ?? [];
    const groups = k.apiGroups ?? [];
    const kindOk = kinds.length === 0 || kinds.includes(WILDCARD) || kinds.includes(kind);
    return kindOk && (groups.length === 0 || groups.includes(WILDCARD) || groups.includes(group));
  });
}

function scopeMatch(match: Match, t: Matchable): boolean {
  const hasNamespace = str(t.object.metadata?.namespace) !== '' || t.namespace !== undefined;
  const ns = isNamespace(t.object);
  if (match.scope === 'Cluster') return ns || !hasNamespace;
  if (match.scope === 'Namespaced') return !ns && hasNamespace;
  return true;
}

function namespacesMatch(match: Match, t: Matchable, include: boolean): boolean {
  const list = include ? match.namespaces : match.excludedNamespaces;
  if (!list || list.length === 0) return true;
  let namespace: string;
  if (isNamespace(t.object)) namespace = str(t.object.metadata?.name);
  else if (t.namespace) namespace = str(t.namespace.metadata?.name);
  else if (str(t.object.metadata?.namespace)) namespace = str(t.object.metadata?.namespace);
  else return true;
  const hit = list.some((p) => wildcardMatches(p, namespace));
  return include ? hit : !hit;
}

function namespaceSelectorMatch(match: Match, t: Matchable): boolean {
  if (!match.namespaceSelector) return true;
  const ns = isNamespace(t.object);
  if (!ns && !t.namespace && !str(t.object.metadata?.namespace)) return true;
  if (ns) return selectorMatch(match.namespaceSelector, t.object.metadata?.labels);
  if (!t.namespace)
    throw new MatchError('namespace selector for namespace-scoped object but missing Namespace');
  return selectorMatch(match.namespaceSelector, t.namespace.metadata?.labels);
}

function namesMatch(match: Match, t: Matchable): boolean {
  if (!match.name) return true;
  return (
    wildcardMatches(match.name, str(t.object.metadata?.name)) ||
    wildcardMatchesGenerateName(match.name, str(t.object.metadata?.generateName))
  );
}

function sourceMatch(match: Match, t: Matchable): boolean {
  const wanted = match.source || 'All';
  if (!['All', 'Original', 'Generated'].includes(wanted))
    throw new MatchError(`invalid source field "${wanted}"`);
  return wanted === 'All' || wanted === t.source;
}

/** Kubernetes label selector semantics (`metav1.LabelSelectorAsSelector`); an invalid one throws MatchError. */
export function selectorMatch(
  selector: LabelSelector | undefined,
  labels: Record<string, string> | undefined,
): boolean {
  if (!selector) return true;
  const have = labels ?? {};
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (have[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    const values = e.values ?? [];
    const present = Object.hasOwn(have, e.key);
    switch (e.operator) {
      case 'In':
        if (values.length === 0)
          throw new MatchError(
            `values: Required value: for 'in', 'notin' operators, values set can't be empty`,
          );
        if (!present || !values.includes(have[e.key] as string)) return false;
        break;
      case 'NotIn':
        if (values.length === 0)
          throw new MatchError(
            `values: Required value: for 'in', 'notin' operators, values set can't be empty`,
          );
        if (present && values.includes(have[e.key] as string)) return false;
        break;
      case 'Exists':
        if (values.length > 0)
          throw new MatchError(
            `values: Forbidden: may not be specified when \`operator\` is 'Exists' or 'DoesNotExist'`,
          );
        if (!present) return false;
        break;
      case 'DoesNotExist':
        if (values.length > 0)
          throw new MatchError(
            `values: Forbidden: may not be specified when \`operator\` is 'Exists' or 'DoesNotExist'`,
          );
        if (present) return false;
        break;
      default:
        throw new MatchError(`"${e.operator}" is not a valid label selector operator`);
    }
  }
  return true;
}

/** Reads `spec.match` leniently; the schema check reports malformed fields. */
export function readMatch(spec: Json): Match | undefined {
  const m = spec.match;
  return typeof m === 'object' && m !== null && !Array.isArray(m) ? (m as Match) : undefined;
}
