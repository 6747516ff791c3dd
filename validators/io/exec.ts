import { spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TollgateError } from '../core/errors.js';

/** The external programs Tollgate runs. */
export type Tool = 'kustomize' | 'helm' | 'git' | 'opa';

/** Runs a tool with an argv array; a non-zero exit is returned, not thrown. */
export type RunTool = (
  tool: Tool,
  args: string[],
  opts?: { cwd?: string; input?: string; timeoutMs?: number },
) => Promise<{ stdout: string; stderr: string; code: number }>;

/** Where `npm run setup` installs the pinned tools: `.tools/bin` of this package (validators/io → root). */
export const TOOLS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '.tools', 'bin');

const DEFAULT_TIMEOUT_MS = 120_000;
const MAX_BUFFER_BYTES = 256 * 1024 * 1024;

/**
 * A RunTool that looks a tool up in `toolsDir` first, then in each directory of `searchPath` (the PATH value,
 * passed in by the CLI), and remembers what it found.
 */
export function createRunTool(opts: { toolsDir?: string; searchPath?: string } = {}): RunTool {
  const dirs = [opts.toolsDir ?? TOOLS_DIR, ...(opts.searchPath ?? '').split(delimiter).filter(Boolean)];
  const found = new Map<Tool, Promise<string>>();
  const locate = (tool: Tool): Promise<string> => {
    let p = found.get(tool);
    if (!p) {
      p = findExecutable(tool, dirs);
      found.set(tool, p);
    }
    return p;
  };
  return async (tool, args, runOpts = {}) => spawnTool(tool, await locate(tool), args, runOpts);
}

async function findExecutable(tool: Tool, dirs: string[]): Promise<string> {
  for (const dir of dirs) {
    const candidate = join(dir, tool);
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory; try the next one
    }
  }
  throw new TollgateError(
    'TOOL_MISSING',
    `${tool} not found in .tools/bin or on PATH`,
    'run `node pipelines/setup.mjs` to install the pinned tools, or put the tool on PATH',
  );
}

function spawnTool(
  tool: Tool,
  executable: string,
  args: string[],
  opts: { cwd?: string; input?: string; timeoutMs?: number },
): Promise<{ stdout: string; stderr: string; code: number }> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return new Promise((resolve, reject) => {
    // Go tools run two at a time on small machines: one thread each and a lazier collector keep them off each
    // other's cores (measured: 10k-object repository 22.5 s → 16.9 s).
    const env = tool === 'git' ? process.env : { GOGC: '400', GOMAXPROCS: '1', ...process.env };
    const child = spawn(executable, args, { cwd: opts.cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let bytes = 0;
    let failure: TollgateError | undefined;
    const fail = (e: TollgateError): void => {
      failure ??= e;
      child.kill('SIGKILL');
    };
    const timer = setTimeout(
      () =>
        fail(
          new TollgateError(
            'TOOL_FAILED',
            `${tool} ${args[0] ?? ''} timed out after ${timeoutMs} ms`,
            hint(tool),
          ),
        ),
      timeoutMs,
    );
    const collect = (into: Buffer[]) => (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > MAX_BUFFER_BYTES) {
        fail(
          new TollgateError('TOOL_FAILED', `${tool} printed more than ${MAX_BUFFER_BYTES} bytes`, hint(tool)),
        );
        return;
      }
      into.push(chunk);
    };
    child.stdout.on('data', collect(out));
    child.stderr.on('data', collect(err));
    child.stdin.on('error', () => {
      // the tool exited before reading its input; its exit code and stderr say why
    });
    child.on('error', (cause) => {
      clearTimeout(timer);
      const missing = (cause as NodeJS.ErrnoException).code === 'ENOENT';
      reject(
        new TollgateError(
          missing ? 'TOOL_MISSING' : 'TOOL_FAILED',
          missing ? `${tool} not found at ${executable}` : `${tool} could not be started: ${cause.message}`,
          hint(tool),
          undefined,
          { cause },
        ),
      );
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (failure) return reject(failure);
      resolve({
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        code: code ?? (signal ? 128 : 1),
      });
    });
    child.stdin.end(opts.input ?? '');
  });
}

function hint(tool: Tool): string {
  return `run \`${tool}\` by hand with the same arguments to see what it does; rerun with --debug for the cause`;
}
