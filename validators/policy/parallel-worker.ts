import { parentPort, workerData } from 'node:worker_threads';
import { hostBuiltins } from './builtins/index.js';
import type { Engine, LoadedTemplate } from './engine.js';
import { evaluateManifests } from './evaluate.js';
import type { Inventory } from './inventory.js';
import type { WorkerInput } from './parallel.js';
import { instantiate } from './wasm-host.js';

// One slice of evaluateInParallel: rebuild the engine from compiled modules, evaluate, post the findings back.
const input = workerData as WorkerInput;
const templates = new Map<string, LoadedTemplate>();
for (const t of input.templates) {
  templates.set(t.kind, {
    template: t.template,
    ...(t.module ? { module: t.module, policy: instantiate(t.module, hostBuiltins) } : {}),
    ...(t.entrypoint ? { entrypoint: t.entrypoint } : {}),
    ...(t.unavailable ? { unavailable: t.unavailable } : {}),
    ...(t.usesInventory ? { usesInventory: t.usesInventory } : {}),
  });
}
const engine: Engine = {
  templates,
  ...(input.bundle
    ? {
        bundle: {
          module: input.bundle.module,
          ids: new Map(input.bundle.ids),
          policy: instantiate(input.bundle.module, hostBuiltins),
        },
      }
    : {}),
  constraints: input.constraints,
  expansions: input.expansions,
  findings: [],
  stats: { compiled: 0, cached: 0, compileMs: 0 },
};
const inventory: Inventory = {
  parts: () => input.inventory,
  namespaces: new Map(input.namespaces),
  namespaceRule: input.namespaceRule,
};
parentPort?.postMessage(evaluateManifests(engine, input.manifests, inventory));
