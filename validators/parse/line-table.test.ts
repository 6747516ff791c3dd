import { describe, expect, test } from 'vitest';
import { lineFor } from './field-lines.js';
import { LineTableBuilder } from './line-table.js';

describe('LineTableBuilder', () => {
  const build = () => {
    const b = new LineTableBuilder();
    const first = b.start();
    b.set('', 1);
    b.set('/kind', 2);
    b.set('/metadata', 3);
    b.set('/metadata/name', 4);
    const second = b.start();
    b.set('', 6);
    b.set('/metadata', 7);
    b.set('/spec', 8);
    b.set('/metadata/name', 7);
    b.finish();
    return { first, second };
  };

  test('each document reads its own lines; a field it lacks is undefined', () => {
    const { first, second } = build();
    expect(first['/metadata/name']).toBe(4);
    expect(second['/metadata/name']).toBe(7);
    expect(first['/spec']).toBeUndefined();
    expect(second['/kind']).toBeUndefined();
    expect('/kind' in first).toBe(true);
    expect('/kind' in second).toBe(false);
    expect(lineFor(second, '/spec/replicas', 0)).toBe(8);
  });

  test('reads as a plain record: keys in document order, entries, spread, JSON', () => {
    const { second } = build();
    expect(Object.keys(second)).toEqual(['', '/metadata', '/metadata/name', '/spec']);
    expect(Object.entries(second)).toEqual([
      ['', 6],
      ['/metadata', 7],
      ['/metadata/name', 7],
      ['/spec', 8],
    ]);
    expect({ ...second }).toStrictEqual({ '': 6, '/metadata': 7, '/metadata/name': 7, '/spec': 8 });
    expect(JSON.parse(JSON.stringify(second))).toEqual({
      '': 6,
      '/metadata': 7,
      '/metadata/name': 7,
      '/spec': 8,
    });
  });

  test('a line written later is kept, and names that are not pointers read as absent', () => {
    const { first } = build();
    first['/spec'] = 9;
    expect(first['/spec']).toBe(9);
    expect(Object.keys(first)).toContain('/spec');
    expect((first as Record<string, unknown>).toJSON).toBeUndefined();
  });
});
