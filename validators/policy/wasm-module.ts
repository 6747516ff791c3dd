// Compiling OPA's Wasm modules, with one addition: the module's stack pointer exported, so the host can restore it
// after an abort. `opa_abort` unwinds through C frames by throwing into JS; the frames' stack space was never given
// back, and after a few hundred aborts every call of the instance trapped (memory access out of bounds).

/** The name under which the stack pointer global is exported. */
export const STACK_POINTER_EXPORT = 'tollgate_stack_pointer';

/** Compiles a module built by `opa build -t wasm`, its stack pointer exported when it can be found. */
export function compileModule(bytes: Uint8Array): WebAssembly.Module {
  const patched = exportStackPointer(bytes);
  if (patched) {
    try {
      return new WebAssembly.Module(patched);
    } catch {
      // An unexpected layout: the module as built (aborts then cost stack space, as before).
    }
  }
  return new WebAssembly.Module(bytes);
}

/**
 * The module with an export of its stack pointer added: the first global it defines, when that is a mutable i32
 * (clang's `__stack_pointer`, which OPA's runtime is built with; the value checks in wasm-host confirm it); undefined
 * when the module does not look like that.
 */
export function exportStackPointer(bytes: Uint8Array): Uint8Array | undefined {
  if (bytes.length < 8 || bytes[0] !== 0 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d)
    return undefined;
  let importedGlobals = 0;
  let firstGlobalMutableI32 = false;
  let exports: { section: number; start: number; end: number } | undefined;
  let p = 8;
  const u32 = (): number => {
    let result = 0;
    let shift = 0;
    for (;;) {
      const byte = bytes[p++] as number;
      result += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7;
    }
  };
  while (p < bytes.length) {
    const section = p;
    const id = bytes[p++] as number;
    const size = u32();
    const start = p;
    if (id === 2) importedGlobals = countImportedGlobals();
    if (id === 6 && u32() > 0) firstGlobalMutableI32 = bytes[p] === 0x7f && bytes[p + 1] === 1;
    if (id === 7) exports = { section, start, end: start + size };
    p = start + size;
  }
  if (!exports || !firstGlobalMutableI32 || importedGlobals !== 0) return undefined;

  p = exports.start;
  const count = u32();
  const entries = bytes.subarray(p, exports.end);
  const name = new TextEncoder().encode(STACK_POINTER_EXPORT);
  const entry = [...leb(name.length), ...name, 3, 0]; // kind 3: global, index 0
  const content = [...leb(count + 1), ...entries, ...entry];
  const header = [7, ...leb(content.length)];
  const at = exports.section;
  const out = new Uint8Array(at + header.length + content.length + (bytes.length - exports.end));
  out.set(bytes.subarray(0, at), 0);
  out.set(header, at);
  out.set(content, at + header.length);
  out.set(bytes.subarray(exports.end), at + header.length + content.length);
  return out;

  function countImportedGlobals(): number {
    let globals = 0;
    const n = u32();
    for (let i = 0; i < n; i++) {
      p += u32(); // module
      p += u32(); // field
      const kind = bytes[p++];
      if (kind === 0) u32();
      else if (kind === 1) {
        p++;
        const flags = u32();
        u32();
        if (flags & 1) u32();
      } else if (kind === 2) {
        const flags = u32();
        u32();
        if (flags & 1) u32();
      } else if (kind === 3) {
        p += 2;
        globals++;
      }
    }
    return globals;
  }
}

function leb(n: number): number[] {
  const out: number[] = [];
  let v = n;
  do {
    let byte = v & 0x7f;
    v = Math.floor(v / 128);
    if (v > 0) byte |= 0x80;
    out.push(byte);
  } while (v > 0);
  return out;
}
