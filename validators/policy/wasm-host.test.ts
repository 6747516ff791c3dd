import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { hostBuiltins } from './builtins/index.js';
import { opaBinary } from './builtins/test-native.js';
import { readTarGzMember } from './tar.js';
import { instantiate, WasmAbort, type WasmPolicy } from './wasm-host.js';
import { compileModule, exportStackPointer, STACK_POINTER_EXPORT } from './wasm-module.js';

const POLICY = `package t

import rego.v1

matches contains name if {
\tsome name in input.names
\tregex.match(input.pattern, name)
}

msg := sprintf("%v has %d names", [input.owner, count(input.names)])

inv := data.inventory

conflict := 1 if input.conflict
conflict := 2 if input.conflict
`;

let dir: string;
let module: WebAssembly.Module;
let wasm: Uint8Array;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'tollgate-wasm-host-'));
  await writeFile(path.join(dir, 'p.rego'), POLICY);
  const entrypoints = ['matches', 'msg', 'inv', 'conflict'].flatMap((e) => ['-e', `t/${e}`]);
  await promisify(execFile)(
    opaBinary(),
    ['build', '-t', 'wasm', ...entrypoints, '-o', 'b.tar.gz', 'p.rego'],
    {
      cwd: dir,
    },
  );
  wasm = readTarGzMember(await readFile(path.join(dir, 'b.tar.gz')), '/policy.wasm') as Uint8Array;
  module = compileModule(wasm);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const value = (policy: WasmPolicy, entrypoint: string, input: unknown): unknown =>
  (JSON.parse(policy.evaluate(`t/${entrypoint}`, JSON.stringify(input))) as { result: unknown }[])[0]?.result;

describe('instantiate: our host side of the OPA Wasm ABI', () => {
  test('evaluations stay right across heap resets (regular expressions are cached between objects)', () => {
    const policy = instantiate(module, hostBuiltins);
    policy.setData([{ path: ['inventory'], json: '{"kept":["across","resets"]}' }]);
    const names = Array.from({ length: 40 }, (_, i) => `svc-${i}-${'x'.repeat(200)}`);
    // Each evaluation leaves tens of kB on the module heap: 600 of them pass the reset bound several times.
    for (let i = 0; i < 600; i++) {
      const pattern = `^svc-${i % 7}-`;
      const want = names.filter((n) => n.startsWith(`svc-${i % 7}-`)).sort();
      expect(value(policy, 'matches', { names, pattern })).toEqual(want);
    }
    expect(value(policy, 'msg', { owner: 'ledger', names })).toBe('ledger has 40 names');
    expect(value(policy, 'inv', {})).toEqual({ kept: ['across', 'resets'] });
  });

  test('an input larger than the scratch buffer, then small ones again', () => {
    const policy = instantiate(module, hostBuiltins);
    const big = Array.from({ length: 5000 }, (_, i) => `n${i}-${'é'.repeat(20)}`);
    expect(value(policy, 'msg', { owner: 'big', names: big })).toBe('big has 5000 names');
    expect(value(policy, 'msg', { owner: 'small', names: ['a'] })).toBe('small has 1 names');
  });

  test('setData builds data from parts: missing objects created, a later part at a path replaces an earlier one', () => {
    const policy = instantiate(module, hostBuiltins);
    policy.setData([
      { path: ['inventory'], json: '{}' },
      { path: ['inventory', 'namespace', 'a', 'v1', 'Pod', 'p'], json: '{"n":1}' },
      { path: ['inventory', 'cluster', 'v1', 'Namespace', 'a'], json: '{"kind":"Namespace"}' },
      { path: ['inventory', 'namespace', 'a', 'v1', 'Pod', 'p'], json: '{"n":2}' },
    ]);
    expect(value(policy, 'inv', {})).toEqual({
      namespace: { a: { v1: { Pod: { p: { n: 2 } } } } },
      cluster: { v1: { Namespace: { a: { kind: 'Namespace' } } } },
    });
    policy.setData([{ path: ['inventory'], json: '{"only":true}' }]);
    expect(value(policy, 'inv', {})).toEqual({ only: true });
  });

  test('an abort is a WasmAbort naming the cause, and the instance goes on working, however many there are', () => {
    const policy = instantiate(module, hostBuiltins);
    policy.setData([{ path: ['inventory'], json: '{"kept":1}' }]);
    expect(() => value(policy, 'conflict', { conflict: true })).toThrow(WasmAbort);
    expect(() => value(policy, 'conflict', { conflict: true })).toThrow(/conflict/);
    // Each abort unwinds C frames by a JS throw; without the stack pointer restored the instance trapped after ~500.
    for (let i = 0; i < 3000; i++)
      expect(() => value(policy, 'conflict', { conflict: true })).toThrow(WasmAbort);
    expect(value(policy, 'msg', { owner: 'after', names: [] })).toBe('after has 0 names');
    expect(value(policy, 'inv', {})).toEqual({ kept: 1 });
  });

  test('compileModule exports the stack pointer (the first, mutable i32 global); other bytes are left alone', () => {
    const exports = WebAssembly.Module.exports(module).map((e) => `${e.kind}:${e.name}`);
    expect(exports).toContain(`global:${STACK_POINTER_EXPORT}`);
    expect(exports).toContain('function:opa_eval');
    expect(exportStackPointer(new Uint8Array([1, 2, 3]))).toBeUndefined();
    const plain = new WebAssembly.Module(wasm);
    expect(WebAssembly.Module.exports(plain).length + 1).toBe(WebAssembly.Module.exports(module).length);
  });

  test('setData is all or nothing: a part that cannot be set leaves empty data, and the instance usable', () => {
    const policy = instantiate(module, hostBuiltins);
    policy.setData([{ path: ['inventory'], json: '{"a":1}' }]);
    expect(() =>
      policy.setData([
        { path: ['inventory'], json: '{"b":2}' },
        { path: ['inventory', 'b', 'c'], json: '3' }, // b is a number: no path through it
      ]),
    ).toThrow(/cannot set data at inventory.b.c/);
    expect(value(policy, 'inv', {})).toBeUndefined();
    expect(value(policy, 'msg', { owner: 'x', names: ['a'] })).toBe('x has 1 names');
  });
});
