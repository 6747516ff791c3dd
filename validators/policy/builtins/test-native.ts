// Test-only: evaluates a table of Rego expressions twice, with native `opa eval` (the truth) and through
// `opa build -t wasm` plus our host builtins, in one policy per run to keep tests fast.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, expect, test } from 'vitest';
import { instantiate } from '../wasm-host.js';
import { type HostBuiltin, hostBuiltins } from './index.js';
import { regoString } from './rego-string.js';
import { parseRegoValue, type RegoValue } from './rego-value.js';

const exec = promisify(execFile);

// A failed command's output says why (opa eval prints errors on stdout); put it in the error message.
async function run(
  file: string,
  args: string[],
  options: { cwd?: string } = {},
): Promise<{ stdout: string }> {
  try {
    return await exec(file, args, { ...options, maxBuffer: 64 * 1024 * 1024 });
  } catch (err) {
    const { stdout = '', stderr = '' } = err as { stdout?: string; stderr?: string };
    throw new Error(`${file} ${args.join(' ')} failed:\n${stdout}${stderr}`, { cause: err });
  }
}
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** One Rego (v0) expression, evaluated as the body of `r = x { x := <expr> }`. */
export interface ExprCase {
  name: string;
  expr: string;
}

/** Each case's value as text (a string as itself, anything else as Rego text), or undefined. */
export type Results = Array<string | undefined>;

/** The opa binary of this checkout (.tools/bin), else the one on PATH. */
export function opaBinary(): string {
  const local = path.join(repo, '.tools', 'bin', 'opa');
  return existsSync(local) ? local : 'opa';
}

/**
 * Registers one test per case: the wasm with our host builtins must give native opa's value, byte for byte,
 * after `expected` maps it (for a known difference between this opa and the one Gatekeeper embeds).
 */
export function testAgainstNative(
  cases: ExprCase[],
  input?: string,
  expected = (native: string) => native,
): void {
  let results: { native: Results; wasm: Results };
  beforeAll(async () => {
    results = await evaluateBoth(cases, hostBuiltins, input);
  });
  test.for(cases.map((c, i) => ({ ...c, i })))('$name', ({ i }) => {
    const native = results.native[i];
    expect(results.wasm[i]).toBe(native === undefined ? native : expected(native));
  });
}

/** Evaluates every case natively and in wasm; `input` is the input document's JSON text. */
export async function evaluateBoth(
  cases: ExprCase[],
  builtins: Record<string, HostBuiltin>,
  input?: string,
): Promise<{ native: Results; wasm: Results }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'tollgate-builtins-'));
  try {
    const rules = cases.map((c, i) => `r${i} = x { x := ${c.expr} }`);
    await writeFile(path.join(dir, 'p.rego'), `package t\n\n${rules.join('\n')}\n`);
    const inputArgs = input === undefined ? [] : ['-i', path.join(dir, 'input.json')];
    if (input !== undefined) await writeFile(path.join(dir, 'input.json'), input);
    const opa = opaBinary();
    const [native] = await Promise.all([
      run(opa, [
        'eval',
        '--v0-compatible',
        '-f',
        'json',
        '-d',
        path.join(dir, 'p.rego'),
        ...inputArgs,
        'data.t',
      ]),
      run(
        opa,
        ['build', '-t', 'wasm', '--v0-compatible', '-e', 't', '-o', path.join(dir, 'b.tar.gz'), 'p.rego'],
        {
          cwd: dir,
        },
      ),
    ]);
    await run('tar', ['-xzf', 'b.tar.gz'], { cwd: dir });
    const policy = instantiate(
      new WebAssembly.Module(await readFile(path.join(dir, 'policy.wasm'))),
      builtins,
    );
    const nativeValue = member(
      member(only(member(parseRegoValue(native.stdout), 'result')), 'expressions'),
      0,
    );
    const wasmValue = member(only(parseRegoValue(policy.evaluate('t', input ?? ''))), 'result');
    return { native: byRule(cases, member(nativeValue, 'value')), wasm: byRule(cases, wasmValue) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function byRule(cases: ExprCase[], rules: RegoValue | undefined): Results {
  return cases.map((_, i) => {
    const v = member(rules, `r${i}`);
    return v === undefined ? undefined : v.kind === 'string' ? v.value : regoString(v);
  });
}

function member(v: RegoValue | undefined, key: string | number): RegoValue | undefined {
  if (v?.kind === 'array' && typeof key === 'number') return v.items[key];
  if (v?.kind !== 'object') return undefined;
  return v.entries.find(([k]) => k.kind === 'string' && k.value === key)?.[1];
}

function only(v: RegoValue | undefined): RegoValue | undefined {
  return v?.kind === 'array' && v.items.length === 1 ? v.items[0] : undefined;
}
