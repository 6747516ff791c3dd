import type { ErrorObject } from 'ajv';
import { formatHints } from './formats.js';
import { child, closest, segments } from './paths.js';

/** One thing wrong with an object, before it becomes a finding. */
export interface Problem {
  /** The field the message names; `''` for the object as a whole. */
  pointer: string;
  /** The field whose line is reported: the parent object for a missing field. */
  linePointer: string;
  /** What is wrong, after `path: `. */
  text: string;
}

/** A field the schema does not declare: Kubernetes would drop it, so what the author meant is lost. */
export function unknownField(parent: string, key: string, known: Iterable<string>): Problem {
  const pointer = child(parent, key);
  const guess = closest(key, known);
  return {
    pointer,
    linePointer: pointer,
    text: `unknown field${guess ? ` (did you mean "${guess}"?)` : ''}`,
  };
}

/** Turns ajv errors (allErrors mode) into problems a person can act on, one per field and cause. */
export function fromAjv(errors: readonly ErrorObject[], object: unknown): Problem[] {
  // A failed oneOf/anyOf also reports every branch's errors; the branch errors only confuse.
  const branches = errors
    .filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf')
    .map((e) => `${e.schemaPath}/`);
  const out: Problem[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    if (branches.some((prefix) => e.schemaPath.startsWith(prefix))) continue;
    const problem = describe(e, object);
    const key = `${problem.pointer}\0${problem.text}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(problem);
  }
  return out;
}

function describe(e: ErrorObject, object: unknown): Problem {
  const at = e.instancePath;
  const value = valueAt(object, at);
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties': {
      const props = (e.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties;
      return unknownField(at, String(params.additionalProperty), Object.keys(props ?? {}));
    }
    case 'required':
      return {
        pointer: child(at, String(params.missingProperty)),
        linePointer: at,
        text: 'missing required field',
      };
    case 'type': {
      const wanted = String(params.type)
        .split(',')
        .filter((t) => t !== 'null');
      return problem(at, `must be ${wanted.join(' or ')}, got ${show(value)}`);
    }
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).filter((v) => v !== null);
      return problem(
        at,
        `must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}, got ${show(value)}`,
      );
    }
    case 'format': {
      const format = String(params.format);
      return problem(at, `must be ${formatHints[format] ?? `in format "${format}"`}, got ${show(value)}`);
    }
    case 'pattern':
      return problem(at, `must match the pattern ${String(params.pattern)}, got ${show(value)}`);
    case 'oneOf':
      return problem(at, 'must match exactly one of the allowed forms of this field');
    case 'anyOf':
      return problem(at, 'must match one of the allowed forms of this field');
    default:
      return problem(at, `${e.message ?? e.keyword}${isScalar(value) ? `, got ${show(value)}` : ''}`);
  }
}

function problem(pointer: string, text: string): Problem {
  return { pointer, linePointer: pointer, text };
}

function valueAt(object: unknown, pointer: string): unknown {
  let node = object;
  for (const seg of segments(pointer)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[seg];
  }
  return node;
}

function isScalar(value: unknown): boolean {
  return value === null || (typeof value !== 'object' && value !== undefined);
}

/** `string "3"`, `number 3`, `boolean true`, `object`, `array`, `null`. */
function show(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'string') {
    const text = value.length > 60 ? `${value.slice(0, 57)}...` : value;
    return `string ${JSON.stringify(text)}`;
  }
  if (typeof value === 'object') return 'object';
  return `${typeof value} ${String(value)}`;
}
