import { describe, expect, it } from 'vitest';
import { compactLabels, fillHoles, labelComponents, removeBorderObjects, removeSmallObjects } from './masks';

function mask(rows: string[]): { m: Uint8Array; w: number; h: number } {
  const w = rows[0]!.length;
  return { m: Uint8Array.from(rows.join('').split(''), (c) => (c === '#' ? 1 : 0)), w, h: rows.length };
}
const show = (m: ArrayLike<number>, w: number) =>
  Array.from({ length: m.length / w }, (_, y) =>
    Array.from({ length: w }, (_, x) => (m[y * w + x] ? '#' : '.')).join(''),
  );

describe('mask operations', () => {
  it('labels 8-connected components (4-connected on request) with their areas', () => {
    const { m, w, h } = mask(['#..##', '.#..#', '.....', '##...']);
    const eight = labelComponents(m, w, h);
    expect(eight.count).toBe(3);
    expect([...eight.areas.slice(1)]).toEqual([2, 3, 2]);
    expect(labelComponents(m, w, h, true).count).toBe(4);
  });

  it('removes small objects, fills holes, removes border objects', () => {
    const a = mask(['.......', '.###...', '.#.#.#.', '.###...', '.......']);
    removeSmallObjects(a.m, a.w, a.h, 2);
    expect(show(a.m, a.w)).toEqual(['.......', '.###...', '.#.#...', '.###...', '.......']);
    fillHoles(a.m, a.w, a.h);
    expect(show(a.m, a.w)[2]).toBe('.###...');
    const b = mask(['##.....', '.......', '...##..', '......#']);
    removeBorderObjects(b.m, b.w, b.h);
    expect(show(b.m, b.w)).toEqual(['.......', '.......', '...##..', '.......']);
  });

  it('compacts labels to 1..count, dropping small and border labels', () => {
    const labels = Int32Array.from([0, 0, 0, 0, 0, 0, 9, 9, 4, 0, 0, 9, 0, 7, 0, 0, 0, 0, 0, 5]);
    const count = compactLabels(labels, 5, 4, 2, true);
    expect(count).toBe(1);
    expect([...labels]).toEqual([0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
  });
});
