import { describe, expect, test } from 'vitest';
import type { KubeObject } from '../core/types.js';
import { type Match, MatchError, matches, selectorMatch, wildcardMatches } from './match.js';

const pod = (ns: string | undefined, labels: Record<string, string> = {}, name = 'web-1'): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, ...(ns ? { namespace: ns } : {}), labels },
});
const namespace = (name: string, labels: Record<string, string> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name, labels },
});
const deployment: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'api', namespace: 'ledger' },
};
const clusterRole: KubeObject = {
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'ClusterRole',
  metadata: { name: 'reader' },
};

describe('wildcardMatches (Gatekeeper globs: leading and trailing * only)', () => {
  test.for([
    ['kube-*', 'kube-system', true],
    ['*-system', 'kube-system', true],
    ['*system*', 'gatekeeper-system-x', true],
    ['kube-system', 'kube-system', true],
    ['kube*system', 'kube-system', false],
    ['kube-', 'kube-system', false],
  ] as const)('%s ~ %s = %s', ([p, c, want]) => expect(wildcardMatches(p, c)).toBe(want));
});

describe('matches', () => {
  test.for<{ name: string; match: Match; object: KubeObject; ns?: KubeObject; want: boolean }>([
    { name: 'no criteria', match: {}, object: pod('a'), want: true },
    {
      name: 'kind in core group',
      match: { kinds: [{ apiGroups: [''], kinds: ['Pod'] }] },
      object: pod('a'),
      want: true,
    },
    {
      name: 'kind in other group',
      match: { kinds: [{ apiGroups: ['apps'], kinds: ['Pod'] }] },
      object: pod('a'),
      want: false,
    },
    {
      name: 'wildcard group',
      match: { kinds: [{ apiGroups: ['*'], kinds: ['Deployment'] }] },
      object: deployment,
      want: true,
    },
    {
      name: 'empty kinds list matches any kind',
      match: { kinds: [{ apiGroups: ['apps'] }] },
      object: deployment,
      want: true,
    },
    { name: 'scope Cluster on a namespaced pod', match: { scope: 'Cluster' }, object: pod('a'), want: false },
    { name: 'scope Cluster on a Namespace', match: { scope: 'Cluster' }, object: namespace('a'), want: true },
    {
      name: 'scope Namespaced on a Namespace',
      match: { scope: 'Namespaced' },
      object: namespace('a'),
      want: false,
    },
    {
      name: 'scope Namespaced on a ClusterRole',
      match: { scope: 'Namespaced' },
      object: clusterRole,
      want: false,
    },
    { name: 'unknown scope matches', match: { scope: 'Weird' }, object: clusterRole, want: true },
    { name: 'namespaces prefix', match: { namespaces: ['led*'] }, object: pod('ledger'), want: true },
    { name: 'namespaces miss', match: { namespaces: ['prod'] }, object: pod('ledger'), want: false },
    {
      name: 'namespaces on a cluster-scoped object',
      match: { namespaces: ['prod'] },
      object: clusterRole,
      want: true,
    },
    {
      name: 'Namespace object uses its own name',
      match: { namespaces: ['ledger'] },
      object: namespace('ledger'),
      want: true,
    },
    {
      name: 'excludedNamespaces suffix',
      match: { excludedNamespaces: ['*-system'] },
      object: pod('kube-system'),
      want: false,
    },
    {
      name: 'excludedNamespaces miss',
      match: { excludedNamespaces: ['kube-system'] },
      object: pod('ledger'),
      want: true,
    },
    {
      name: 'labelSelector',
      match: { labelSelector: { matchLabels: { app: 'web' } } },
      object: pod('a', { app: 'web' }),
      want: true,
    },
    {
      name: 'labelSelector miss',
      match: { labelSelector: { matchLabels: { app: 'web' } } },
      object: pod('a'),
      want: false,
    },
    {
      name: 'namespaceSelector from the inventory Namespace',
      match: { namespaceSelector: { matchLabels: { tier: 'pci' } } },
      object: pod('ledger'),
      ns: namespace('ledger', { tier: 'pci' }),
      want: true,
    },
    {
      name: 'namespaceSelector on a cluster-scoped object',
      match: { namespaceSelector: { matchLabels: { x: 'y' } } },
      object: clusterRole,
      want: true,
    },
    {
      name: 'namespaceSelector on a Namespace uses its labels',
      match: { namespaceSelector: { matchLabels: { x: 'y' } } },
      object: namespace('n', { x: 'y' }),
      want: true,
    },
    { name: 'name glob', match: { name: 'web-*' }, object: pod('a'), want: true },
    {
      name: 'name against generateName',
      match: { name: 'job-*' },
      object: { ...pod('a'), metadata: { generateName: 'job-', namespace: 'a' } },
      want: true,
    },
    {
      name: 'source Generated excludes an original',
      match: { source: 'Generated' },
      object: pod('a'),
      want: false,
    },
  ])('$name', ({ match, object, ns, want }) => {
    expect(matches(match, { object, ...(ns ? { namespace: ns } : {}), source: 'Original' })).toBe(want);
  });

  test('namespaceSelector on a namespaced object whose Namespace is unknown is an error, not a skip', () => {
    expect(() =>
      matches(
        { namespaceSelector: { matchLabels: { a: 'b' } } },
        { object: pod('ledger'), source: 'Original' },
      ),
    ).toThrow(new MatchError('namespace selector for namespace-scoped object but missing Namespace'));
  });
});

describe('selectorMatch', () => {
  test.for<{ name: string; op: string; values: string[]; labels: Record<string, string>; want: boolean }>([
    { name: 'In', op: 'In', values: ['a', 'b'], labels: { k: 'b' }, want: true },
    { name: 'In without the label', op: 'In', values: ['a'], labels: {}, want: false },
    { name: 'NotIn without the label matches', op: 'NotIn', values: ['a'], labels: {}, want: true },
    { name: 'NotIn with a listed value', op: 'NotIn', values: ['a'], labels: { k: 'a' }, want: false },
    { name: 'Exists', op: 'Exists', values: [], labels: { k: '' }, want: true },
    { name: 'DoesNotExist', op: 'DoesNotExist', values: [], labels: { k: 'x' }, want: false },
  ])('$name', ({ op, values, labels, want }) => {
    expect(selectorMatch({ matchExpressions: [{ key: 'k', operator: op, values }] }, labels)).toBe(want);
  });

  test('an invalid selector throws', () => {
    expect(() => selectorMatch({ matchExpressions: [{ key: 'k', operator: 'In', values: [] }] }, {})).toThrow(
      MatchError,
    );
  });
});

describe('metadata fields that are not strings read as "" (the unstructured getters)', () => {
  const odd = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 7, namespace: 5 } } as unknown as KubeObject;
  test('namespace 5 is no namespace: cluster scope matches, namespaced does not, namespace lists do not filter', () => {
    expect(matches({ scope: 'Cluster' }, { object: odd, source: 'Original' })).toBe(true);
    expect(matches({ scope: 'Namespaced' }, { object: odd, source: 'Original' })).toBe(false);
    expect(matches({ excludedNamespaces: ['*'] }, { object: odd, source: 'Original' })).toBe(true);
  });
  test('name 7 is an empty name', () => {
    expect(matches({ name: '7' }, { object: odd, source: 'Original' })).toBe(false);
    expect(matches({ name: '*' }, { object: odd, source: 'Original' })).toBe(true);
  });
});
