import { describe, expect, it } from 'vitest';
import { flagFields, median } from './qc';

const field = (clone: string, fov: number, cells: number) => ({ id: `${clone}|${fov}`, clone, timeH: 6, fov, fileName: `${clone}_f${fov}.png`, cells });

describe('flagFields', () => {
  it('flags empty fields and fields 10× from their clone median, per clone', () => {
    const rows = flagFields([
      field('a', 1, 20), field('a', 2, 22), field('a', 3, 0), field('a', 4, 250), field('a', 5, 21),
      field('b', 1, 2), field('b', 2, 3), field('b', 3, 2),
    ]);
    expect(rows.map((r) => r.cloneMedian)).toEqual([21, 21, 21, 21, 21, 2, 2, 2]);
    expect(rows.map((r) => r.flag)).toEqual([
      null, null, 'no cells found', "10× the clone's median or more", null, null, null, null,
    ]);
  });
  it('median of even and odd lists', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(median([])).toBeNaN();
  });
});
