import { describe, expect, it } from 'vitest';
import { coefficientCorrelation, modelMatrix, quantile, recommend, selectionFrequency, type CellResult } from './grid';
import type { Profiles } from '../profiles';

const TIMES = [6, 12, 18, 24, 30, 36, 42, 48, 54, 60, 66, 72, 78, 84, 90];

describe('recommend', () => {
  const boot = (windowEndH: number, fovCount: number, rmse: number[]) => ({ windowEndH, fovCount, model: 'lasso' as const, rmse });
  it('picks the earliest window, then the fewest FOVs, and the least imaging, by the 90th percentile', () => {
    const results = [
      boot(30, 16, [1.1, 1.2, 1.3]),
      boot(30, 64, [0.7, 0.8, 0.9]),
      boot(60, 16, [0.6, 0.7, 0.8]),
      boot(60, 64, [0.5, 0.6, 0.7]),
      boot(90, 16, [0.5, 0.55, 0.6]),
    ];
    const r = recommend(results, 1.0, TIMES);
    expect(r.earliest).toMatchObject({ windowEndH: 30, fovCount: 64 });
    // 6–60 h × 16 FOVs = 10 × 16 = 160 images per well, less than 5 × 64 = 320.
    expect(r.minimumEffort).toMatchObject({ windowEndH: 60, fovCount: 16 });
    expect(r.text).toContain('Earliest: 6–30 h with 64 FOVs per well');
    expect(r.text).toContain('160 images per well instead of 960');
  });
  it('says so when nothing stays under the threshold', () => {
    expect(recommend([boot(90, 64, [1.5, 1.6])], 1.0, TIMES).text).toMatch(/^No bootstrapped condition/);
  });
  it('ignores NaN RMSEs in quantiles', () => {
    expect(quantile([1, NaN, 3], 0.5)).toBe(2);
  });
});

describe('model structure', () => {
  it('correlates coefficient vectors over the union of their columns', () => {
    expect(coefficientCorrelation({ a: 1, b: 2, c: 0.5 }, { a: 2, b: 4, c: 1 })).toBeCloseTo(1, 12);
    expect(coefficientCorrelation({ a: 1, b: -1 }, { a: -1, b: 1 })).toBeCloseTo(-1, 12);
    expect(coefficientCorrelation({ a: 1 }, { b: 1 })).toBeCloseTo(-1, 12);
  });
  it('counts each descriptor statistic once per model, with its usual sign', () => {
    const cell = (coefficients: Record<string, number>) => ({ coefficients }) as unknown as CellResult;
    const f = selectionFrequency([cell({ area_sd_030h: 0.5, area_sd_060h: 0.2, solidity_mean_090h: -0.1 }), cell({ area_sd_090h: 0.3 })]);
    expect(f[0]).toEqual({ feature: 'area_sd', count: 2, positive: 2, negative: 0 });
    expect(f[1]).toEqual({ feature: 'solidity_mean', count: 1, positive: 0, negative: 1 });
  });
});

describe('modelMatrix', () => {
  it('keeps labelled clones, drops undefined or constant columns and mostly-undefined clones, saying which', () => {
    const profiles = {
      clones: ['c1', 'c2', 'c3', 'c4', 'c5'],
      columns: ['x', 'constant', 'holey', 'y'],
      values: Float64Array.from([1, 5, 1, 2, 2, 5, 2, 3, 3, 5, NaN, 1, 4, 5, 4, 7, NaN, NaN, NaN, NaN]),
    } as unknown as Profiles;
    const m = modelMatrix(profiles, new Map([['c1', 7], ['c2', 8], ['c3', 9], ['c4', null], ['c5', 10]]));
    expect(m.clones).toEqual(['c1', 'c2', 'c3']);
    expect(m.columns).toEqual(['x', 'y']);
    expect(m.dropped).toEqual(['constant', 'holey']);
    expect(m.droppedClones).toEqual(['c5']);
    expect(Array.from(m.x)).toEqual([1, 2, 2, 3, 3, 1]);
    expect(Array.from(m.y)).toEqual([7, 8, 9]);
  });
});
