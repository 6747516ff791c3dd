import { TollgateError } from '../core/errors.js';
import type { Env } from '../core/types.js';
import type { Rendered, RenderedManifest, render, Target } from '../render/index.js';
import type { Discovery, Skipped } from './index.js';

/** A render stage that keeps what each target rendered, so one Application's objects can be picked after discover. */
export interface RecordingRender {
  render: typeof render;
  /** The objects a target rendered, stamped with its environment; undefined if discover never rendered it. */
  renderedOf: (target: Target) => Promise<RenderedManifest[] | undefined>;
}

// discover renders a target once and reuses the result for an environment with the same source (renderOnce),
// so a target is known by everything but its environment.
const targetKey = ({ env: _env, ...what }: Target): string => JSON.stringify(what);

/** Wraps the render stage discover is given; the wrapper is what discover calls. */
export function recordingRender(inner: typeof render): RecordingRender {
  const seen = new Map<string, Promise<Rendered>>();
  return {
    render: (tree, target, run) => {
      const r = inner(tree, target, run);
      seen.set(targetKey(target), r);
      return r;
    },
    renderedOf: async (target) => {
      const r = await seen.get(targetKey(target));
      return r?.manifests.map((m) => ({ ...m, env: target.env }));
    },
  };
}

/** One Application of one environment: its in-repo sources and the ones discover did not render. */
export interface SelectedApplication {
  targets: Target[];
  skipped: Skipped[];
}

/** The sources of Application `app` in `env`; an Application no root of that environment reaches is a usage error. */
export function selectApplication(discovery: Discovery, env: Env, app: string): SelectedApplication {
  const known = [
    ...new Set(
      discovery.applications
        .filter((m) => m.env === env && m.object.kind === 'Application')
        .map((m) => m.object.metadata?.name ?? ''),
    ),
  ]
    .filter(Boolean)
    .sort();
  if (!known.includes(app)) {
    throw new TollgateError(
      'USAGE',
      `unknown application ${JSON.stringify(app)} in environment ${env}`,
      `applications of ${env}: ${known.join(', ') || 'none'}`,
    );
  }
  return {
    targets: discovery.targets.filter((t) => t.env === env && t.app === app),
    skipped: discovery.skipped.filter((s) => s.env === env && s.app === app),
  };
}
