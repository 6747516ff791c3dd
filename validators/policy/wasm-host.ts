import { type BuiltinArg, type HostBuiltin, resultJson } from './builtins/index.js';
import { parseRegoValue, type RegoValue } from './builtins/rego-value.js';
import type { DataPart } from './inventory.js';
import { STACK_POINTER_EXPORT } from './wasm-module.js';

/** A compiled template instance: evaluates one entrypoint over JSON input, returning the JSON result text. */
export interface WasmPolicy {
  /** Host builtins the module imports (OPA name → id), for compile-time support checks. */
  readonly hostImports: string[];
  /** Replaces `data` for every later evaluation: `{}` with each part's value set at its path, in order. */
  setData(parts: Iterable<DataPart>): void;
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
  opa_value_add_path(base: number, path: number, value: number): number;
  opa_value_free(addr: number): void;
  opa_eval_ctx_new(): number;
  opa_eval_ctx_set_input(ctx: number, input: number): void;
  opa_eval_ctx_set_data(ctx: number, data: number): void;
  opa_eval_ctx_set_entrypoint(ctx: number, entrypoint: number): void;
  opa_eval_ctx_get_result(ctx: number): number;
  eval(ctx: number): number;
  opa_wasm_abi_version?: WebAssembly.Global | number;
  opa_wasm_abi_minor_version?: WebAssembly.Global | number;
}

/**
 * How far the heap may grow past `data` before it is reset. `opa_eval` resets the heap on every call, and with it
 * the module's builtin caches (compiled regular expressions, globs): a policy's patterns were compiled again for
 * every object. Evaluating through an eval context and resetting only past this bound keeps them (measured: a larger
 * bound is slower again, as the allocator's free lists grow).
 */
const HEAP_RESET_BYTES = 2 * 1024 * 1024;

/** Initial size of the buffer texts are parsed from; a longer text gets a larger one. */
const SCRATCH_BYTES = 64 * 1024;

// Value types and number representations of OPA's wasm/src/value.h.
const OPA_NULL = 1;
const OPA_BOOLEAN = 2;
const OPA_NUMBER = 3;
const OPA_STRING = 4;
const OPA_ARRAY = 5;
const OPA_STRING_INTERNED = 8;
const NUMBER_INT = 1;
const NUMBER_REF = 2;
/** Every kind valueAt reads directly, nested, with text that needs UTF-8 and number text that must survive. */
const LAYOUT_PROBE = '[null,true,false,"ab","é ☃ 😀",-7,12345678901234567890,1.50e3,[],["x",[0]],{"k":1}]';

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

  // One Buffer over the module's memory, made again only when the memory grows (a grown memory has a new buffer):
  // views made per call were promoted by the garbage collector and piled up.
  let view = Buffer.from(memory.buffer);
  const bytes = (): Buffer => {
    if (view.buffer !== memory.buffer) view = Buffer.from(memory.buffer);
    return view;
  };
  const cString = (addr: number): string => {
    const b = bytes();
    return b.toString('utf8', addr, b.indexOf(0, addr));
  };
  /** A buffer in the module's heap that texts are written to before parsing (values copy what they keep). */
  let scratch = { at: 0, size: 0 };
  /** Parses JSON text into a value in the module's heap. */
  const parseJson = (json: string): number => {
    const length = Buffer.byteLength(json);
    // Freeing texts would grow the allocator's free lists, which it walks on every allocation: reuse one buffer.
    if (length > scratch.size) scratch = { at: exports.opa_malloc(length * 2), size: length * 2 };
    bytes().write(json, scratch.at, length, 'utf8');
    const addr = exports.opa_json_parse(scratch.at, length);
    if (addr === 0) throw new Error(`opa_json_parse rejected ${json.slice(0, 80)}`);
    return addr;
  };
  /** A value as `opa_value_dump` text parsed: the general way to read one. */
  const dumped = (addr: number): RegoValue => parseRegoValue(cString(exports.opa_value_dump(addr)));
  /** Whether values can be read from memory by their C layout (checked against `dumped` once, below). */
  let direct = false;
  /**
   * A value read straight from module memory (OPA's value.h layout) where that is simple: null, booleans,
   * strings (interned too), numbers (int or their text), arrays of those; anything else through `dumped`. Host
   * builtins, sprintf above all, get their operands without printing and re-parsing them (they were a third of
   * evaluation time at 10k objects).
   */
  const valueAt = (addr: number): RegoValue => {
    if (!direct) return dumped(addr);
    const b = bytes();
    switch (b[addr]) {
      case OPA_NULL:
        return { kind: 'null' };
      case OPA_BOOLEAN:
        return { kind: 'boolean', value: b[addr + 1] !== 0 };
      case OPA_STRING:
      case OPA_STRING_INTERNED: {
        const ptr = b.readUInt32LE(addr + 8);
        return { kind: 'string', value: b.toString('utf8', ptr, ptr + b.readUInt32LE(addr + 4)) };
      }
      case OPA_NUMBER: {
        if (b[addr + 1] === NUMBER_INT)
          return { kind: 'number', text: b.readBigInt64LE(addr + 8).toString() };
        if (b[addr + 1] !== NUMBER_REF) break;
        const ptr = b.readUInt32LE(addr + 8);
        return { kind: 'number', text: b.toString('latin1', ptr, ptr + b.readUInt32LE(addr + 12)) };
      }
      case OPA_ARRAY: {
        const elems = b.readUInt32LE(addr + 4);
        const items: number[] = [];
        for (let i = 0, n = b.readUInt32LE(addr + 8); i < n; i++)
          items.push(b.readUInt32LE(elems + 8 * i + 4));
        return { kind: 'array', items: items.map(valueAt) };
      }
    }
    return dumped(addr);
  };
  const argOf = (addr: number): BuiltinArg => ({
    json: () => JSON.parse(cString(exports.opa_json_dump(addr))),
    rego: () => cString(exports.opa_value_dump(addr)),
    value: () => valueAt(addr),
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
  // The stack pointer, exported by compileModule: restored after an abort, which leaves the C frames' space taken.
  const stackPointer = (instance.exports as Record<string, unknown>)[STACK_POINTER_EXPORT] as
    | WebAssembly.Global
    | undefined;
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
  // Read a probe both ways; direct reads are used only when they give exactly what the dump gives. Then the heap is
  // emptied again (startData below resets it to baseHeap).
  scratch = { at: exports.opa_malloc(SCRATCH_BYTES), size: SCRATCH_BYTES };
  const probe = parseJson(LAYOUT_PROBE);
  direct = true;
  const viaLayout = JSON.stringify(valueAt(probe));
  direct = viaLayout === JSON.stringify(dumped(probe));

  /** Empties the heap down to `baseHeap` and starts new data there: a scratch buffer, then `{}`; returns its address. */
  const startData = (): number => {
    exports.opa_heap_ptr_set(baseHeap);
    scratch = { at: exports.opa_malloc(SCRATCH_BYTES), size: SCRATCH_BYTES };
    return parseJson('{}');
  };
  let dataAddr = 0;
  let dataHeap = 0;
  // The scratch buffer below dataHeap survives heap resets; one allocated above it does not.
  let dataScratch = scratch;
  /** Makes the data at `addr`, and everything allocated so far, what every evaluation starts from. */
  const commitData = (addr: number): void => {
    dataAddr = addr;
    dataHeap = exports.opa_heap_ptr_get();
    dataScratch = scratch;
  };
  commitData(startData());

  const reset = (): void => {
    exports.opa_heap_ptr_set(dataHeap);
    scratch = dataScratch;
  };

  return {
    hostImports: Object.keys(imported),
    setData(parts) {
      const addr = startData();
      try {
        for (const part of parts) {
          const path = parseJson(JSON.stringify(part.path));
          const code = exports.opa_value_add_path(addr, path, parseJson(part.json));
          if (code !== 0)
            throw new Error(`cannot set data at ${part.path.join('.')}: OPA error code ${code}`);
          // Small blocks go back to fixed-size free lists (no walk), where the next path reuses them.
          exports.opa_value_free(path);
        }
      } catch (err) {
        // All or nothing: the instance is left with empty data, never half of it.
        commitData(startData());
        throw err;
      }
      commitData(addr);
    },
    evaluate(entrypoint, input) {
      const id = entrypoints[entrypoint];
      if (id === undefined) throw new Error(`entrypoint ${entrypoint} is not in this module`);
      const stack = stackPointer?.value as number | undefined;
      try {
        const ctx = exports.opa_eval_ctx_new();
        exports.opa_eval_ctx_set_data(ctx, dataAddr);
        exports.opa_eval_ctx_set_entrypoint(ctx, id);
        if (input !== '') exports.opa_eval_ctx_set_input(ctx, parseJson(input));
        const code = exports.eval(ctx);
        if (code !== 0) throw new WasmAbort(`evaluation failed with OPA error code ${code}`);
        const out = cString(exports.opa_json_dump(exports.opa_eval_ctx_get_result(ctx)));
        if (exports.opa_heap_ptr_get() - dataHeap > HEAP_RESET_BYTES) reset();
        return out;
      } catch (err) {
        // An abort leaves the heap in any state and the aborted frames' stack space taken: start over from data,
        // with the stack where it was.
        if (stackPointer && stack !== undefined) stackPointer.value = stack;
        reset();
        throw err;
      }
    },
  };
}

function globalValue(g: WebAssembly.Global | number | undefined): number {
  if (g === undefined) return -1;
  return typeof g === 'number' ? g : (g.value as number);
}
