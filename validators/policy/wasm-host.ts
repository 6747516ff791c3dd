import { type BuiltinArg, type HostBuiltin, resultJson } from './builtins/index.js';

/** A compiled template instance: evaluates one entrypoint over JSON input, returning the JSON result text. */
export interface WasmPolicy {
  /** Host builtins the module imports (OPA name → id), for compile-time support checks. */
  readonly hostImports: string[];
  /** Replaces `data` (e.g. `{"inventory": …}`) for every later evaluation. */
  setData(json: string): void;
  /** Evaluates `entrypoint` with `input` (JSON text, `''` for none); returns the result set's JSON text. Throws on an abort. */
  evaluate(entrypoint: string, input: string): string;
}

interface Exports {
  memory?: WebAssembly.Memory;
  builtins(): number;
  entrypoints(): number;
  opa_malloc(size: number): number;
  opa_json_parse(addr: number, len: number): number;
  opa_json_dump(addr: number): number;
  opa_value_dump(addr: number): number;
  opa_heap_ptr_get(): number;
  opa_heap_ptr_set(addr: number): void;
  opa_eval(
    reserved: number,
    entrypoint: number,
    data: number,
    input: number,
    inputLen: number,
    heap: number,
    format: number,
  ): number;
  opa_wasm_abi_version?: WebAssembly.Global | number;
  opa_wasm_abi_minor_version?: WebAssembly.Global | number;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const PAGE = 64 * 1024;

/** Thrown by `opa_abort`: the module hit a runtime error (conflicting outputs, …). */
export class WasmAbort extends Error {}

/**
 * Instantiates a module compiled by `opa build -t wasm` with our own host side of OPA's Wasm ABI
 * (https://www.openpolicyagent.org/docs/wasm). We own it rather than use the SDK's loader because the SDK resolves
 * `sprintf` to its JS sprintf before any custom builtin, and hands builtins JSON (sets and number text lost):
 * native OPA formats from the Rego value, which `opa_value_dump` preserves.
 */
export function instantiate(module: WebAssembly.Module, builtins: Record<string, HostBuiltin>): WasmPolicy {
  const memory = new WebAssembly.Memory({ initial: 5 });
  let exports!: Exports;
  let ids: string[] = [];

  const cString = (addr: number): string => {
    const bytes = new Uint8Array(memory.buffer);
    let end = addr;
    while (bytes[end] !== 0) end++;
    return decoder.decode(bytes.subarray(addr, end));
  };
  const writeBytes = (bytes: Uint8Array): number => {
    const addr = exports.opa_malloc(bytes.byteLength);
    new Uint8Array(memory.buffer).set(bytes, addr);
    return addr;
  };
  const parseJson = (json: string): number => {
    const bytes = encoder.encode(json);
    const addr = exports.opa_json_parse(writeBytes(bytes), bytes.byteLength);
    if (addr === 0) throw new Error(`opa_json_parse rejected ${json.slice(0, 80)}`);
    return addr;
  };
  const argOf = (addr: number): BuiltinArg => ({
    json: () => JSON.parse(cString(exports.opa_json_dump(addr))),
    rego: () => cString(exports.opa_value_dump(addr)),
  });
  const callBuiltin = (id: number, ...args: number[]): number => {
    const name = ids[id] ?? `#${id}`;
    const impl = builtins[name];
    if (!impl) throw new WasmAbort(`not implemented: built-in function ${name}`);
    let result: unknown;
    try {
      result = impl(args.map(argOf));
    } catch {
      // OPA's non-strict mode: a builtin error makes the expression undefined, it does not fail the query.
      return 0;
    }
    return result === undefined ? 0 : parseJson(resultJson(result));
  };

  const instance = new WebAssembly.Instance(module, {
    env: {
      memory,
      opa_abort: (addr: number) => {
        throw new WasmAbort(cString(addr));
      },
      opa_println: () => {},
      opa_builtin0: (id: number) => callBuiltin(id),
      opa_builtin1: (id: number, _ctx: number, a: number) => callBuiltin(id, a),
      opa_builtin2: (id: number, _ctx: number, a: number, b: number) => callBuiltin(id, a, b),
      opa_builtin3: (id: number, _ctx: number, a: number, b: number, c: number) => callBuiltin(id, a, b, c),
      opa_builtin4: (id: number, _ctx: number, a: number, b: number, c: number, d: number) =>
        callBuiltin(id, a, b, c, d),
    },
  });
  exports = instance.exports as unknown as Exports;
  const minor = globalValue(exports.opa_wasm_abi_minor_version);
  if (globalValue(exports.opa_wasm_abi_version) !== 1 || minor < 2) {
    throw new Error(
      `unsupported OPA Wasm ABI ${globalValue(exports.opa_wasm_abi_version)}.${minor}; need 1.2 or newer`,
    );
  }
  const imported = JSON.parse(cString(exports.opa_json_dump(exports.builtins()))) as Record<string, number>;
  ids = [];
  for (const [name, id] of Object.entries(imported)) ids[id] = name;
  const entrypoints = JSON.parse(cString(exports.opa_json_dump(exports.entrypoints()))) as Record<
    string,
    number
  >;

  const baseHeap = exports.opa_heap_ptr_get();
  let dataAddr = parseJson('{}');
  let dataHeap = exports.opa_heap_ptr_get();

  return {
    hostImports: Object.keys(imported),
    setData(json) {
      exports.opa_heap_ptr_set(baseHeap);
      dataAddr = parseJson(json);
      dataHeap = exports.opa_heap_ptr_get();
    },
    evaluate(entrypoint, input) {
      const id = entrypoints[entrypoint];
      if (id === undefined) throw new Error(`entrypoint ${entrypoint} is not in this module`);
      // Encode straight into the module's memory: no intermediate buffer per evaluation (UTF-8 ≤ 3 bytes per unit).
      const missing = dataHeap + input.length * 3 - memory.buffer.byteLength;
      if (missing > 0) memory.grow(Math.ceil(missing / PAGE));
      const { written } = encoder.encodeInto(input, new Uint8Array(memory.buffer, dataHeap));
      try {
        const out = exports.opa_eval(
          0,
          id,
          dataAddr,
          written > 0 ? dataHeap : 0,
          written,
          dataHeap + written,
          0,
        );
        return cString(out);
      } finally {
        exports.opa_heap_ptr_set(dataHeap);
      }
    },
  };
}

function globalValue(g: WebAssembly.Global | number | undefined): number {
  if (g === undefined) return -1;
  return typeof g === 'number' ? g : (g.value as number);
}
