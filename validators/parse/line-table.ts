// Field lines of a file's documents in a compact form. Documents of one file repeat the same pointers: the file keeps
// one pointer → slot map, each document one Int32Array of lines by slot (0: no such field). A plain
// Record<string, number> per document cost about 2 kB per Kubernetes object; this is a few hundred bytes.

/** Builds the documents' tables while a scanner walks the file. */
export class LineTableBuilder {
  private readonly slots = new Map<string, number>();
  private current: number[] = [];
  private readonly tables: LineTable[] = [];

  /** Starts a document; its table is the returned record, filled as `set` is called. */
  start(): Record<string, number> {
    this.finish();
    const table = new LineTable(this.slots);
    this.tables.push(table);
    this.current = [];
    return record(table);
  }

  set(pointer: string, line: number): void {
    let slot = this.slots.get(pointer);
    if (slot === undefined) {
      slot = this.slots.size;
      this.slots.set(pointer, slot);
    }
    this.current[slot] = line;
  }

  /** Freezes the current document's lines into its table. */
  finish(): void {
    const table = this.tables[this.tables.length - 1];
    if (!table || table.lines) return;
    const lines = new Int32Array(this.current.length);
    this.current.forEach((line, slot) => {
      lines[slot] = line;
    });
    table.lines = lines;
  }
}

class LineTable {
  lines: Int32Array | undefined;
  /** Lines written after the scan (none in practice; kept so the record stays writable). */
  extra: Map<string, number> | undefined;
  constructor(readonly slots: Map<string, number>) {}

  line(pointer: string): number | undefined {
    const extra = this.extra?.get(pointer);
    if (extra !== undefined) return extra;
    const slot = this.slots.get(pointer);
    const line = slot === undefined ? 0 : (this.lines?.[slot] ?? 0);
    return line === 0 ? undefined : line;
  }

  /** Pointers with a line, in document order (by line; equal lines in order of first appearance). */
  keys(): string[] {
    const out: [string, number, number][] = [];
    for (const [pointer, slot] of this.slots) {
      const line = this.line(pointer);
      if (line !== undefined) out.push([pointer, line, slot]);
    }
    for (const [pointer, line] of this.extra ?? [])
      if (!this.slots.has(pointer)) out.push([pointer, line, -1]);
    return out.sort((a, b) => a[1] - b[1] || a[2] - b[2]).map(([p]) => p);
  }
}

function record(table: LineTable): Record<string, number> {
  return new Proxy(table, HANDLER) as unknown as Record<string, number>;
}

const HANDLER: ProxyHandler<LineTable> = {
  get: (t, p) => (typeof p === 'string' ? t.line(p) : undefined),
  has: (t, p) => typeof p === 'string' && t.line(p) !== undefined,
  set: (t, p, value) => {
    if (typeof p !== 'string' || typeof value !== 'number') return false;
    t.extra ??= new Map();
    t.extra.set(p, value);
    return true;
  },
  deleteProperty: () => false,
  ownKeys: (t) => t.keys(),
  getOwnPropertyDescriptor: (t, p) => {
    const value = typeof p === 'string' ? t.line(p) : undefined;
    return value === undefined ? undefined : { value, writable: true, enumerable: true, configurable: true };
  },
};
