import { once } from 'node:events';
import { join } from 'node:path';
import { createRunTool, type RunTool } from '../io/exec.js';
import type { CompileCache } from '../policy/compile.js';

/** What every command gets from the process: the only place that reads the environment. */
export interface CliContext {
  cwd: string;
  stdout: (s: string) => void;
  /** Writes to stdout and waits while the reader is behind: a large report is never queued in memory whole. */
  stdoutPaced: (s: string) => Promise<void>;
  stderr: (s: string) => void;
  isTTY: boolean;
  run: RunTool;
  cache: CompileCache;
  /** Templates needed before they are also compiled into one module; `TOLLGATE_BUNDLE_MIN=0` turns that off. */
  bundleMin: number;
  /** Where renders are cached; `TOLLGATE_RENDER_CACHE_DIR` moves it. */
  renderCacheDir: string;
  /**
   * Threads for evaluating large inputs (`TOLLGATE_THREADS`, default 1). Each thread holds its own copy of the
   * inventory in its module's memory and loads it again: on 2 cores a second thread cost more time and memory than
   * it saved (10k objects: 3.6 s / 500 MB against 3.2 s / 370 MB).
   */
  threads: number;
  /** Today in UTC (`YYYY-MM-DD`); `TOLLGATE_TODAY` pins it for reproducible runs. */
  today: string;
}

let closed = false;
let watching = false;

/**
 * Whether stdout's reader has gone (`tollgate validate --format json | head`): then the rest of the output is
 * dropped quietly, as other command-line tools do, and the exit code stays the verdict's.
 */
function stdoutClosed(): boolean {
  if (!watching) {
    watching = true;
    process.stdout.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE') throw err;
      closed = true;
    });
  }
  return closed;
}

/** The context of this process; `TOLLGATE_CACHE_DIR` moves the compiled-policy cache. */
export function processContext(): CliContext {
  const cwd = process.cwd();
  return {
    cwd,
    stdout: (s) => {
      if (!stdoutClosed()) process.stdout.write(s);
    },
    stdoutPaced: async (s) => {
      if (stdoutClosed() || process.stdout.write(s)) return;
      // Resumes when the reader catches up, or when it went away (the closed pipe is stdoutClosed's business).
      await Promise.race([once(process.stdout, 'drain'), once(process.stdout, 'close')]).catch(() => {});
    },
    stderr: (s) => process.stderr.write(s),
    isTTY: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
    run: createRunTool({ searchPath: process.env.PATH ?? '' }),
    threads: Number(process.env.TOLLGATE_THREADS) || 1,
    renderCacheDir: process.env.TOLLGATE_RENDER_CACHE_DIR ?? join(cwd, '.cache', 'tollgate', 'render'),
    bundleMin: process.env.TOLLGATE_BUNDLE_MIN === undefined ? 3 : Number(process.env.TOLLGATE_BUNDLE_MIN),
    today: process.env.TOLLGATE_TODAY ?? new Date().toISOString().slice(0, 10),
    cache: {
      dir: process.env.TOLLGATE_CACHE_DIR ?? join(cwd, '.cache', 'tollgate', 'wasm'),
      readOnlyDirs: [join(cwd, 'policies', 'compiled')],
    },
  };
}
