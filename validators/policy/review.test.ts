import { describe, expect, test } from 'vitest';
import type { KubeObject } from '../core/types.js';
import { goJson, reviewAdmission, reviewObject } from './review.js';

const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'ns1' }, spec: {} };

describe('reviewObject', () => {
  test('builds the AdmissionRequest gator builds, with Go omitempty rules', () => {
    expect(reviewObject(pod).review).toEqual({
      uid: '',
      kind: { group: '', version: 'v1', kind: 'Pod' },
      resource: { group: '', version: '', resource: '' },
      name: 'p',
      namespace: 'ns1',
      operation: '',
      userInfo: {},
      object: pod,
      oldObject: null,
      options: null,
      namespaceObject: {},
    });
  });

  test('a cluster-scoped object has no namespace key and splits its group', () => {
    const r = reviewObject({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'x' },
    }).review;
    expect(r).not.toHaveProperty('namespace');
    expect(r.kind).toEqual({ group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'ClusterRole' });
  });

  test.for([
    ['a namespaced object', pod],
    [
      'no name, no namespace, odd numbers',
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: {}, n: [0.5, -0, 1e21] },
    ],
    ['fields that are not strings', { apiVersion: 5, kind: true, metadata: { name: 7, namespace: ['x'] } }],
  ] as [string, KubeObject][])(
    'its JSON is goJson of the review, built without serialising it again: %s',
    ([, o]) => {
      const r = reviewObject(o);
      expect(r.reviewJson).toBe(goJson(r.review));
    },
  );
});

describe('reviewAdmission', () => {
  const ar = (request: Record<string, unknown>) => ({
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request,
  });

  test('UPDATE keeps oldObject, operation and userInfo', () => {
    const old = { ...pod, metadata: { ...pod.metadata, labels: { v: '1' } } };
    const r = reviewAdmission(
      ar({
        operation: 'UPDATE',
        object: pod,
        oldObject: old,
        userInfo: { username: 'alice' },
        namespace: 'ns1',
      }),
    );
    expect(r.review).toMatchObject({
      operation: 'UPDATE',
      object: pod,
      oldObject: old,
      userInfo: { username: 'alice' },
    });
    expect(r.namespace).toBe('ns1');
  });

  test('DELETE reviews oldObject as object', () => {
    const r = reviewAdmission(ar({ operation: 'DELETE', oldObject: pod }));
    expect(r.review.object).toEqual(pod);
    expect(r.object).toEqual(pod);
  });

  test.for([
    { name: 'DELETE without oldObject', request: { operation: 'DELETE', object: pod }, error: /oldObject/ },
    { name: 'no object at all', request: { operation: 'CREATE' }, error: /neither object nor oldObject/ },
    { name: 'an unknown field', request: { object: pod, bogus: 1 }, error: /unknown field/ },
  ])('$name is an error', ({ request, error }) => {
    expect(() => reviewAdmission(ar(request))).toThrow(error);
  });
});

describe('reviewJson', () => {
  test.for([
    { value: 1.5, json: '1.5' },
    { value: 100, json: '100' },
    { value: 0.000001, json: '1e-06' },
    { value: 1.2345678901234567e19, json: '1.2345678901234567e+19' },
    { value: -0, json: '0' },
  ])('a number $value is sent as $json', ({ value, json }) => {
    const r = reviewObject({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c' },
      data: { v: value } as never,
    });
    expect(r.reviewJson).toContain(`"data":{"v":${json}}`);
    expect(JSON.parse(r.reviewJson)).toEqual(JSON.parse(JSON.stringify(r.review)));
  });
});
