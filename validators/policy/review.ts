import type { KubeObject } from '../core/types.js';
import { formatFloat } from './builtins/go-float.js';
import { groupOf } from './match.js';

type Json = Record<string, unknown>;

/** One thing to review: the AdmissionRequest Gatekeeper builds, plus matching context. */
export interface ReviewRequest {
  /** `input.review` exactly as the Rego sees it (an AdmissionRequest as JSON, plus `namespaceObject`). */
  review: Json;
  /** `review` as JSON text with numbers as Gatekeeper hands them to OPA (`goJson`). */
  reviewJson: string;
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
  // The unstructured getters gator uses read a field that is not a string as "".
  const apiVersion = typeof object.apiVersion === 'string' ? object.apiVersion : '';
  const name = typeof object.metadata?.name === 'string' ? object.metadata.name : '';
  const namespace = typeof object.metadata?.namespace === 'string' ? object.metadata.namespace : '';
  const review: Json = {
    uid: '',
    kind: {
      group: groupOf(apiVersion),
      version: apiVersion.slice(apiVersion.indexOf('/') + 1),
      kind: typeof object.kind === 'string' ? object.kind : '',
    },
    resource: { group: '', version: '', resource: '' },
  };
  if (name) review.name = name;
  if (namespace) review.namespace = namespace;
  Object.assign(review, {
    operation: '',
    userInfo: {},
    object,
    oldObject: null,
    options: null,
    namespaceObject: {},
  });
  // goJson(review), with the object's own JSON taken from objectJson (the inventory wrote it already).
  let head = `{"uid":"","kind":${goJson(review.kind)},"resource":{"group":"","version":"","resource":""}`;
  if (review.name !== undefined) head += `,"name":${goJson(review.name)}`;
  if (review.namespace !== undefined) head += `,"namespace":${goJson(review.namespace)}`;
  const reviewJson = `${head},"operation":"","userInfo":{},"object":${objectJson(object)},"oldObject":null,"options":null,"namespaceObject":{}}`;
  return { review, reviewJson, object, namespace };
}

/** goJson of objects that are not changed after they are read, each serialised once (inventory and review share it). */
const objectJsons = new WeakMap<object, string>();

/** Records `json` as objectJson of `object`, which was just parsed from it. */
export function rememberObjectJson(object: KubeObject, json: string): void {
  objectJsons.set(object, json);
}

/** `goJson(object)`, computed once per object: only for objects nothing modifies once read (parsed manifests). */
export function objectJson(object: KubeObject): string {
  let text = objectJsons.get(object);
  if (text === undefined) {
    text = goJson(object);
    objectJsons.set(object, text);
  }
  return text;
}

/** Whether a case object is an AdmissionReview (gator: any version of admission.k8s.io). */
export function isAdmissionReview(object: KubeObject): boolean {
  return object.kind === 'AdmissionReview' && groupOf(object.apiVersion) === 'admission.k8s.io';
}

/** AdmissionRequest fields Go omits when empty (`omitempty`), in its field order. */
const OMITTED_WHEN_EMPTY = [
  'subResource',
  'requestKind',
  'requestResource',
  'requestSubResource',
  'name',
  'namespace',
];

const REQUEST_FIELDS = new Set([
  'uid',
  'kind',
  'resource',
  ...OMITTED_WHEN_EMPTY,
  'operation',
  'userInfo',
  'object',
  'oldObject',
  'dryRun',
  'options',
]);

/**
 * An AdmissionReview reviewed as its request (gator `verify/runner.go`): decoded strictly, the request passed as is,
 * and on DELETE `oldObject` copied into `object` (`pkg/target/target.go` setObjectOnDelete).
 */
export function reviewAdmission(object: KubeObject): ReviewRequest {
  const request = object.request;
  if (!isObject(request)) throw new Error('AdmissionReview has no request');
  const unknown = Object.keys(request).filter((k) => !REQUEST_FIELDS.has(k));
  if (unknown.length > 0)
    throw new Error(`unknown field(s) in AdmissionReview request: ${unknown.join(', ')}`);
  const obj = isObject(request.object) ? (request.object as KubeObject) : undefined;
  const old = isObject(request.oldObject) ? (request.oldObject as KubeObject) : undefined;
  if (!obj && !old) throw new Error('AdmissionReview request has neither object nor oldObject');
  const review: Json = {
    uid: request.uid ?? '',
    kind: { group: '', version: '', kind: '', ...(isObject(request.kind) ? request.kind : {}) },
    resource: {
      group: '',
      version: '',
      resource: '',
      ...(isObject(request.resource) ? request.resource : {}),
    },
  };
  for (const k of OMITTED_WHEN_EMPTY) {
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
    reviewJson: goJson(review),
    ...(reviewed ? { object: reviewed } : {}),
    ...(old ? { oldObject: old } : {}),
    namespace: typeof request.namespace === 'string' ? request.namespace : '',
  };
}

/** Exact digits of integers a JS number cannot hold, by container and key (set by readers that know them). */
const exact = new WeakMap<object, Map<string | number, string>>();
/** Whether `exact` ever received an entry: until then no container needs looking up. */
let anyExact = false;

/** Records that `container[key]` is the integer `digits` (an int64 beyond 2^53), for `goJson`. */
export function exactNumber(container: object, key: string | number, digits: string): void {
  anyExact = true;
  let m = exact.get(container);
  if (!m) {
    m = new Map();
    exact.set(container, m);
  }
  m.set(typeof key === 'number' ? key : String(key), digits);
}

const TWO_63 = 2 ** 63;

/**
 * How numbers reach OPA. `int64`: as Gatekeeper's webhook decodes an object the API server sent (an integer is an
 * int64, printed as its digits). `float64`: as gator reads files, for `gator test` and `gator verify` alike: every
 * number is a float64 and OPA gets strconv.FormatFloat(f, 'g', -1, 64) of it (1000000 → 1e+06, -0.0 → -0; measured
 * against gator v3.23.1 on objects, constraint parameters and inventory). Set once per command, before reading.
 */
export type NumberStyle = 'int64' | 'float64';
let numberStyle: NumberStyle = 'int64';
export function setNumberStyle(style: NumberStyle): void {
  numberStyle = style;
}

/**
 * JSON text with numbers as OPA gets them from Gatekeeper's Go values (`ast.InterfaceToValue`): an int64 as its
 * digits (exact when a reader recorded them), a float64 as `strconv.FormatFloat(f, 'g', -1, 64)` (`1e-06`,
 * `1.2345678901234567e+19`). In `int64` style an integral JS number below 2^63 is an int64 (the Kubernetes decoder
 * made it one); in `float64` style every number is a float64 (see setNumberStyle).
 */
export function goJson(v: unknown, style: NumberStyle = numberStyle): string {
  // JSON.stringify writes what Go writes for strings, booleans, null, and safe integers (as digits; in float64 style
  // only below 10^6, and not -0); other numbers and recorded exact digits need encode.
  return (anyExact && style === 'int64') || !jsonSafe(v, style)
    ? encode(v, style, undefined, undefined)
    : JSON.stringify(v);
}

/** Whether JSON.stringify writes `v` as goJson would in `style`: its numbers small integers, nothing JSON rejects. */
function jsonSafe(v: unknown, style: NumberStyle): boolean {
  if (typeof v === 'number')
    return style === 'int64'
      ? Number.isSafeInteger(v)
      : Number.isInteger(v) && Math.abs(v) < 1e6 && !Object.is(v, -0);
  if (typeof v !== 'object' || v === null) return typeof v !== 'bigint';
  if (Array.isArray(v)) {
    for (const x of v) if (!jsonSafe(x, style)) return false;
    return true;
  }
  if (typeof (v as { toJSON?: unknown }).toJSON === 'function') return true;
  for (const k in v) if (!jsonSafe((v as Record<string, unknown>)[k], style)) return false;
  return true;
}

function encode(
  v: unknown,
  style: NumberStyle,
  parent: object | undefined,
  key: string | number | undefined,
): string {
  if (typeof v === 'number' && style === 'float64')
    return Number.isFinite(v) ? formatFloat(v, 'g', -1) : 'null';
  if (typeof v === 'number') {
    const digits = parent && key !== undefined ? exact.get(parent)?.get(key) : undefined;
    if (digits !== undefined) return digits;
    if (!Number.isFinite(v)) return 'null';
    if (Number.isInteger(v) && Math.abs(v) < TWO_63) return BigInt(v).toString();
    return formatFloat(v, 'g', -1);
  }
  if (Array.isArray(v))
    return `[${v.map((x, i) => (x === undefined || typeof x === 'function' ? 'null' : encode(x, style, v, i))).join(',')}]`;
  if (typeof v === 'object' && v !== null) {
    if (typeof (v as { toJSON?: unknown }).toJSON === 'function') return JSON.stringify(v);
    const parts: string[] = [];
    for (const [k, x] of Object.entries(v)) {
      if (x === undefined || typeof x === 'function') continue;
      parts.push(`${JSON.stringify(k)}:${encode(x, style, v, k)}`);
    }
    return `{${parts.join(',')}}`;
  }
  if (typeof v === 'bigint') return v.toString();
  return JSON.stringify(v) ?? 'null';
}
