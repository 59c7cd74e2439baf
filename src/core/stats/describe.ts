/**
 * Descriptive statistics as R computes them: mean, sample sd (n − 1), quantile type 7 (R's
 * default, numpy's "linear"), IQR, Pearson's r and the least-squares line.
 * Sums are compensated (Neumaier) so results track R's long-double accumulators to ~1e-16.
 */

/** Σ values with Neumaier compensation. */
function accurateSum(values: ArrayLike<number>, shift = 0): number {
  let sum = 0;
  let carry = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]! - shift;
    const t = sum + v;
    carry += Math.abs(sum) >= Math.abs(v) ? sum - t + v : v - t + sum;
    sum = t;
  }
  return sum + carry;
}

/** Arithmetic mean, refined by a second pass as R's mean() does. NaN when empty. */
export function mean(values: ArrayLike<number>): number {
  const n = values.length;
  if (n === 0) return NaN;
  const first = accurateSum(values) / n;
  return first + accurateSum(values, first) / n;
}

/** Sample variance (divisor n − 1). NaN for fewer than 2 values. */
export function variance(values: ArrayLike<number>): number {
  const n = values.length;
  if (n < 2) return NaN;
  const m = mean(values);
  let sum = 0;
  let carry = 0;
  for (let i = 0; i < n; i++) {
    const d = values[i]! - m;
    const v = d * d;
    const t = sum + v;
    carry += sum >= v ? sum - t + v : v - t + sum;
    sum = t;
  }
  return (sum + carry) / (n - 1);
}

/** Sample standard deviation (divisor n − 1), as R's sd(). */
export function sd(values: ArrayLike<number>): number {
  return Math.sqrt(variance(values));
}

function sortedCopy(values: ArrayLike<number>): Float64Array {
  const sorted = Float64Array.from(values);
  sorted.sort();
  return sorted;
}

/**
 * Quantile of values already sorted ascending, R's type 7: x[lo] + h·(x[hi] − x[lo]),
 * index = 1 + (n−1)p. The one implementation every quantile, percentile and interval uses.
 */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const index = (n - 1) * p; // 0-based
  const lo = Math.floor(index);
  const hi = Math.ceil(index);
  const qLo = sorted[lo]!;
  const qHi = sorted[hi]!;
  const h = index - lo;
  // R only interpolates when the two order statistics differ, which keeps ties exact.
  return index > lo && qHi !== qLo ? (1 - h) * qLo + h * qHi : qLo;
}

/** Quantile at probability p (0…1), R's default type 7. */
export function quantile(values: ArrayLike<number>, p: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`quantile: probability must be in [0, 1], got ${p}`);
  return quantileSorted(sortedCopy(values), p);
}

/** Interquartile range, Q3 − Q1 with type 7 quantiles, as R's IQR(). */
export function iqr(values: ArrayLike<number>): number {
  const sorted = sortedCopy(values);
  return quantileSorted(sorted, 0.75) - quantileSorted(sorted, 0.25);
}

function checkPaired(x: ArrayLike<number>, y: ArrayLike<number>, what: string): void {
  if (x.length !== y.length) throw new RangeError(`${what}: x has ${x.length} values but y has ${y.length}`);
}

/** Centred sums Sxx, Syy, Sxy and the means, shared by pearson() and linearFit(). */
function crossProducts(x: ArrayLike<number>, y: ArrayLike<number>) {
  const mx = mean(x);
  const my = mean(y);
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let i = 0; i < x.length; i++) {
    const dx = x[i]! - mx;
    const dy = y[i]! - my;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  }
  return { mx, my, sxx, syy, sxy };
}

/** Pearson's correlation coefficient. NaN when either variable is constant or n < 2. */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number {
  checkPaired(x, y, 'pearson');
  if (x.length < 2) return NaN;
  const { sxx, syy, sxy } = crossProducts(x, y);
  if (sxx === 0 || syy === 0) return NaN;
  // Rounding can push |r| a hair past 1 for perfectly collinear data.
  return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
}

export interface LinearFit {
  slope: number;
  intercept: number;
  /** Coefficient of determination; for a straight line with intercept this is r². */
  r2: number;
}

/** Ordinary least-squares line y = intercept + slope·x. NaN slope when x is constant. */
export function linearFit(x: ArrayLike<number>, y: ArrayLike<number>): LinearFit {
  checkPaired(x, y, 'linearFit');
  if (x.length < 2) return { slope: NaN, intercept: NaN, r2: NaN };
  const { mx, my, sxx, syy, sxy } = crossProducts(x, y);
  const slope = sxx === 0 ? NaN : sxy / sxx;
  const r2 = sxx === 0 || syy === 0 ? NaN : Math.min(1, (sxy * sxy) / (sxx * syy));
  return { slope, intercept: my - slope * mx, r2 };
}
