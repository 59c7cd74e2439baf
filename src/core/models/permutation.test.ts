import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeWithShared, sharedPath } from '../../testing/shared';
import { lassoNestedLoocv } from './loocv';
import { permutationTest } from './permutation';
import { parseProfilesCsv } from './profilesCsv';

describe('permutation test', () => {
  const y = Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8]);
  // error of "predicting" y by its position: 0 for the true order
  const score = (v: Float64Array): number => Math.sqrt(v.reduce((s, e, i) => s + (e - (i + 1)) ** 2, 0) / v.length);

  it('scores the true labels and each shuffle; p = (1 + #shuffles as good) / (1 + P)', () => {
    const r = permutationTest(y, score, { permutations: 30, seed: 5 });
    expect(r.observed).toBe(0);
    expect(r.permuted).toHaveLength(30);
    const asGood = r.permuted.filter((s) => s <= r.observed).length;
    expect(r.pValue).toBeCloseTo((1 + asGood) / 31, 15);
    expect(r.pValue).toBeLessThan(0.1);
    expect(Math.min(...r.permuted)).toBeGreaterThanOrEqual(0);
  });

  it('is reproducible for a seed and differs between seeds; the input is not modified', () => {
    const a = permutationTest(y, score, { permutations: 10, seed: 3 });
    const b = permutationTest(y, score, { permutations: 10, seed: 3 });
    const c = permutationTest(y, score, { permutations: 10, seed: 4 });
    expect(b.permuted).toEqual(a.permuted);
    expect(c.permuted).not.toEqual(a.permuted);
    expect(Array.from(y)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(() => permutationTest(y, score, { permutations: 0 })).toThrow(/positive integer/);
  });

  it('a constant score gives p = 1', () => {
    expect(permutationTest(y, () => 1, { permutations: 9 }).pValue).toBe(1);
  });
});

describeWithShared('permutation test of the nested LASSO on profiles.csv', () => {
  it('shuffled potencies predict far worse than the true ones (RMSE 0.762)', () => {
    const t = parseProfilesCsv(readFileSync(sharedPath('reference', 'profiles.csv'), 'utf8'));
    const n = t.clones.length;
    const p = t.columns.length;
    const r = permutationTest(t.y!, (yp) => lassoNestedLoocv(t.x, n, p, yp).rmse, { permutations: 5, seed: 1 });
    expect(r.observed).toBeCloseTo(0.76206, 4);
    for (const s of r.permuted) expect(s).toBeGreaterThan(1.2);
    expect(r.pValue).toBeCloseTo(1 / 6, 15);
  });
});
