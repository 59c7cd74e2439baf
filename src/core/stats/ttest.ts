/**
 * Two-sample t-test as R's t.test(x, y): Welch's test by default (Welch–Satterthwaite df), or the
 * pooled-variance test with equalVar. Two-sided.
 */
import { mean, variance } from './describe';
import { studentTTwoSidedP } from './tDistribution';

export interface TTestOptions {
  /** Pooled variance (R's var.equal = TRUE); default false, Welch's test. */
  equalVar?: boolean;
}

export interface TTestResult {
  t: number;
  df: number;
  /** Two-sided p-value. */
  p: number;
  meanX: number;
  meanY: number;
}

export function tTest(x: ArrayLike<number>, y: ArrayLike<number>, options: TTestOptions = {}): TTestResult {
  if (x.length < 2) throw new RangeError(`t-test: not enough x observations (${x.length}); need at least 2`);
  if (y.length < 2) throw new RangeError(`t-test: not enough y observations (${y.length}); need at least 2`);
  return tTestFromSummaries({ n: x.length, mean: mean(x), variance: variance(x) }, { n: y.length, mean: mean(y), variance: variance(y) }, options);
}

/** Sample size, mean and sample variance (n − 1) of one group. */
export interface GroupSummary {
  n: number;
  mean: number;
  variance: number;
}

/**
 * The same test from each group's n, mean and variance, so groups too large to hold (every cell of
 * a paper-scale experiment) can be summarised while streaming.
 */
export function tTestFromSummaries(x: GroupSummary, y: GroupSummary, options: TTestOptions = {}): TTestResult {
  const { n: nx, mean: meanX, variance: vx } = x;
  const { n: ny, mean: meanY, variance: vy } = y;
  if (nx < 2) throw new RangeError(`t-test: not enough x observations (${nx}); need at least 2`);
  if (ny < 2) throw new RangeError(`t-test: not enough y observations (${ny}); need at least 2`);
  let df: number;
  let stderr: number;
  if (options.equalVar) {
    df = nx + ny - 2;
    const pooled = ((nx - 1) * vx + (ny - 1) * vy) / df;
    stderr = Math.sqrt(pooled * (1 / nx + 1 / ny));
  } else {
    const sx2 = vx / nx;
    const sy2 = vy / ny;
    stderr = Math.sqrt(sx2 + sy2);
    df = (sx2 + sy2) ** 2 / ((sx2 * sx2) / (nx - 1) + (sy2 * sy2) / (ny - 1));
  }
  if (!(stderr > 10 * Number.EPSILON * Math.max(Math.abs(meanX), Math.abs(meanY)))) {
    throw new RangeError('t-test: data are essentially constant');
  }
  const t = (meanX - meanY) / stderr;
  return { t, df, p: studentTTwoSidedP(t, df), meanX, meanY };
}
