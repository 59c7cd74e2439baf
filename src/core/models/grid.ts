/**
 * The data-usage grid (shared/DESIGN.md §7): for every time window 6–t h and FOV count k, the
 * clones' profiles are rebuilt from stored statistics and each model is judged by leave-one-clone-
 * out RMSE (nested for LASSO). Plus the FOV bootstrap of chosen conditions and the recommendation
 * of the earliest window and fewest FOVs that stay under an RMSE threshold.
 */
import { buildProfiles, buildSubsetGrid, type ImageStatsIndex, type Profiles } from '../profiles';
import { fitLassoPath } from './lasso';
import { lassoNestedLoocv, optimisticLoocv, rmseOf } from './loocv';
import { rfLoocv } from './rfLoocv';
import { quantile as typeQuantile } from '../stats/describe';

export type ModelKind = 'lasso' | 'rf';

/** The labelled clones' profiles as a model matrix: rows = clones, columns usable by every model. */
export interface ModelMatrix {
  clones: string[];
  columns: string[];
  /** clones × columns, row-major. */
  x: Float64Array;
  y: Float64Array;
  /** Columns left out: undefined (NaN) for some clone, or constant. */
  dropped: string[];
  /** Labelled clones left out because most of their profile is undefined. */
  droppedClones: string[];
}

export function modelMatrix(profiles: Profiles, potency: ReadonlyMap<string, number | null>): ModelMatrix {
  const width = profiles.columns.length;
  const undefinedShare = (r: number) => {
    let bad = 0;
    for (let j = 0; j < width; j++) if (!Number.isFinite(profiles.values[r * width + j]!)) bad++;
    return bad / Math.max(1, width);
  };
  const labelled = profiles.clones
    .map((c, r) => ({ c, r, y: potency.get(c) }))
    .filter((e) => e.y !== null && e.y !== undefined && Number.isFinite(e.y));
  // A clone missing most of its profile (e.g. no cells at the only time point) would empty every
  // column: leave the clone out instead, and say so.
  const rows = labelled.filter((e) => undefinedShare(e.r) <= 0.5);
  const droppedClones = labelled.filter((e) => undefinedShare(e.r) > 0.5).map((e) => e.c);
  const keep: number[] = [];
  const dropped: string[] = [];
  for (let j = 0; j < width; j++) {
    let ok = true;
    let min = Infinity;
    let max = -Infinity;
    for (const { r } of rows) {
      const v = profiles.values[r * width + j]!;
      if (!Number.isFinite(v)) ok = false;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    if (ok && max > min) keep.push(j);
    else dropped.push(profiles.columns[j]!);
  }
  const x = new Float64Array(rows.length * keep.length);
  rows.forEach(({ r }, i) => keep.forEach((j, c) => (x[i * keep.length + c] = profiles.values[r * width + j]!)));
  return {
    clones: rows.map((e) => e.c),
    columns: keep.map((j) => profiles.columns[j]!),
    x,
    y: Float64Array.from(rows, (e) => e.y as number),
    dropped,
    droppedClones,
  };
}

export interface CellResult {
  model: ModelKind;
  windowEndH: number;
  fovCount: number;
  /** Honest leave-one-clone-out RMSE (nested for LASSO). */
  rmse: number;
  /** LASSO only: λ chosen by leave-one-out on all clones, and its (optimistic) RMSE. */
  lambda?: number;
  optimisticRmse?: number;
  clones: string[];
  measured: number[];
  predicted: number[];
  /** LASSO: non-zero coefficients of the model fitted on all clones at `lambda`, standardised (β·sd). */
  coefficients?: Record<string, number>;
  notes: string[];
}

export interface EvaluateOptions {
  seed: number;
  rfTrees: number;
}

/** Judges one model on one matrix. Needs ≥ 4 labelled clones (nested leave-one-out). */
export function evaluateMatrix(
  m: ModelMatrix,
  model: ModelKind,
  /** rmseOnly: just the honest RMSE and predictions (the bootstrap needs no λ or coefficients). */
  options: EvaluateOptions & { rmseOnly?: boolean },
): Omit<CellResult, 'windowEndH' | 'fovCount'> {
  const n = m.clones.length;
  const p = m.columns.length;
  const notes = m.dropped.length
    ? [`${m.dropped.length} columns left out (undefined for some clone, or constant)`]
    : [];
  if (m.droppedClones.length) notes.push(`left out for lack of cells in this window: ${m.droppedClones.join(', ')}`);
  const base = { model, clones: m.clones, measured: Array.from(m.y), notes };
  if (n < 4 || p < 1) {
    return {
      ...base,
      rmse: NaN,
      predicted: m.clones.map(() => NaN),
      notes: [...notes, n < 4 ? `${n} labelled clones: at least 4 are needed` : 'no usable profile column'],
    };
  }
  if (model === 'rf') {
    const r = rfLoocv(m.x, n, p, m.y, { trees: options.rfTrees, seed: options.seed });
    return { ...base, rmse: r.rmse, predicted: Array.from(r.predictions) };
  }
  const nested = lassoNestedLoocv(m.x, n, p, m.y);
  if (options.rmseOnly) return { ...base, rmse: nested.rmse, predicted: Array.from(nested.predictions) };
  const optimistic = optimisticLoocv(m.x, n, p, m.y);
  // The exact (homotopy) path: the same solution as glmnet's coordinate descent to within
  // glmnet's own convergence error, ~25× faster — this runs in every cell of the grid.
  const full = fitLassoPath(m.x, n, p, m.y, { solver: 'exact' });
  const k = Math.min(optimistic.lambdaMinIndex - 1, full.beta.length - 1);
  const coefficients: Record<string, number> = {};
  full.beta[k]!.forEach((b, j) => {
    if (b !== 0) coefficients[m.columns[j]!] = b * full.sds[j]!;
  });
  return {
    ...base,
    rmse: nested.rmse,
    predicted: Array.from(nested.predictions),
    lambda: optimistic.lambdaMin,
    optimisticRmse: optimistic.rmse,
    coefficients,
  };
}

/** Every FOV count of one window (one job of the grid: profiles are nested, so built in one pass). */
export function gridWindow(
  index: ImageStatsIndex,
  potency: ReadonlyMap<string, number | null>,
  windowEndH: number,
  fovCounts: readonly number[],
  models: readonly ModelKind[],
  options: EvaluateOptions,
  onCell?: (cell: CellResult) => void,
): CellResult[] {
  const maxK = Math.max(...fovCounts);
  const profiles = buildSubsetGrid(index, { seed: options.seed, maxK, windowsEndH: [windowEndH] })[0]!;
  const out: CellResult[] = [];
  for (const k of fovCounts)
    for (const model of models) {
      const cell = {
        ...evaluateMatrix(modelMatrix(profiles[k - 1]!, potency), model, options),
        windowEndH,
        fovCount: k,
      };
      out.push(cell);
      onCell?.(cell);
    }
  return out;
}

/** RMSE of each of `replicates` FOV bootstrap resamples (k draws with replacement per clone). */
export function bootstrapCondition(
  index: ImageStatsIndex,
  potency: ReadonlyMap<string, number | null>,
  condition: { windowEndH: number; fovCount: number; model: ModelKind },
  replicates: number,
  options: EvaluateOptions,
  onReplicate?: (done: number) => void,
): number[] {
  const rmses: number[] = [];
  for (let b = 0; b < replicates; b++) {
    const profiles = buildProfiles(index, {
      windowEndH: condition.windowEndH,
      fovs: { kind: 'bootstrap', seed: options.seed, replicate: b, k: condition.fovCount },
    });
    rmses.push(
      evaluateMatrix(modelMatrix(profiles, potency), condition.model, { ...options, seed: options.seed + b, rmseOnly: true }).rmse,
    );
    onReplicate?.(b + 1);
  }
  return rmses;
}

/** Type-7 quantile of the finite values (NaN RMSEs of cells that could not be judged are ignored). */
export function quantile(values: readonly number[], q: number): number {
  return typeQuantile(values.filter(Number.isFinite), q);
}

export interface BootstrapSummary {
  windowEndH: number;
  fovCount: number;
  model: ModelKind;
  rmse: number[];
}

export interface Recommendation {
  /** The earliest window that stays under the threshold, with the fewest FOVs at that window. */
  earliest: BootstrapSummary | null;
  /** The least imaging (time points × FOVs) that stays under the threshold. */
  minimumEffort: BootstrapSummary | null;
  /** The bootstrap quantile that must stay under the threshold. */
  quantile: number;
  text: string;
}

/**
 * The paper's two conditions among the bootstrapped ones: a condition "stays under" the threshold
 * when the 90th percentile of its bootstrap RMSEs is below it.
 */
export function recommend(
  results: readonly BootstrapSummary[],
  threshold: number,
  timePointsH: readonly number[],
  q = 0.9,
): Recommendation {
  const passing = results.filter((r) => quantile(r.rmse, q) < threshold);
  const effort = (r: BootstrapSummary) => timePointsH.filter((t) => t <= r.windowEndH).length * r.fovCount;
  const earliest = [...passing].sort((a, b) => a.windowEndH - b.windowEndH || a.fovCount - b.fovCount)[0] ?? null;
  const minimumEffort = [...passing].sort((a, b) => effort(a) - effort(b) || a.windowEndH - b.windowEndH)[0] ?? null;
  const describe = (r: BootstrapSummary) =>
    `6–${r.windowEndH} h with ${r.fovCount} FOV${r.fovCount === 1 ? '' : 's'} per well (${r.model.toUpperCase()}, 90th percentile of bootstrap RMSE ${quantile(r.rmse, q).toFixed(2)})`;
  const text =
    passing.length === 0
      ? `No bootstrapped condition keeps its RMSE under ${threshold} in 90 % of FOV resamples: image longer, image more fields, or accept a higher threshold.`
      : `Earliest: ${describe(earliest!)}. Minimum effort: ${describe(minimumEffort!)}, i.e. ${effort(minimumEffort!)} images per well instead of ${timePointsH.length * Math.max(...results.map((r) => r.fovCount))}.`;
  return { earliest, minimumEffort, quantile: q, text };
}

/** Pearson correlation of two models' coefficient vectors over the union of their columns (0 where absent). */
export function coefficientCorrelation(a: Record<string, number>, b: Record<string, number>): number {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  if (keys.length < 2) return NaN;
  const xa = keys.map((k) => a[k] ?? 0);
  const xb = keys.map((k) => b[k] ?? 0);
  const ma = xa.reduce((s, v) => s + v, 0) / keys.length;
  const mb = xb.reduce((s, v) => s + v, 0) / keys.length;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < keys.length; i++) {
    sab += (xa[i]! - ma) * (xb[i]! - mb);
    saa += (xa[i]! - ma) ** 2;
    sbb += (xb[i]! - mb) ** 2;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : NaN;
}

/**
 * In how many LASSO models each descriptor statistic (a profile column without its hour) is
 * selected at some time point, and the sign its weights mostly take in those models.
 */
export function selectionFrequency(cells: readonly CellResult[]): { feature: string; count: number; positive: number; negative: number }[] {
  const tally = new Map<string, { count: number; positive: number; negative: number }>();
  for (const cell of cells) {
    const perModel = new Map<string, number>();
    for (const [column, value] of Object.entries(cell.coefficients ?? {})) {
      const feature = column.replace(/_\d{3}h$/, '');
      perModel.set(feature, (perModel.get(feature) ?? 0) + value);
    }
    for (const [feature, sum] of perModel) {
      const t = tally.get(feature) ?? { count: 0, positive: 0, negative: 0 };
      t.count++;
      if (sum > 0) t.positive++;
      else t.negative++;
      tally.set(feature, t);
    }
  }
  return [...tally.entries()].map(([feature, t]) => ({ feature, ...t })).sort((a, b) => b.count - a.count);
}

export { rmseOf };
