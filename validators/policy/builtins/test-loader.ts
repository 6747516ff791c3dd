// Test-only: the smallest loader of an `opa build -t wasm` policy that routes host builtin calls to
// HostBuiltins, so tests exercise the real path (opa_value_dump in, opa_json_parse out). The calling
// sequence follows @open-policy-agent/opa-wasm's src/opa.js (ABI 1.2+ opa_eval fast path).
import { type BuiltinArg, type HostBuiltin, resultJson } from './index.js';

/** A policy instance that evaluates entrypoints to opa_eval's JSON result text. */
export interface TestPolicy {
  evaluate(entrypoint: string, inputJson?: string): string;
}

interface OpaExports {
  memory: WebAssembly.Memory;
  builtins(): number;
  entrypoints(): number;
  opa_malloc(size: number): number;
  opa_json_parse(addr: number, len: number): number;
  opa_json_dump(addr: number): number;
  opa_value_dump(addr: number): number;
  opa_heap_ptr_get(): number;
  opa_eval(
    reserved: number,
    entrypoint: number,
    data: number,
    input: number,
    len: number,
    heap: number,
    format: number,
  ): number;
}

/** Instantiates policy.wasm with `builtins` as its host builtins; a missing one throws when called. */
export async function loadTestPolicy(
  wasm: Uint8Array,
  builtins: Record<string, HostBuiltin>,
): Promise<TestPolicy> {
  const memory = new WebAssembly.Memory({ initial: 5 });
  let ex: OpaExports | undefined;
  let names: Record<number, string> = {};
  const exports = (): OpaExports => ex as OpaExports;

  const readString = (addr: number): string => {
    const bytes = new Uint8Array(memory.buffer);
    const end = bytes.indexOf(0, addr);
    return new TextDecoder().decode(bytes.subarray(addr, end));
  };
  const writeJson = (text: string): number => {
    const bytes = new TextEncoder().encode(text);
    const addr = exports().opa_malloc(bytes.length);
    new Uint8Array(memory.buffer).set(bytes, addr);
    const value = exports().opa_json_parse(addr, bytes.length);
    if (value === 0) throw new Error(`opa_json_parse rejected ${text}`);
    return value;
  };
  const call = (id: number, ...addrs: number[]): number => {
    const name = names[id] ?? `#${id}`;
    const impl = builtins[name];
    if (!impl) throw new Error(`not implemented: built-in function ${id}: ${name}`);
    const args: BuiltinArg[] = addrs.map((addr) => ({
      json: () => JSON.parse(readString(exports().opa_json_dump(addr))),
      rego: () => readString(exports().opa_value_dump(addr)),
    }));
    const result = impl(args);
    return result === undefined ? 0 : writeJson(resultJson(result));
  };

  const { instance } = await WebAssembly.instantiate(wasm, {
    env: {
      memory,
      opa_abort: (addr: number) => {
        throw new Error(`opa_abort: ${readString(addr)}`);
      },
      opa_println: (addr: number) => console.log(readString(addr)),
      opa_builtin0: (id: number, _ctx: number) => call(id),
      opa_builtin1: (id: number, _ctx: number, a: number) => call(id, a),
      opa_builtin2: (id: number, _ctx: number, a: number, b: number) => call(id, a, b),
      opa_builtin3: (id: number, _ctx: number, a: number, b: number, c: number) => call(id, a, b, c),
      opa_builtin4: (id: number, _ctx: number, a: number, b: number, c: number, d: number) =>
        call(id, a, b, c, d),
    },
  });
  ex = instance.exports as unknown as OpaExports;
  const byName = JSON.parse(readString(ex.opa_json_dump(ex.builtins()))) as Record<string, number>;
  names = Object.fromEntries(Object.entries(byName).map(([name, id]) => [id, name]));
  const entrypoints = JSON.parse(readString(ex.opa_json_dump(ex.entrypoints()))) as Record<string, number>;
  const dataAddr = writeJson('{}');
  const heap = ex.opa_heap_ptr_get();

  return {
    evaluate(entrypoint, inputJson) {
      const id = entrypoints[entrypoint];
      if (id === undefined) throw new Error(`no entrypoint ${entrypoint}`);
      const input = inputJson === undefined ? new Uint8Array() : new TextEncoder().encode(inputJson);
      const grow = heap + input.length - memory.buffer.byteLength;
      if (grow > 0) memory.grow(Math.ceil(grow / 65536));
      new Uint8Array(memory.buffer).set(input, heap);
      const result = exports().opa_eval(
        0,
        id,
        dataAddr,
        input.length ? heap : 0,
        input.length,
        heap + input.length,
        0,
      );
      return readString(result);
    },
  };
}
