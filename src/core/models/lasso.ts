/**
 * LASSO regression path, as R's glmnet 4.1-6 fits it for family = "gaussian", alpha = 1,
 * standardize = TRUE, intercept = TRUE (shared/DESIGN.md §7, shared/reference/README.md §3).
 *
 * Objective: (1/(2n))·Σ(y − a0 − xβ)² + λ·Σ|β_j|·s_j, with s_j the population SD of column j.
 * λ is on the scale of y. Coefficients are reported on the original scale of the columns.
 */
import {
  ElnetWorkspace,
  elnetPath,
  standardizeRows,
  type ElnetResult,
  type ElnetSettings,
  type LambdaCallback,
  type StandardizedRows,
} from './elnet';
import { HomotopyBreakdown, HomotopyWorkspace, homotopyPath, type GramColumn } from './homotopy';

/**
 * How each λ is solved. 'glmnet': glmnet's coordinate descent, reproducing its answers (including
 * where thresh stops it short of the minimiser) to ~1e-10. 'exact': the exact minimiser by homotopy,
 * hundreds of times faster; it differs from glmnet only by glmnet's own convergence error.
 */
export type LassoSolver = 'glmnet' | 'exact';

export interface LassoOptions {
  /** Length of the automatic λ path (default 100). */
  nLambda?: number;
  /** λ_min / λ_max of the automatic path (default 0.01 when n < p, else 1e-4, as glmnet). */
  lambdaMinRatio?: number;
  /** Explicit λ values (any order; fitted in decreasing order, without early stopping). */
  lambda?: readonly number[];
  /** Coordinate-descent threshold on glmnet's internal scale (default 1e-14; glmnet's own default is 1e-7). */
  thresh?: number;
  /** Maximum coordinate-descent passes over the whole path (default 1e7). */
  maxIter?: number;
  /** Default 'glmnet' for a path, 'exact' inside cross-validation. */
  solver?: LassoSolver;
}

/** Reusable buffers and an optional precomputed Gram source, for repeated fits. */
export interface PathEngine {
  cd?: ElnetWorkspace;
  homotopy?: HomotopyWorkspace;
  gram?: GramColumn;
}

/**
 * Run one path with the chosen solver. The callback may be called again from index 0 if the exact
 * solver meets a numerically singular active set and coordinate descent takes over, so callers
 * should store by index rather than append.
 */
export function runPath(
  std: StandardizedRows,
  settings: ElnetSettings,
  solver: LassoSolver,
  onLambda: LambdaCallback,
  engine: PathEngine = {},
): ElnetResult & { solver: LassoSolver } {
  if (solver === 'exact') {
    try {
      return { ...homotopyPath(std, settings, onLambda, engine.homotopy, engine.gram), solver };
    } catch (e) {
      if (!(e instanceof HomotopyBreakdown)) throw e;
    }
  }
  return { ...elnetPath(std, settings, onLambda, engine.cd), solver: 'glmnet' };
}

export interface LassoPath {
  n: number;
  p: number;
  /** λ per fitted path point, decreasing. */
  lambda: number[];
  /** Intercept per λ. */
  a0: number[];
  /** Coefficients per λ, p values each, on the original scale of the columns. */
  beta: Float64Array[];
  /** Number of non-zero coefficients per λ. */
  df: number[];
  /** Fraction of the null deviance explained per λ. */
  devRatio: number[];
  /** Σ(y − ȳ)². */
  nullDev: number;
  /** Column means and population SDs used to standardise. */
  means: Float64Array;
  sds: Float64Array;
  /** Columns that are constant: left out of the model (coefficient 0). */
  dropped: number[];
  /** Coordinate-descent passes (or homotopy segments) used. */
  passes: number;
  /** The solver that produced the path. */
  solver: LassoSolver;
  /** Human-readable remarks: dropped columns, an early end of the path, non-convergence. */
  notes: string[];
}

export const LASSO_DEFAULTS = { nLambda: 100, thresh: 1e-14, maxIter: 1e7 } as const;

/** glmnet's default lambda.min.ratio. */
export function defaultLambdaMinRatio(n: number, p: number): number {
  return n < p ? 0.01 : 1e-4;
}

/** Throw a clear error for wrong sizes or non-finite values. */
export function checkLassoInput(x: Float64Array, n: number, p: number, y: Float64Array): void {
  if (!Number.isInteger(n) || !Number.isInteger(p) || n < 2 || p < 1)
    throw new Error(`LASSO needs at least 2 rows and 1 column (got ${n} × ${p})`);
  if (x.length !== n * p) throw new Error(`x has ${x.length} values, expected n × p = ${n * p}`);
  if (y.length !== n) throw new Error(`y has ${y.length} values, expected ${n}`);
  for (let i = 0; i < x.length; i++)
    if (!Number.isFinite(x[i]!))
      throw new Error(`x is not finite at row ${Math.floor(i / p) + 1}, column ${(i % p) + 1}: ${x[i]}`);
  for (let i = 0; i < n; i++) if (!Number.isFinite(y[i]!)) throw new Error(`y is not finite at row ${i + 1}: ${y[i]}`);
}

/** glmnet replaces the infinite first λ of an automatic path by extrapolating the next two (fix.lam). */
export function fixFirstLambda(lambda: number[]): void {
  if (lambda.length > 2) lambda[0] = Math.exp(2 * Math.log(lambda[1]!) - Math.log(lambda[2]!));
}

/** Fit a LASSO path on x (n × p, row-major) and y. */
export function fitLassoPath(
  x: Float64Array,
  n: number,
  p: number,
  y: Float64Array,
  options: LassoOptions = {},
): LassoPath {
  checkLassoInput(x, n, p, y);
  const std = standardizeRows(x, n, p, y, null);
  return fitStandardized(std, n, p, options);
}

/** The path on rows already standardised (also used by the cross-validation, with a workspace). */
export function fitStandardized(
  std: StandardizedRows,
  n: number,
  p: number,
  options: LassoOptions = {},
  engine: PathEngine = {},
): LassoPath {
  const explicit = options.lambda ? decreasingLambdas(options.lambda) : null;
  const nLambda = options.nLambda ?? LASSO_DEFAULTS.nLambda;
  if (!explicit && !(Number.isInteger(nLambda) && nLambda >= 1))
    throw new Error(`nLambda must be a positive integer, got ${nLambda}`);
  const lambdaMinRatio = options.lambdaMinRatio ?? defaultLambdaMinRatio(std.m, p);
  if (!explicit && !(lambdaMinRatio > 0 && lambdaMinRatio < 1))
    throw new Error(`lambdaMinRatio must be in (0, 1), got ${lambdaMinRatio}`);
  const ys = std.ySd;
  const path: LassoPath = {
    n,
    p,
    lambda: [],
    a0: [],
    beta: [],
    df: [],
    devRatio: [],
    nullDev: ys * ys * std.m,
    means: Float64Array.from(std.means),
    sds: Float64Array.from(std.sds),
    dropped: [],
    passes: 0,
    solver: options.solver ?? 'glmnet',
    notes: [],
  };
  for (let j = 0; j < p; j++) if (!std.usable[j]) path.dropped.push(j);
  if (path.dropped.length)
    path.notes.push(`${path.dropped.length} constant column(s) left out of the model (coefficient 0)`);

  const result = runPath(
    std,
    {
      lambdas: explicit ? Float64Array.from(explicit, (l) => l / ys) : undefined,
      nLambda,
      lambdaMinRatio,
      thresh: options.thresh ?? LASSO_DEFAULTS.thresh,
      maxIter: options.maxIter ?? LASSO_DEFAULTS.maxIter,
    },
    options.solver ?? 'glmnet',
    (k, lam, devRatio, a, active, nActive) => {
      const beta = new Float64Array(p);
      let df = 0;
      let xb = 0;
      for (let l = 0; l < nActive; l++) {
        const j = active[l]!;
        const b = (ys * a[j]!) / std.sds[j]!;
        beta[j] = b;
        xb += b * std.means[j]!;
        if (b !== 0) df++;
      }
      path.lambda[k] = ys * lam;
      path.a0[k] = std.yMean - xb;
      path.beta[k] = beta;
      path.df[k] = df;
      path.devRatio[k] = devRatio;
    },
    engine,
  );
  for (const key of ['lambda', 'a0', 'beta', 'df', 'devRatio'] as const) path[key].length = result.nFitted;
  path.passes = result.passes;
  path.solver = result.solver;
  if (!explicit) {
    fixFirstLambda(path.lambda);
    if (path.lambda.length === 1 || path.lambda.length === 2) path.lambda[0] = ys * maxAbs(std.g);
    if (result.nFitted < nLambda && !result.notConverged)
      path.notes.push(
        `path stopped after ${result.nFitted} of ${nLambda} λ values: the fit saturated (glmnet's fdev/devmax rule)`,
      );
  }
  if (result.notConverged)
    path.notes.push(
      `coordinate descent did not converge within maxIter at λ number ${result.nFitted + 1}; path truncated`,
    );
  return path;
}

function maxAbs(v: Float64Array): number {
  let m = 0;
  for (const e of v) m = Math.max(m, Math.abs(e));
  return m;
}

function decreasingLambdas(lambda: readonly number[]): number[] {
  if (lambda.length === 0) throw new Error('the explicit λ sequence is empty');
  for (const l of lambda) if (!(l >= 0 && Number.isFinite(l))) throw new Error(`λ must be finite and ≥ 0, got ${l}`);
  return [...lambda].sort((u, v) => v - u);
}

/** Prediction for one row of original-scale values (length p) at path point k (0-based). */
export function predictLasso(fit: LassoPath, k: number, xRow: ArrayLike<number>): number {
  const beta = fit.beta[k];
  if (!beta) throw new Error(`path point ${k} does not exist (the path has ${fit.lambda.length})`);
  if (xRow.length !== fit.p) throw new Error(`row has ${xRow.length} values, expected ${fit.p}`);
  let s = fit.a0[k]!;
  for (let j = 0; j < fit.p; j++) {
    const b = beta[j]!;
    if (b !== 0) s += b * xRow[j]!;
  }
  return s;
}
