/**
 * Principal component analysis as R's prcomp(x, center = TRUE, scale. = TRUE): columns centred and
 * divided by their sample sd (n − 1), then the SVD of the n × p data. Matrices are row-major
 * Float64Arrays (row = clone, column = profile column).
 *
 * Constant columns cannot be scaled to unit variance (R stops with an error); here they are left
 * out of the fit, listed in `droppedColumns`, and get zero loadings.
 */
import { jacobiSvd } from './jacobiSvd';
import { topEigen } from './topEigen';
import { mean, sd } from './describe';

export interface PcaOptions {
  center?: boolean;
  scale?: boolean;
  /**
   * Only this many leading components. For tall data (rows > columns) they then come from the
   * p × p covariance by subspace iteration, which is far cheaper than a full SVD.
   */
  components?: number;
}

export interface PcaModel {
  nCols: number;
  /** Number of components k = min(rows, used columns). */
  nComponents: number;
  /** Per input column: the value subtracted (0 when not centring). */
  center: Float64Array;
  /** Per input column: the divisor (1 when not scaling or for dropped columns). */
  scale: Float64Array;
  /** Indices of constant columns left out when scaling. */
  droppedColumns: number[];
  /** Standard deviations of the components, as prcomp's sdev (k values, descending). */
  sdev: Float64Array;
  /** Loadings, nCols × k row-major: rotation[col·k + pc]. Unit length per component. */
  rotation: Float64Array;
  /** Scores of the fitted rows, nRows × k row-major: scores[row·k + pc]. */
  scores: Float64Array;
  /** sdev² / Σ sdev². */
  varianceExplained: Float64Array;
}

function isConstant(matrix: Float64Array, nRows: number, nCols: number, col: number): boolean {
  const first = matrix[col]!;
  for (let r = 1; r < nRows; r++) if (matrix[r * nCols + col] !== first) return false;
  return true;
}

/**
 * Flip each component so its largest-magnitude loading is positive. The sign of a PC is arbitrary;
 * fixing it keeps plots from flipping between runs on nearly the same data.
 */
function fixSign(loadings: Float64Array, scores: Float64Array): void {
  let biggest = 0;
  for (const x of loadings) if (Math.abs(x) > Math.abs(biggest)) biggest = x;
  if (biggest < 0) {
    for (let i = 0; i < loadings.length; i++) loadings[i] = -loadings[i]!;
    for (let i = 0; i < scores.length; i++) scores[i] = -scores[i]!;
  }
}

export function pca(matrix: Float64Array, nRows: number, nCols: number, options: PcaOptions = {}): PcaModel {
  const { center: doCenter = true, scale: doScale = true } = options;
  if (matrix.length !== nRows * nCols) {
    throw new RangeError(`pca: matrix has ${matrix.length} values, expected ${nRows} × ${nCols}`);
  }
  if (nRows < 2) throw new RangeError(`pca: need at least 2 rows, got ${nRows}`);
  for (let i = 0; i < matrix.length; i++) {
    if (!Number.isFinite(matrix[i]!)) {
      throw new RangeError(`pca: row ${Math.floor(i / nCols) + 1}, column ${(i % nCols) + 1} is ${matrix[i]}`);
    }
  }

  const center = new Float64Array(nCols);
  const scale = new Float64Array(nCols).fill(1);
  const droppedColumns: number[] = [];
  const used: number[] = [];
  const column = new Float64Array(nRows);
  for (let c = 0; c < nCols; c++) {
    if (doScale && isConstant(matrix, nRows, nCols, c)) {
      droppedColumns.push(c);
      continue;
    }
    used.push(c);
    for (let r = 0; r < nRows; r++) column[r] = matrix[r * nCols + c]!;
    if (doCenter) center[c] = mean(column);
    // prcomp divides by the root-mean-square when not centring; with centring that is the sd.
    if (doScale) {
      if (doCenter) scale[c] = sd(column);
      else {
        let ss = 0;
        for (const x of column) ss += x * x;
        scale[c] = Math.sqrt(ss / (nRows - 1));
      }
    }
  }
  const p = used.length;
  const wanted = options.components;
  const k = Math.min(nRows, p, wanted ?? Infinity);

  // Prepared data as rows (one per clone) and as columns (one per profile column).
  const rows = Array.from({ length: nRows }, () => new Float64Array(p));
  used.forEach((c, j) => {
    for (let r = 0; r < nRows; r++) rows[r]![j] = (matrix[r * nCols + c]! - center[c]!) / scale[c]!;
  });

  // Decompose along the shorter side: with n ≤ p, Xᵀ = U·Σ·Vᵀ gives loadings U and scores V·Σ.
  const rotation = new Float64Array(nCols * k);
  const scores = new Float64Array(nRows * k);
  const sdev = new Float64Array(k);
  if (wanted !== undefined && nRows > p) {
    const cov = new Float64Array(p * p);
    for (const row of rows)
      for (let i = 0; i < p; i++) {
        const ri = row[i]!;
        if (ri === 0) continue;
        const base = i * p;
        for (let j = i; j < p; j++) cov[base + j]! += ri * row[j]!;
      }
    for (let i = 0; i < p; i++) for (let j = 0; j < i; j++) cov[i * p + j] = cov[j * p + i]!;
    const { values, vectors } = topEigen(cov, p, k);
    for (let pc = 0; pc < k; pc++) {
      sdev[pc] = Math.sqrt(Math.max(0, values[pc]!) / (nRows - 1));
      const loadings = vectors[pc]!;
      fixSign(loadings, new Float64Array(0));
      used.forEach((c, j) => (rotation[c * k + pc] = loadings[j]!));
      for (let r = 0; r < nRows; r++) {
        let s = 0;
        for (let j = 0; j < p; j++) s += rows[r]![j]! * loadings[j]!;
        scores[r * k + pc] = s;
      }
    }
  } else if (nRows <= p) {
    const { sigma, u, v } = jacobiSvd(rows);
    for (let pc = 0; pc < k; pc++) {
      sdev[pc] = sigma[pc]! / Math.sqrt(nRows - 1);
      const loadings = u[pc]!;
      const pcScores = v[pc]!.map((x) => x * sigma[pc]!);
      fixSign(loadings, pcScores);
      used.forEach((c, j) => (rotation[c * k + pc] = loadings[j]!));
      for (let r = 0; r < nRows; r++) scores[r * k + pc] = pcScores[r]!;
    }
  } else {
    const columns = Array.from({ length: p }, (_, j) => Float64Array.from(rows, (row) => row[j]!));
    const { sigma, u, v } = jacobiSvd(columns);
    for (let pc = 0; pc < k; pc++) {
      sdev[pc] = sigma[pc]! / Math.sqrt(nRows - 1);
      const loadings = Float64Array.from(v[pc]!);
      const pcScores = u[pc]!.map((x) => x * sigma[pc]!);
      fixSign(loadings, pcScores);
      used.forEach((c, j) => (rotation[c * k + pc] = loadings[j]!));
      for (let r = 0; r < nRows; r++) scores[r * k + pc] = pcScores[r]!;
    }
  }

  let total = 0;
  for (const s of sdev) total += s * s;
  // With only the leading components, the total variance is the trace of the covariance.
  if (wanted !== undefined && nRows > p) {
    total = 0;
    for (const row of rows) for (let j = 0; j < p; j++) total += row[j]! * row[j]!;
    total /= nRows - 1;
  }
  const varianceExplained = sdev.map((s) => (total > 0 ? (s * s) / total : NaN));
  return { nCols, nComponents: k, center, scale, droppedColumns, sdev, rotation, scores, varianceExplained };
}

/**
 * Scores of new rows (row-major, nCols each) on an existing model's axes: the same centring and
 * scaling, then × rotation. Used to keep axes fixed across time windows and bootstrap resamples.
 */
export function project(model: PcaModel, newRows: Float64Array): Float64Array {
  const { nCols, nComponents: k, center, scale, rotation } = model;
  if (newRows.length % nCols !== 0) {
    throw new RangeError(`project: ${newRows.length} values is not a whole number of rows of ${nCols}`);
  }
  const m = newRows.length / nCols;
  const out = new Float64Array(m * k);
  for (let r = 0; r < m; r++) {
    for (let c = 0; c < nCols; c++) {
      const z = (newRows[r * nCols + c]! - center[c]!) / scale[c]!;
      for (let pc = 0; pc < k; pc++) out[r * k + pc]! += z * rotation[c * k + pc]!;
    }
  }
  return out;
}
