import { describe, expect, it } from 'vitest';
import { iqr, linearFit, mean, pearson, quantile, sd, variance } from './describe';

// Expected values from numpy 1.24 (np.quantile's default "linear" = R's type 7).
const x = Float64Array.from([1, 3, 10, 2.5, 7, 4.25, -2]);
const y = Float64Array.from([2.1, 3.9, 12, 4, 8.5, 5, -1]);
const close = (got: number, want: number, rel = 1e-14) =>
  expect(Math.abs(got - want)).toBeLessThanOrEqual(rel * Math.abs(want));

describe('describe', () => {
  it('mean and sample sd (n − 1)', () => {
    close(mean(x), 3.6785714285714284);
    close(sd(x), 3.928300856483324);
    close(variance(Float64Array.from([2, 4, 4, 4, 5, 5, 7, 9])), 32 / 7);
    expect(mean(new Float64Array(0))).toBeNaN();
    expect(sd(Float64Array.of(3))).toBeNaN();
  });

  it('mean keeps full precision on data far from zero', () => {
    const shifted = Float64Array.from(x, (v) => v + 1e9);
    close(mean(shifted) - 1e9, 3.6785714285714284, 1e-7);
    close(sd(shifted), 3.928300856483324, 1e-7);
  });

  it('quantiles are R type 7 and IQR = Q3 − Q1', () => {
    close(quantile(x, 0.3), 2.2);
    close(quantile(x, 0.9), 8.2);
    expect(quantile(x, 0)).toBe(-2);
    expect(quantile(x, 1)).toBe(10);
    close(iqr(x), 3.875);
    expect(quantile(Float64Array.of(5, 5, 5), 0.37)).toBe(5);
    expect(() => quantile(x, 1.5)).toThrow(/\[0, 1\]/);
  });

  it('pearson and the least-squares line', () => {
    close(pearson(x, y), 0.9971759732237974);
    const fit = linearFit(x, y);
    close(fit.slope, 1.0761427193828357);
    close(fit.intercept, 0.9699035679845722);
    close(fit.r2, 0.9943599215748274);
    const exact = linearFit(Float64Array.of(0, 1, 2, 3), Float64Array.of(1, 3, 5, 7));
    expect(exact).toEqual({ slope: 2, intercept: 1, r2: 1 });
    expect(pearson(Float64Array.of(1, 1, 1), Float64Array.of(1, 2, 3))).toBeNaN();
    expect(() => pearson(x, y.subarray(1))).toThrow(/7 values but y has 6/);
  });
});
