import { readFile } from 'node:fs/promises';
import type { ErrorObject } from 'ajv';
import { TollgateError } from '../core/errors.js';
import type { KubeObject } from '../core/types.js';
import { child } from './paths.js';
import { fromAjv, type Problem, unknownField } from './problems.js';

/** What build-addons.mjs writes: the fields of every add-on kind (see its header for the shape encoding). */
interface AddonShapes {
  packages: Record<string, string>;
  kinds: Record<string, { package: string; shape: Shape }>;
  defs: Record<string, Shape>;
}
type Shape = 0 | string | { p: Record<string, Shape> } | { i: Shape } | { m: Shape };

/** A kubernetes-models class: its statics name the kind, `validate` throws on an invalid `this`. */
interface Model {
  apiVersion: string;
  kind: string;
  prototype: { validate(this: unknown): void };
}

/** An add-on kind: the package's validator for types and required fields, the declared fields for the rest. */
export interface Addon {
  model: Model;
  shape: Shape;
  defs: AddonShapes['defs'];
}

// validators/ and dist/ are siblings, so this path holds from the sources (vitest) and from the build.
const SHAPES = new URL('../../validators/schema/data/addons.json', import.meta.url);

/**
 * `apiVersion/kind` → add-on, for every kind of the pinned kubernetes-models packages of the add-ons this
 * repository runs (Argo CD, cert-manager, external-secrets, prometheus-operator): validators compiled from
 * each project's Go API types.
 */
export async function loadAddons(only?: Set<string>): Promise<Map<string, Addon>> {
  const shapes = JSON.parse(await readFile(SHAPES, 'utf8')) as AddonShapes;
  const entries = await Promise.all(
    Object.entries(shapes.kinds)
      .filter(([gvk]) => !only || only.has(gvk))
      .map(async ([gvk, { package: name, shape }]) => {
        const kind = gvk.slice(gvk.lastIndexOf('/') + 1);
        const model = await import(`${name}/${gvk}`).then(
          (mod: Record<string, unknown>) => mod[kind],
          (err: unknown) => {
            throw new TollgateError(
              'TOOL_MISSING',
              `cannot load the ${kind} model of ${name}`,
              'run `npm ci`; after changing an @kubernetes-models version, run `node validators/schema/build-addons.mjs`',
              undefined,
              { cause: err },
            );
          },
        );
        if (!isModel(model)) {
          throw new TollgateError(
            'CACHE_STALE',
            `${name}/${gvk} does not export the model ${kind} that data/addons.json names`,
            'run `node validators/schema/build-addons.mjs` for the installed packages',
          );
        }
        return [gvk, { model, shape, defs: shapes.defs }] as const;
      }),
  );
  return new Map(entries);
}

function isModel(value: unknown): value is Model {
  const v = value as Partial<Model> | null;
  return typeof value === 'function' && typeof v?.apiVersion === 'string' && typeof v.kind === 'string';
}

/** Checks an object of an add-on kind: its types and required fields, then any field its API does not declare. */
export function checkAddon(addon: Addon, object: KubeObject): Problem[] {
  let errors: ErrorObject[] = [];
  try {
    addon.model.prototype.validate.call(object);
  } catch (err) {
    const list = (err as { errors?: unknown }).errors;
    if (!Array.isArray(list)) throw err;
    errors = list as ErrorObject[];
  }
  const problems = fromAjv(errors, object);
  unknownFields(object, addon.shape, '', addon.defs, problems);
  return problems;
}

function unknownFields(
  value: unknown,
  shape: Shape,
  pointer: string,
  defs: AddonShapes['defs'],
  out: Problem[],
): void {
  const s = typeof shape === 'string' ? defs[shape] : shape;
  if (s === undefined || s === 0 || typeof s === 'string' || value === null || typeof value !== 'object')
    return;
  if ('i' in s) {
    if (!Array.isArray(value)) return; // a type error, which the validator reports
    for (const [i, v] of value.entries()) unknownFields(v, s.i, child(pointer, String(i)), defs, out);
    return;
  }
  if (Array.isArray(value)) return; // a type error, which the validator reports
  for (const [key, v] of Object.entries(value)) {
    if ('m' in s) unknownFields(v, s.m, child(pointer, key), defs, out);
    else if (Object.hasOwn(s.p, key)) unknownFields(v, s.p[key] as Shape, child(pointer, key), defs, out);
    else out.push(unknownField(pointer, key, Object.keys(s.p)));
  }
}
