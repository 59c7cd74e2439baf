/**
 * Leave-one-clone-out validation of the LASSO (shared/DESIGN.md §7, shared/reference/README.md §3).
 *
 * - lassoLoocvFixed: one λ for every fold (glmnet(x[-i,], y[-i], lambda = λ)).
 * - lassoNestedLoocv: λ chosen inside each training fold by cv.glmnet(nfolds = n − 1, foldid = 1:(n−1),
 *   grouped = FALSE, type.measure = "mse"): the honest estimate.
 * - optimisticLoocv: λ chosen by the same leave-one-out CV on all clones; its RMSE is optimistic,
 *   because the clone being predicted helped to choose λ.
 *
 * With solver 'exact' (default) every fit is the exact minimiser, traced by homotopy on folds
 * standardised by Gram downdating (folds.ts). Solver 'glmnet' runs glmnet's coordinate descent instead:
 * it reproduces glmnet to ~1e-13 but is ~100 times slower (seconds per nested LOOCV).
 *
 * Note (checked against glmnet_nested_loocv.json): cv.glmnet 4.1-6 does NOT refit the inner folds on
 * the outer λ sequence. Each inner fold fits its own automatic path (own λ_max, early stop) and is
 * predicted at the outer λ values by linear interpolation (lambda.interp). Fitting the inner folds on
 * the fixed outer sequence instead picks a different λ in 5 of the 15 folds.
 */
import { ElnetWorkspace, elnetPath, standardizeRows, type ElnetSettings, type LambdaCallback } from './elnet';
import { FoldMaker, type Fold } from './folds';
import { HomotopyBreakdown, HomotopyWorkspace, homotopyPath } from './homotopy';
import { LASSO_DEFAULTS, checkLassoInput, defaultLambdaMinRatio, fixFirstLambda, type LassoSolver } from './lasso';

export interface CvOptions {
  /** Default 'exact' (fast); 'glmnet' reproduces glmnet's coordinate descent. */
  solver?: LassoSolver;
  /** For solver 'glmnet' (defaults 1e-14 and 1e7). */
  thresh?: number;
  maxIter?: number;
  /** λ path inside the folds (defaults 100 and glmnet's lambda.min.ratio for the fold size). */
  nLambda?: number;
  lambdaMinRatio?: number;
}

export interface LoocvFixedResult {
  lambda: number;
  /** Prediction for each clone from the fit without it. */
  predictions: Float64Array;
  rmse: number;
  /** Non-zero coefficients per fold. */
  df: number[];
}

export interface NestedLoocvResult {
  /** λ chosen inside each outer fold (lambda.min). */
  lambdaMin: number[];
  /** Its 1-based position in that fold's λ sequence. */
  lambdaMinIndex: number[];
  /** Length of each fold's λ sequence. */
  nLambda: number[];
  /** (second-smallest − smallest CV error) / smallest, per fold: how clear the choice was. */
  cvmRelGap: number[];
  predictions: Float64Array;
  rmse: number;
}

export interface OptimisticLoocvResult {
  optimistic: true;
  /** λ sequence of the fit on all clones. */
  lambda: number[];
  /** Mean squared leave-one-out error per λ. */
  cvm: number[];
  lambdaMin: number;
  lambdaMinIndex: number;
  /** Leave-one-out predictions at lambdaMin. */
  predictions: Float64Array;
  /** sqrt(min cvm): optimistic, because λ was chosen with every clone. */
  rmse: number;
}

export function rmseOf(pred: ArrayLike<number>, y: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += (pred[i]! - y[i]!) ** 2;
  return Math.sqrt(s / y.length);
}

/** lambda.min: the largest λ whose CV error equals the minimum (glmnet's tie rule), 0-based. */
export function chooseLambdaMin(cvm: ArrayLike<number>): { index: number; relGap: number } {
  let min = Infinity;
  for (let k = 0; k < cvm.length; k++) if (cvm[k]! < min) min = cvm[k]!;
  let index = -1;
  let second = Infinity;
  for (let k = 0; k < cvm.length; k++) {
    if (cvm[k]! <= min && index < 0) index = k;
    else if (cvm[k]! < second) second = cvm[k]!;
  }
  return { index, relGap: (second - min) / min };
}

function rowsWithout(n: number, out: number[]): Int32Array {
  const rows: number[] = [];
  for (let i = 0; i < n; i++) if (!out.includes(i)) rows.push(i);
  return Int32Array.from(rows);
}

/** Shared machinery for one data set: folds, workspaces and per-fold path fits. */
class LassoFolds {
  readonly folds: FoldMaker | null;
  readonly hws = new HomotopyWorkspace();
  readonly cdws = new ElnetWorkspace();
  readonly solver: LassoSolver;
  readonly thresh: number;
  readonly maxIter: number;
  readonly x: Float64Array;
  readonly n: number;
  readonly p: number;
  readonly y: Float64Array;

  constructor(x: Float64Array, n: number, p: number, y: Float64Array, options: CvOptions) {
    this.x = x;
    this.n = n;
    this.p = p;
    this.y = y;
    this.solver = options.solver ?? 'exact';
    this.thresh = options.thresh ?? LASSO_DEFAULTS.thresh;
    this.maxIter = options.maxIter ?? LASSO_DEFAULTS.maxIter;
    this.folds = this.solver === 'exact' ? new FoldMaker(x, n, p, y) : null;
  }

  /**
   * Fit the path without the rows `out` and predict those rows at each λ.
   * lambdas: explicit original-scale λ, or null for glmnet's automatic path.
   * Returns the internal-scale λ, predictions per λ (one array per left-out row) and df.
   */
  fitPredict(
    out: number[],
    lambdas: readonly number[] | null,
    nLambda: number,
    lambdaMinRatio: number,
  ): { lambda: number[]; pred: number[][]; df: number[]; ySd: number } {
    const { p } = this;
    const lambda: number[] = [];
    const df: number[] = [];
    const pred: number[][] = out.map(() => []);
    let fold: Fold | null = this.folds ? this.folds.fold(out) : null;
    let std = fold ? fold.std : standardizeRows(this.x, this.n, p, this.y, rowsWithout(this.n, out));
    const settings = (ySd: number): ElnetSettings => ({
      lambdas: lambdas ? Float64Array.from(lambdas, (l) => l / ySd) : undefined,
      nLambda,
      lambdaMinRatio,
      thresh: this.thresh,
      maxIter: this.maxIter,
    });
    // Original-scale rows of the left-out clones, as (x − mean)/sd per column.
    const hs = out.map(() => new Float64Array(p));
    const setRows = (): void => {
      out.forEach((r, t) => {
        if (fold) fold.scaledRow(r, hs[t]!);
        else
          for (let j = 0; j < p; j++)
            hs[t]![j] = std.usable[j] ? (this.x[r * p + j]! - std.means[j]!) / std.sds[j]! : 0;
      });
    };
    setRows();
    const onLambda: LambdaCallback = (k, lam, _rsq, a, active, nActive) => {
      lambda[k] = lam;
      let nz = 0;
      for (let l = 0; l < nActive; l++) if (a[active[l]!] !== 0) nz++;
      df[k] = nz;
      for (let t = 0; t < out.length; t++) {
        const h = hs[t]!;
        let s = 0;
        for (let l = 0; l < nActive; l++) {
          const j = active[l]!;
          s += a[j]! * h[j]!;
        }
        pred[t]![k] = std.yMean + std.ySd * s;
      }
    };
    let nFitted: number;
    try {
      if (!fold) throw new HomotopyBreakdown('coordinate descent requested');
      nFitted = homotopyPath(std, settings(std.ySd), onLambda, this.hws, fold.gram).nFitted;
    } catch (e) {
      if (!(e instanceof HomotopyBreakdown)) throw e;
      if (fold) {
        fold = null;
        std = standardizeRows(this.x, this.n, p, this.y, rowsWithout(this.n, out));
        setRows();
      }
      const r = elnetPath(std, settings(std.ySd), onLambda, this.cdws);
      if (r.notConverged)
        throw new Error(`coordinate descent did not converge within maxIter (rows out: ${out.join(', ')})`);
      nFitted = r.nFitted;
    }
    lambda.length = nFitted;
    df.length = nFitted;
    for (const pr of pred) pr.length = nFitted;
    return { lambda, pred, df, ySd: std.ySd };
  }
}

/** Leave-one-out at one fixed λ (original y scale), as glmnet(x[-i,], y[-i], lambda = λ). */
export function lassoLoocvFixed(
  x: Float64Array,
  n: number,
  p: number,
  y: Float64Array,
  lambda: number,
  options: CvOptions = {},
): LoocvFixedResult {
  checkLassoInput(x, n, p, y);
  if (!(lambda >= 0 && Number.isFinite(lambda))) throw new Error(`λ must be finite and ≥ 0, got ${lambda}`);
  const cv = new LassoFolds(x, n, p, y, options);
  const predictions = new Float64Array(n);
  const df: number[] = [];
  for (let i = 0; i < n; i++) {
    const fit = cv.fitPredict([i], [lambda], 1, 0.01);
    predictions[i] = fit.pred[0]![0]!;
    df.push(fit.df[0]!);
  }
  return { lambda, predictions, rmse: rmseOf(predictions, y), df };
}

/**
 * glmnet's automatic path of a fit without the rows `out`: original-scale λ (the first one fixed as
 * glmnet reports it) and the predictions of the left-out rows at each λ.
 */
function autoPath(cv: LassoFolds, out: number[], options: CvOptions) {
  const m = cv.n - out.length;
  const fit = cv.fitPredict(
    out,
    null,
    options.nLambda ?? LASSO_DEFAULTS.nLambda,
    options.lambdaMinRatio ?? defaultLambdaMinRatio(m, cv.p),
  );
  const lambda = fit.lambda.map((l) => l * fit.ySd);
  fixFirstLambda(lambda);
  return { lambda, pred: fit.pred };
}

/**
 * Predictions at each λ of `grid` from a path with its own λ sequence: linear interpolation in λ
 * between its points, and its first or last point outside its range (glmnet's lambda.interp, which
 * cv.glmnet's buildPredmat uses with alignment = "lambda").
 */
export function interpolatePredictions(
  pathLambda: readonly number[],
  pathPred: readonly number[],
  grid: readonly number[],
): Float64Array {
  const out = new Float64Array(grid.length);
  const last = pathLambda.length - 1;
  let k = 0;
  for (let g = 0; g < grid.length; g++) {
    const s = grid[g]!;
    if (last === 0 || s >= pathLambda[0]!) out[g] = pathPred[0]!;
    else if (s <= pathLambda[last]!) out[g] = pathPred[last]!;
    else {
      while (k < last - 1 && pathLambda[k + 1]! > s) k++;
      while (k > 0 && pathLambda[k]! < s) k--;
      const hi = pathLambda[k]!;
      const lo = pathLambda[k + 1]!;
      const frac = (s - lo) / (hi - lo);
      out[g] = frac * pathPred[k]! + (1 - frac) * pathPred[k + 1]!;
    }
  }
  return out;
}

function addSquaredErrors(pred: Float64Array, y: number, err: Float64Array): void {
  for (let k = 0; k < pred.length; k++) err[k]! += (pred[k]! - y) ** 2;
}

/**
 * Nested leave-one-out: for each clone i, cv.glmnet on the other n − 1 clones with leave-one-out
 * inner folds, λ = lambda.min, and clone i predicted by the fit on all n − 1 at that λ.
 *
 * As in cv.glmnet 4.1-6: the λ sequence is that of the fit on the n − 1 clones (automatic, early
 * stop included); each inner fold fits its *own* automatic path and is predicted at those λ by
 * linear interpolation; cvm = mean squared error (grouped = FALSE); lambda.min = the largest λ with
 * the smallest cvm. The inner fold "i out, then j out" has the same clones and hence the same path
 * as "j out, then i out", so each pair is fitted once.
 */
export function lassoNestedLoocv(
  x: Float64Array,
  n: number,
  p: number,
  y: Float64Array,
  options: CvOptions = {},
): NestedLoocvResult {
  checkLassoInput(x, n, p, y);
  if (n < 4) throw new Error(`nested leave-one-out needs at least 4 clones (got ${n})`);
  const cv = new LassoFolds(x, n, p, y, options);
  const outer = Array.from({ length: n }, (_, i) => autoPath(cv, [i], options));
  const err = outer.map((o) => new Float64Array(o.lambda.length));
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      const inner = autoPath(cv, [i, j], options);
      addSquaredErrors(interpolatePredictions(inner.lambda, inner.pred[1]!, outer[i]!.lambda), y[j]!, err[i]!);
      addSquaredErrors(interpolatePredictions(inner.lambda, inner.pred[0]!, outer[j]!.lambda), y[i]!, err[j]!);
    }

  const result: NestedLoocvResult = {
    lambdaMin: [],
    lambdaMinIndex: [],
    nLambda: [],
    cvmRelGap: [],
    predictions: new Float64Array(n),
    rmse: 0,
  };
  for (let i = 0; i < n; i++) {
    const cvm = Array.from(err[i]!, (e) => e / (n - 1));
    const { index, relGap } = chooseLambdaMin(cvm);
    result.lambdaMin.push(outer[i]!.lambda[index]!);
    result.lambdaMinIndex.push(index + 1);
    result.nLambda.push(cvm.length);
    result.cvmRelGap.push(relGap);
    result.predictions[i] = outer[i]!.pred[0]![index]!;
  }
  result.rmse = rmseOf(result.predictions, y);
  return result;
}

/**
 * λ chosen by leave-one-out on all clones (cv.glmnet with foldid = 1:n, grouped = FALSE); the
 * leave-one-out predictions at that λ and sqrt(min cvm). Optimistic: every clone helped choose λ.
 */
export function optimisticLoocv(
  x: Float64Array,
  n: number,
  p: number,
  y: Float64Array,
  options: CvOptions = {},
): OptimisticLoocvResult {
  checkLassoInput(x, n, p, y);
  if (n < 3) throw new Error(`leave-one-out needs at least 3 clones (got ${n})`);
  const cv = new LassoFolds(x, n, p, y, options);
  const full = autoPath(cv, [], options);
  const L = full.lambda.length;
  const err = new Float64Array(L);
  const loo: Float64Array[] = [];
  for (let i = 0; i < n; i++) {
    const inner = autoPath(cv, [i], options);
    const pred = interpolatePredictions(inner.lambda, inner.pred[0]!, full.lambda);
    addSquaredErrors(pred, y[i]!, err);
    loo.push(pred);
  }
  const cvm = Array.from(err, (e) => e / n);
  const { index } = chooseLambdaMin(cvm);
  return {
    optimistic: true,
    lambda: full.lambda,
    cvm,
    lambdaMin: full.lambda[index]!,
    lambdaMinIndex: index + 1,
    predictions: Float64Array.from(loo, (pr) => pr[index]!),
    rmse: Math.sqrt(cvm[index]!),
  };
}
