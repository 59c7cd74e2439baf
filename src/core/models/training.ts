/** Training the final model of one condition (window × FOV count) on every labelled clone. */
import { buildProfiles, parseProfileColumn, type ImageStatsIndex } from '../profiles';
import { modelMatrix, type ModelKind, type ModelMatrix } from './grid';
import { fitLassoPath } from './lasso';
import { lassoNestedLoocv, optimisticLoocv } from './loocv';
import { forestImportance, forestToJson, trainForest } from './randomForest';
import { rfLoocv } from './rfLoocv';
import { MODEL_FORMAT, type ModelCondition, type TrainedModel, type TrainMeta } from './modelFile';

/** Hours of the columns, increasing. */
export function hoursOf(columns: readonly string[]): number[] {
  const hours = new Set<number>();
  for (const c of columns) {
    const parsed = parseProfileColumn(c);
    if (parsed) hours.add(parsed.hours);
  }
  return [...hours].sort((a, b) => a - b);
}

/** Column means and population SDs of x (n × p). */
function columnMoments(x: Float64Array, n: number, p: number): { means: number[]; sds: number[] } {
  const means: number[] = [];
  const sds: number[] = [];
  for (let j = 0; j < p; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += x[i * p + j]!;
    const m = s / n;
    let ss = 0;
    for (let i = 0; i < n; i++) ss += (x[i * p + j]! - m) ** 2;
    means.push(m);
    sds.push(Math.sqrt(ss / n));
  }
  return { means, sds };
}

/**
 * Trains the final model on every clone of `m`. LASSO: λ = lambda.min of leave-one-out on all
 * clones, coefficients of the fit on all clones at that λ; the reported RMSE is the nested one, where
 * λ is chosen inside each fold. RF: a forest seeded with condition.seed; leave-one-out RMSE.
 */
export function trainFinalModel(
  m: ModelMatrix,
  kind: ModelKind,
  condition: ModelCondition,
  meta: TrainMeta,
): TrainedModel {
  const n = m.clones.length;
  const p = m.columns.length;
  if (n < 4) throw new Error(`${n} labelled clones: at least 4 are needed to train and validate a model`);
  if (p < 1) throw new Error('no usable profile column (every column is undefined for some clone, or constant)');
  const base = {
    format: MODEL_FORMAT as typeof MODEL_FORMAT,
    version: 1 as const,
    kind,
    condition: { ...condition },
    columns: [...m.columns],
    timePointsH: hoursOf(m.columns),
    segmentation: { paramsHash: meta.paramsHash, params: meta.params },
    appVersion: meta.appVersion,
    createdAt: meta.createdAt ?? new Date().toISOString(),
  };
  const trainingBase = { clones: [...m.clones], potency: Array.from(m.y) };
  if (kind === 'lasso') {
    const optimistic = optimisticLoocv(m.x, n, p, m.y);
    const full = fitLassoPath(m.x, n, p, m.y);
    const k = pathPointFor(full.lambda, optimistic.lambdaMin, optimistic.lambdaMinIndex - 1);
    const nested = lassoNestedLoocv(m.x, n, p, m.y);
    return {
      ...base,
      standardisation: { means: Array.from(full.means), sds: Array.from(full.sds) },
      lasso: { lambda: full.lambda[k]!, intercept: full.a0[k]!, coefficients: Array.from(full.beta[k]!) },
      training: {
        ...trainingBase,
        loocvRmse: nested.rmse,
        loocvPredictions: Array.from(nested.predictions),
        validation: 'nested LOOCV (λ chosen inside each fold)',
      },
    };
  }
  const trees = meta.rfTrees ?? 500;
  const forest = trainForest(m.x, n, p, m.y, { trees, seed: condition.seed });
  const loo = rfLoocv(m.x, n, p, m.y, { trees, seed: condition.seed });
  return {
    ...base,
    standardisation: columnMoments(m.x, n, p),
    rf: { ...forestToJson(forest), importance: Array.from(forestImportance(forest)) },
    training: {
      ...trainingBase,
      loocvRmse: loo.rmse,
      loocvPredictions: Array.from(loo.predictions),
      validation: `LOOCV (a ${trees}-tree forest grown without each clone)`,
    },
  };
}

/** The path point of λ: index `k` when the path reaches it with that λ, else the nearest λ (log scale). */
function pathPointFor(lambda: readonly number[], target: number, k: number): number {
  const at = lambda[k];
  if (at !== undefined && Math.abs(at - target) <= 1e-9 * Math.max(at, target)) return k;
  let best = 0;
  for (let i = 1; i < lambda.length; i++)
    if (Math.abs(Math.log(lambda[i]! / target)) < Math.abs(Math.log(lambda[best]! / target))) best = i;
  return best;
}

/**
 * The final model of a condition, from the per-image statistics: the profiles of its window with
 * its FOV count drawn by its seed, the model matrix of the labelled clones, then training. The one
 * path from an experiment to a model file (the Models view's worker, `train`, the demo report).
 */
export function trainForCondition(
  index: ImageStatsIndex,
  potency: ReadonlyMap<string, number | null>,
  kind: ModelKind,
  condition: ModelCondition,
  meta: TrainMeta,
): { model: TrainedModel; matrix: ModelMatrix } {
  const profiles = buildProfiles(index, { windowEndH: condition.windowEndH, fovs: { kind: 'subset', k: condition.fovCount, seed: condition.seed } });
  const matrix = modelMatrix(profiles, potency);
  if (matrix.clones.length < 4)
    throw new Error(`${matrix.clones.length} clones with a known potency and a complete profile: at least 4 are needed to train and validate a model`);
  return { model: trainFinalModel(matrix, kind, condition, meta), matrix };
}
