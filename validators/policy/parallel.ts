import { Worker } from 'node:worker_threads';
import type { Finding, Manifest } from '../core/types.js';
import { type Engine, type LoadedTemplate, policyOf } from './engine.js';
import { evaluateManifests } from './evaluate.js';
import type { DataPart, Inventory } from './inventory.js';

/** Below this many objects a second thread costs more (start-up, copying) than it saves. */
const MIN_OBJECTS_PER_THREAD = 1500;

/** What a worker needs to rebuild the engine: compiled modules, constraints, expansions, and its objects. */
export interface WorkerInput {
  templates: {
    kind: string;
    template: LoadedTemplate['template'];
    module?: WebAssembly.Module;
    entrypoint?: string;
    unavailable?: string;
    usesInventory?: boolean;
  }[];
  bundle?: { module: WebAssembly.Module; ids: [string, string][] };
  constraints: Engine['constraints'];
  expansions: Engine['expansions'];
  inventory: DataPart[];
  namespaces: [string, Manifest['object']][];
  namespaceRule: Inventory['namespaceRule'];
  manifests: Manifest[];
}

/**
 * evaluateManifests spread over worker threads, one slice of the objects each, same results in the same order.
 * Evaluation is pure per object, so slices are independent; each thread instantiates the already compiled modules.
 */
export async function evaluateInParallel(
  engine: Engine,
  manifests: Manifest[],
  inventory: Inventory,
  maxThreads: number,
): Promise<Finding[]> {
  const threads = Math.min(maxThreads, Math.floor(manifests.length / MIN_OBJECTS_PER_THREAD));
  if (threads < 2) return evaluateManifests(engine, manifests, inventory);
  const size = Math.ceil(manifests.length / threads);
  // Threads instantiate the modules themselves: make sure every template's module exists to send.
  for (const t of engine.templates.values()) if (t.entrypoint) policyOf(t);
  const templates = [...engine.templates].map(([kind, t]) => ({
    kind,
    template: { ...t.template, manifest: cloneable(t.template.manifest) },
    ...(t.module ? { module: t.module } : {}),
    ...(t.entrypoint ? { entrypoint: t.entrypoint } : {}),
    ...(t.unavailable ? { unavailable: t.unavailable } : {}),
    ...(t.usesInventory ? { usesInventory: t.usesInventory } : {}),
  }));
  const parts = [...inventory.parts()];
  const slices = Array.from({ length: threads }, (_, i) => manifests.slice(i * size, (i + 1) * size));
  // The last slice runs here, so the main thread works too.
  const local = slices.pop() as Manifest[];
  const remote = slices.map(
    (slice) =>
      new Promise<Finding[]>((resolve, reject) => {
        const input: WorkerInput = {
          templates,
          ...(engine.bundle ? { bundle: { module: engine.bundle.module, ids: [...engine.bundle.ids] } } : {}),
          constraints: engine.constraints.map((c) => ({ ...c, manifest: cloneable(c.manifest) })),
          expansions: engine.expansions.map((e) => ({ ...e, manifest: cloneable(e.manifest) })),
          inventory: parts,
          namespaces: [...inventory.namespaces],
          namespaceRule: inventory.namespaceRule,
          manifests: slice.map(cloneable),
        };
        const worker = new Worker(new URL('./parallel-worker.js', import.meta.url), { workerData: input });
        worker.once('message', resolve);
        worker.once('error', reject);
      }),
  );
  const mine = evaluateManifests(engine, local, inventory);
  return [...(await Promise.all(remote)).flat(), ...mine];
}

/** A manifest a worker can receive: field lines may be a compact table behind a Proxy, which cannot be cloned. */
function cloneable(m: Manifest): Manifest {
  return { ...m, fieldLines: { ...m.fieldLines } };
}
