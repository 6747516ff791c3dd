// Input files to what `validate -f` reviews: parsed, each object kept as its JSON (which the inventory and its
// review need anyway) rather than as a JS object, templates and constraints as objects.
// (Parsing in worker threads was measured and dropped: on 2 cores a worker's start-up and cold code cost what it
// saved, 10k objects 0.69 s serial against 0.60-0.66 s, and the parse phase's memory rose by 65 MB.)
import { readFileSync } from 'node:fs';
import { TollgateError } from './core/errors.js';
import type { Finding, KubeObject, Manifest } from './core/types.js';
import type { InputPath } from './io/files.js';
import { parse } from './parse/index.js';
import { type DataPart, inventoryPath } from './policy/inventory.js';
import { isNamespace } from './policy/match.js';
import { isPolicyManifest } from './policy/policy-kinds.js';
import { objectJson, rememberObjectJson } from './policy/review.js';

/** An object waiting for review as its JSON text (objectJson), with everything else of its manifest. */
export type Serialised = Omit<Manifest, 'object'> & { json: string };

/** What files yield, in file order. */
export interface Intake {
  /** Everything to review: templates, constraints and expansions as manifests, other objects serialised. */
  items: (Manifest | Serialised)[];
  /** Templates, constraints and ExpansionTemplates, for the engine. */
  policy: Manifest[];
  /** Every object at its data.inventory path (gator test: every object is the inventory). */
  inventory: DataPart[];
  namespaces: Map<string, KubeObject>;
  findings: Finding[];
}

export function emptyIntake(): Intake {
  return { items: [], policy: [], inventory: [], namespaces: new Map(), findings: [] };
}

/** Reads and parses files into `into`, in order. */
export function intakeFiles(files: InputPath[], into: Intake): void {
  for (const f of files) {
    const parsed = parse(f.file, readInput(f), 'default');
    for (const m of parsed.manifests) {
      const json = objectJson(m.object);
      into.inventory.push({ path: inventoryPath(m.object), json });
      if (isNamespace(m.object)) into.namespaces.set(m.object.metadata?.name ?? '', m.object);
      if (isPolicyManifest(m)) {
        into.policy.push(m);
        into.items.push(m);
      } else into.items.push({ env: m.env, file: m.file, line: m.line, fieldLines: m.fieldLines, json });
    }
    for (const finding of parsed.findings) into.findings.push(finding);
  }
}

function readInput(f: InputPath): string {
  try {
    return readFileSync(f.path, 'utf8');
  } catch (cause) {
    throw new TollgateError(
      'FILE_NOT_FOUND',
      `cannot read ${f.file}: ${(cause as NodeJS.ErrnoException).code ?? (cause as Error).message}`,
      'check that the file exists and is readable',
      undefined,
      { cause },
    );
  }
}

/** Yields each item as a manifest, parsing serialised ones, and drops it from `items` so it can be collected. */
export function* materialise(items: (Manifest | Serialised)[]): Generator<Manifest> {
  for (let i = 0; i < items.length; i++) {
    const item = items[i] as Manifest | Serialised;
    items[i] = undefined as unknown as Manifest;
    if (!('json' in item)) {
      yield item;
      continue;
    }
    const { json, ...rest } = item;
    const object = JSON.parse(json) as KubeObject;
    rememberObjectJson(object, json);
    yield { ...rest, object };
  }
}
