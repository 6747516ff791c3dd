import type { KubeObject } from '../core/types.js';
import { groupOf } from './match.js';

type Json = Record<string, unknown>;

/** One thing to review: the AdmissionRequest Gatekeeper builds, plus matching context. */
export interface ReviewRequest {
  /** `input.review` exactly as the Rego sees it (an AdmissionRequest as JSON, plus `namespaceObject`). */
  review: Json;
  /** The objects matched against constraints: object and oldObject (`pkg/target/matcher.go` matchAny). */
  object?: KubeObject;
  oldObject?: KubeObject;
  /** The request's namespace, for the namespace cache. */
  namespace: string;
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A plain object reviewed as gator does (`pkg/target/target.go` unstructuredToAdmissionRequest): an
 * AdmissionRequest with kind, name, namespace and object, serialised with Go's omitempty rules.
 */
export function reviewObject(object: KubeObject): ReviewRequest {
  const apiVersion = object.apiVersion ?? '';
  const review: Json = {
    uid: '',
    kind: { group: groupOf(apiVersion), version: apiVersion.slice(apiVersion.indexOf('/') + 1), kind: object.kind ?? '' },
    resource: { group: '', version: '', resource: '' },
  };
  if (object.metadata?.name) review.name = object.metadata.name;
  if (object.metadata?.namespace) review.namespace = object.metadata.namespace;
  Object.assign(review, { operation: '', userInfo: {}, object, oldObject: null, options: null, namespaceObject: {} });
  return { review, object, namespace: object.metadata?.namespace ?? '' };
}

/** Whether a case object is an AdmissionReview (gator: any version of admission.k8s.io). */
export function isAdmissionReview(object: KubeObject): boolean {
  return object.kind === 'AdmissionReview' && groupOf(object.apiVersion) === 'admission.k8s.io';
}

const REQUEST_FIELDS = new Set([
  'uid', 'kind', 'resource', 'subResource', 'requestKind', 'requestResource', 'requestSubResource', 'name',
  'namespace', 'operation', 'userInfo', 'object', 'oldObject', 'dryRun', 'options',
]);

/**
 * An AdmissionReview reviewed as its request (gator `verify/runner.go`): decoded strictly, the request passed as is,
 * and on DELETE `oldObject` copied into `object` (`pkg/target/target.go` setObjectOnDelete).
 */
export function reviewAdmission(object: KubeObject): ReviewRequest {
  const request = object.request;
  if (!isObject(request)) throw new Error('AdmissionReview has no request');
  const unknown = Object.keys(request).filter((k) => !REQUEST_FIELDS.has(k));
  if (unknown.length > 0) throw new Error(`unknown field(s) in AdmissionReview request: ${unknown.join(', ')}`);
  const obj = isObject(request.object) ? (request.object as KubeObject) : undefined;
  const old = isObject(request.oldObject) ? (request.oldObject as KubeObject) : undefined;
  if (!obj && !old) throw new Error('AdmissionReview request has neither object nor oldObject');
  const review: Json = {
    uid: request.uid ?? '',
    kind: { group: '', version: '', kind: '', ...(isObject(request.kind) ? request.kind : {}) },
    resource: { group: '', version: '', resource: '', ...(isObject(request.resource) ? request.resource : {}) },
  };
  for (const k of ['subResource', 'requestKind', 'requestResource', 'requestSubResource', 'name', 'namespace']) {
    if (request[k] !== undefined && request[k] !== '' && request[k] !== null) review[k] = request[k];
  }
  let reviewed = obj ?? null;
  if (request.operation === 'DELETE') {
    if (!old) throw new Error('oldObject cannot be nil for DELETE operations');
    reviewed = old;
  }
  Object.assign(review, {
    operation: request.operation ?? '',
    userInfo: isObject(request.userInfo) ? request.userInfo : {},
    object: reviewed,
    oldObject: old ?? null,
  });
  if (request.dryRun !== undefined && request.dryRun !== null) review.dryRun = request.dryRun;
  review.options = request.options ?? null;
  review.namespaceObject = {};
  return {
    review,
    ...(reviewed ? { object: reviewed } : {}),
    ...(old ? { oldObject: old } : {}),
    namespace: typeof request.namespace === 'string' ? request.namespace : '',
  };
}
