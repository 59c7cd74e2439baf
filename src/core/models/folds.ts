/**
 * Leave-out folds of one data set, standardised cheaply for cross-validation.
 *
 * Every fold drops one or two rows. Instead of re-standardising and recomputing inner products for
 * each fold (O(p·m) per column), the data are centred once and cross-products Σ xc_j·xc_k are cached
 * per column; a fold's means, SDs, correlations with y and Gram entries are then obtained by
 * subtracting the dropped rows (O(p) per column). The results equal glmnet's per-fold standardisation
 * up to rounding (~1e-15 relative).
 */
import type { StandardizedRows } from './elnet';
import type { GramColumn } from './homotopy';

export interface Fold {
  /** Rows left out (0-based). */
  out: number[];
  /** Standardised fold without the z matrix (z is empty; use `gram`). */
  std: StandardizedRows;
  gram: GramColumn;
  /** Original-scale prediction slope for a left-out row: h_j = (x_rj − mean_j) / sd_j, 0 for unusable j. */
  scaledRow(r: number, out: Float64Array): void;
}

export class FoldMaker {
  readonly n: number;
  readonly p: number;
  /** x centred on the all-row means, row-major. */
  private readonly xc: Float64Array;
  private readonly mean: Float64Array;
  private readonly yc: Float64Array;
  private readonly yMean: number;
  /** Σ_i xc_ij·yc_i over all rows. */
  private readonly xy: Float64Array;
  /** Σ_i xc_ij and Σ_i xc_ij² over all rows. */
  private readonly colSum: Float64Array;
  private readonly colSumSq: Float64Array;
  private readonly gramCols: (Float64Array | undefined)[];
  /** Columns with at most 3 distinct values: a fold without 2 rows may make them constant. */
  private readonly fewValues: Uint8Array;
  private readonly x: Float64Array;
  private readonly y: Float64Array;

  constructor(x: Float64Array, n: number, p: number, y: Float64Array) {
    this.n = n;
    this.p = p;
    this.x = x;
    this.y = y;
    this.mean = new Float64Array(p);
    for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) this.mean[j]! += x[i * p + j]!;
    for (let j = 0; j < p; j++) this.mean[j]! /= n;
    this.xc = new Float64Array(n * p);
    for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) this.xc[i * p + j] = x[i * p + j]! - this.mean[j]!;
    let ym = 0;
    for (let i = 0; i < n; i++) ym += y[i]!;
    this.yMean = ym / n;
    this.yc = Float64Array.from(y, (v) => v - this.yMean);
    this.xy = new Float64Array(p);
    this.colSum = new Float64Array(p);
    this.colSumSq = new Float64Array(p);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < p; j++) {
        const v = this.xc[i * p + j]!;
        this.xy[j]! += v * this.yc[i]!;
        this.colSum[j]! += v;
        this.colSumSq[j]! += v * v;
      }
    this.gramCols = new Array<Float64Array | undefined>(p).fill(undefined);
    this.fewValues = new Uint8Array(p);
    for (let j = 0; j < p; j++) {
      const seen = new Set<number>();
      for (let i = 0; i < n && seen.size < 4; i++) seen.add(x[i * p + j]!);
      this.fewValues[j] = seen.size < 4 ? 1 : 0;
    }
  }

  /** Σ_i xc_ij·xc_ik over all rows, for all k (cached). */
  private gramColumn(j: number): Float64Array {
    let col = this.gramCols[j];
    if (col) return col;
    const { n, p, xc } = this;
    col = new Float64Array(p);
    for (let i = 0; i < n; i++) {
      const v = xc[i * p + j]!;
      const row = i * p;
      for (let k = 0; k < p; k++) col[k]! += v * xc[row + k]!;
    }
    this.gramCols[j] = col;
    return col;
  }

  /** The fold without the given rows (one or two). */
  fold(out: number[]): Fold {
    const { n, p, xc, x, y } = this;
    const m = n - out.length;
    const outSet = new Set(out);
    const usable = new Uint8Array(p);
    const mu = new Float64Array(p); // fold mean of xc
    const sds = new Float64Array(p);
    const g = new Float64Array(p);
    const means = new Float64Array(p);

    let ym = 0;
    for (let i = 0; i < n; i++) if (!outSet.has(i)) ym += y[i]!;
    ym /= m;
    let yss = 0;
    for (let i = 0; i < n; i++) if (!outSet.has(i)) yss += (y[i]! - ym) * (y[i]! - ym);
    const ySd = Math.sqrt(yss / m);
    if (!(ySd > 0)) throw new Error('y is constant over the rows of a fold, so a LASSO cannot be fitted');
    const ymc = ym - this.yMean; // fold mean of yc

    for (let j = 0; j < p; j++) {
      // sums over the fold = sums over all rows − sums over the rows left out
      let s = this.colSum[j]!;
      let ss = this.colSumSq[j]!;
      let sy = this.xy[j]!;
      for (const r of out) {
        const v = xc[r * p + j]!;
        s -= v;
        ss -= v * v;
        sy -= v * this.yc[r]!;
      }
      const muj = s / m;
      mu[j] = muj;
      means[j] = this.mean[j]! + muj;
      let varies = true;
      if (this.fewValues[j]) {
        let first: number | undefined;
        varies = false;
        for (let i = 0; i < n; i++) {
          if (outSet.has(i)) continue;
          const v = x[i * p + j]!;
          if (first === undefined) first = v;
          else if (v !== first) varies = true;
        }
      }
      const sd = Math.sqrt(Math.max(0, ss / m - muj * muj));
      if (!varies || !(sd > 0)) continue;
      usable[j] = 1;
      sds[j] = sd;
      // Σ_F xc·(y − ȳ_F) = Σ_F xc·yc − m·mu·(ȳ_F − ȳ)
      g[j] = (sy - m * muj * ymc) / (m * sd * ySd);
    }

    const std: StandardizedRows = {
      m,
      p,
      z: new Float64Array(0),
      means,
      sds,
      usable,
      yMean: ym,
      ySd,
      g,
    };
    const invSd = new Float64Array(p);
    for (let k = 0; k < p; k++) invSd[k] = usable[k] ? 1 / sds[k]! : 0;
    // up to two left-out rows, as row offsets into xc (−1: none)
    const r1 = out.length > 0 ? out[0]! * p : -1;
    const r2 = out.length > 1 ? out[1]! * p : -1;
    if (out.length > 2) throw new Error('folds leave out at most two rows');
    const gram: GramColumn = (j, dest) => {
      const G = this.gramColumn(j);
      const a = m * mu[j]!;
      const x1 = r1 >= 0 ? xc[r1 + j]! : 0;
      const x2 = r2 >= 0 ? xc[r2 + j]! : 0;
      const o1 = r1 >= 0 ? r1 : 0;
      const o2 = r2 >= 0 ? r2 : 0;
      const scale = invSd[j]! / m;
      for (let k = 0; k < p; k++)
        dest[k] = (G[k]! - x1 * xc[o1 + k]! - x2 * xc[o2 + k]! - a * mu[k]!) * scale * invSd[k]!;
      dest[j] = 1;
    };
    return {
      out,
      std,
      gram,
      scaledRow: (r, dest) => {
        for (let j = 0; j < p; j++) dest[j] = usable[j] ? (xc[r * p + j]! - mu[j]!) / sds[j]! : 0;
      },
    };
  }
}
