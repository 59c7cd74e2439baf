import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeWithShared, sharedPath } from '../../testing/shared';
import { standardizeRows } from './elnet';
import { FoldMaker } from './folds';
import {
  chooseLambdaMin,
  interpolatePredictions,
  lassoLoocvFixed,
  lassoNestedLoocv,
  optimisticLoocv,
  rmseOf,
} from './loocv';
import { parseProfilesCsv } from './profilesCsv';

interface LoocvFixedRef {
  lambda: number;
  y: number[];
  prediction: number[];
  df: number[];
  rmse: number;
}

interface NestedRef {
  y: number[];
  lambda_min: number[];
  lambda_min_index: number[];
  n_lambda: number[];
  cvm_rel_gap: number[];
  prediction: number[];
  rmse: number;
}

const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let m = 0;
  for (let i = 0; i < b.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
};

describeWithShared('LASSO leave-one-clone-out against glmnet 4.1-6', () => {
  const table = parseProfilesCsv(readFileSync(sharedPath('reference', 'profiles.csv'), 'utf8'));
  const fixed = JSON.parse(readFileSync(sharedPath('reference', 'glmnet_loocv_fixed.json'), 'utf8')) as LoocvFixedRef;
  const nested = JSON.parse(readFileSync(sharedPath('reference', 'glmnet_nested_loocv.json'), 'utf8')) as NestedRef;
  const n = table.clones.length;
  const p = table.columns.length;
  const y = table.y!;

  it('reads the same potencies as the reference', () => {
    expect(Array.from(y)).toEqual(nested.y);
    expect(Array.from(y)).toEqual(fixed.y);
  });

  it('fixed λ = λ30: predictions, df and RMSE 0.7402 (exact solver and glmnet solver)', () => {
    const exact = lassoLoocvFixed(table.x, n, p, y, fixed.lambda);
    expect(maxAbsDiff(exact.predictions, fixed.prediction)).toBeLessThan(1e-4); // measured 2.6e-6
    expect(Math.abs(exact.rmse - fixed.rmse)).toBeLessThan(1e-5);
    expect(exact.df).toEqual(fixed.df);
    const cd = lassoLoocvFixed(table.x, n, p, y, fixed.lambda, { solver: 'glmnet' });
    expect(maxAbsDiff(cd.predictions, fixed.prediction)).toBeLessThan(1e-10); // measured 3e-14
    expect(cd.df).toEqual(fixed.df);
  });

  it('nested: the same λ index in every fold, the same path lengths, predictions and RMSE 0.7621', () => {
    const r = lassoNestedLoocv(table.x, n, p, y);
    expect(r.lambdaMinIndex).toEqual(nested.lambda_min_index);
    expect(r.nLambda).toEqual(nested.n_lambda);
    r.lambdaMin.forEach((l, i) => expect(Math.abs(l / nested.lambda_min[i]! - 1)).toBeLessThan(1e-10));
    expect(maxAbsDiff(r.predictions, nested.prediction)).toBeLessThan(1e-4); // measured 4.4e-6
    expect(Math.abs(r.rmse - nested.rmse)).toBeLessThan(1e-4);
    expect(maxAbsDiff(r.cvmRelGap, nested.cvm_rel_gap)).toBeLessThan(1e-4);
    expect(r.rmse).toBeCloseTo(rmseOf(r.predictions, y), 14);
  });

  it('nested with glmnet coordinate descent reproduces glmnet to rounding', () => {
    const r = lassoNestedLoocv(table.x, n, p, y, { solver: 'glmnet' });
    expect(r.lambdaMinIndex).toEqual(nested.lambda_min_index);
    expect(maxAbsDiff(r.predictions, nested.prediction)).toBeLessThan(1e-10); // measured 3e-14
    expect(maxAbsDiff(r.cvmRelGap, nested.cvm_rel_gap)).toBeLessThan(1e-10);
  }, 60_000);

  it('optimistic LOOCV (λ chosen with every clone) is labelled and scores better than nested', () => {
    const r = optimisticLoocv(table.x, n, p, y);
    expect(r.optimistic).toBe(true);
    expect(r.lambda).toHaveLength(98);
    expect(r.lambdaMin).toBe(r.lambda[r.lambdaMinIndex - 1]);
    expect(r.rmse).toBeCloseTo(rmseOf(r.predictions, y), 12);
    expect(Math.min(...r.cvm)).toBeCloseTo(r.rmse ** 2, 14);
    expect(r.rmse).toBeLessThan(nested.rmse);
    expect(r.rmse).toBeGreaterThan(0.6);
  });

  it('folds standardised by downdating equal a direct standardisation', () => {
    const maker = new FoldMaker(table.x, n, p, y);
    for (const out of [[0], [3, 11]]) {
      const fold = maker.fold(out);
      const rows = Int32Array.from([...Array(n).keys()].filter((i) => !out.includes(i)));
      const direct = standardizeRows(table.x, n, p, y, rows);
      expect(maxAbsDiff(fold.std.g, direct.g)).toBeLessThan(1e-13);
      for (let j = 0; j < p; j++) expect(Math.abs(fold.std.sds[j]! / direct.sds[j]! - 1)).toBeLessThan(1e-12);
      expect(fold.std.ySd).toBeCloseTo(direct.ySd, 14);
      const col = new Float64Array(p);
      fold.gram(17, col);
      let worst = 0;
      for (let k = 0; k < p; k++) {
        let dot = 0;
        for (let i = 0; i < direct.m; i++) dot += direct.z[17 * direct.m + i]! * direct.z[k * direct.m + i]!;
        worst = Math.max(worst, Math.abs(dot - col[k]!));
      }
      expect(worst).toBeLessThan(1e-13);
    }
  });
});

describe('cross-validation helpers', () => {
  it('lambda.min is the largest λ among tied minima (glmnet rule), with the gap to the next value', () => {
    expect(chooseLambdaMin([3, 1, 1, 2])).toEqual({ index: 1, relGap: 0 });
    expect(chooseLambdaMin([3, 2, 1.5, 1])).toEqual({ index: 3, relGap: 0.5 });
  });

  it('interpolates predictions linearly in λ and holds the end values outside the path', () => {
    const lam = [1, 0.5, 0.25];
    const pred = [10, 12, 16];
    expect(Array.from(interpolatePredictions(lam, pred, [2, 1, 0.75, 0.5, 0.3, 0.25, 0.1]))).toEqual([
      10, 10, 11, 12, 15.2, 16, 16,
    ]);
    expect(Array.from(interpolatePredictions([0.4], [7], [1, 0.1]))).toEqual([7, 7]);
  });
});
