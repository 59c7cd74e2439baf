/**
 * The final model of one condition (window × FOV count), trained on every labelled clone, saved as
 * a self-describing JSON file and reused to predict new clones (shared/DESIGN.md §7–8).
 *
 * The file carries everything needed to judge whether it may be applied to another experiment:
 * the profile columns it uses, the time points they need, and the segmentation parameters that made
 * the training profiles (profiles from other parameters are not comparable).
 */
import { formatHours } from '../experiment';
import { quantileSorted } from '../stats';
import { buildProfiles, parseProfileColumn, type ImageStatsIndex, type Profiles } from '../profiles';
import type { ModelKind, ModelMatrix } from './grid';
import { fitLassoPath } from './lasso';
import { lassoNestedLoocv, optimisticLoocv } from './loocv';
import {
  forestFromJson,
  forestImportance,
  forestToJson,
  predictForest,
  trainForest,
  type RandomForest,
  type RandomForestJson,
} from './randomForest';
import { rfLoocv } from './rfLoocv';

export const MODEL_FORMAT = 'potency-workbench-model';
export const MODEL_VERSION = 1;

export interface ModelCondition {
  windowEndH: number;
  fovCount: number;
  /** Seed of the FOV subset (and of the forest). */
  seed: number;
}

export interface TrainedModel {
  format: typeof MODEL_FORMAT;
  version: 1;
  kind: ModelKind;
  condition: ModelCondition;
  /** Profile columns in the model's order. */
  columns: string[];
  /** Time points of those columns, increasing. */
  timePointsH: number[];
  /** Per column, over the training clones; population SD, as glmnet standardises. */
  standardisation: { means: number[]; sds: number[] };
  lasso?: {
    lambda: number;
    intercept: number;
    /** Original scale, one per column (0 = not selected). */
    coefficients: number[];
  };
  rf?: RandomForestJson & { importance: number[] };
  training: {
    clones: string[];
    potency: number[];
    /** Honest leave-one-clone-out RMSE and predictions (nested for LASSO). */
    loocvRmse: number;
    loocvPredictions: number[];
    validation: string;
  };
  segmentation: { paramsHash: string; params: unknown };
  appVersion: string;
  /** ISO 8601. */
  createdAt: string;
}

export interface TrainMeta {
  paramsHash: string;
  params: unknown;
  appVersion: string;
  /** Trees of the forest (and of each leave-one-out forest). Default 500. */
  rfTrees?: number;
  createdAt?: string;
}

/** Hours of the columns, increasing. */
function hoursOf(columns: readonly string[]): number[] {
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

/** Columns whose values change the prediction: non-zero coefficients, or features some tree splits on. */
export function usedColumns(model: TrainedModel): string[] {
  if (model.lasso) return model.columns.filter((_, j) => model.lasso!.coefficients[j] !== 0);
  const used = new Set<number>();
  for (const t of model.rf?.trees ?? []) for (const f of t.feature) if (f >= 0) used.add(f);
  return model.columns.filter((_, j) => used.has(j));
}

const forestCache = new WeakMap<object, RandomForest>();
function forestOf(model: TrainedModel): RandomForest {
  const json = model.rf;
  if (!json) throw new Error('the model has no forest');
  let forest = forestCache.get(json);
  if (!forest) {
    forest = forestFromJson(json);
    forestCache.set(json, forest);
  }
  return forest;
}

/** Prediction from one row in the model's column order (all used columns finite). */
function predictRow(model: TrainedModel, row: Float64Array): number {
  if (model.lasso) {
    let s = model.lasso.intercept;
    model.lasso.coefficients.forEach((b, j) => {
      if (b !== 0) s += b * row[j]!;
    });
    return s;
  }
  return predictForest(forestOf(model), row);
}

function listNames(names: readonly string[], shown = 6): string {
  return names.length <= shown
    ? names.join(', ')
    : `${names.slice(0, shown).join(', ')} and ${names.length - shown} more`;
}

export interface ModelPrediction {
  clone: string;
  prediction: number;
  problems: string[];
}

/**
 * Predicts every clone of `profiles`, matching columns by name (the profiles may hold more columns,
 * in any order). A used column that is missing, or undefined for a clone, gives that clone NaN and a
 * problem naming the column(s). Columns the model does not use (LASSO coefficient 0) are not needed.
 */
export function predictWithModel(model: TrainedModel, profiles: Profiles): ModelPrediction[] {
  const where = new Map(profiles.columns.map((c, j) => [c, j]));
  const needed = new Set(usedColumns(model));
  const width = profiles.columns.length;
  const absent = model.columns.filter((c) => needed.has(c) && !where.has(c));
  return profiles.clones.map((clone, r) => {
    const row = new Float64Array(model.columns.length);
    const undefinedColumns: string[] = [];
    model.columns.forEach((c, j) => {
      const at = where.get(c);
      const v = at === undefined ? NaN : profiles.values[r * width + at]!;
      row[j] = v;
      if (needed.has(c) && at !== undefined && !Number.isFinite(v)) undefinedColumns.push(c);
    });
    const problems: string[] = [];
    if (absent.length) problems.push(`the profiles lack column${absent.length > 1 ? 's' : ''} ${listNames(absent)}`);
    if (undefinedColumns.length)
      problems.push(`undefined (no cells, or no image) for ${clone} in ${listNames(undefinedColumns)}`);
    if (problems.length) return { clone, prediction: NaN, problems };
    // Unused columns may be NaN: they do not enter a LASSO prediction, and a forest never splits on them.
    return { clone, prediction: predictRow(model, row), problems };
  });
}

function hoursText(hours: readonly number[]): string {
  return hours.map((h) => `${formatHours(h)} h`).join(', ');
}

/**
 * Why the model cannot be applied to an experiment, in plain sentences; empty = compatible.
 * target.columns: the profile columns the experiment has values for; target.timePointsH: the time
 * points it has images at; target.paramsHash: its segmentation parameters' hash ('' if unknown).
 */
export function checkCompatibility(
  model: TrainedModel,
  target: { paramsHash: string; columns: readonly string[]; timePointsH: readonly number[] },
): string[] {
  const problems: string[] = [];
  const trained = model.segmentation.paramsHash;
  if (!target.paramsHash)
    problems.push(
      `This experiment does not record its segmentation parameters; the model was trained on parameters ${trained}: re-segment with the model's parameters (they are inside the model file) or retrain`,
    );
  else if (target.paramsHash !== trained)
    problems.push(
      `The model was trained on segmentation parameters ${trained}; this experiment uses ${target.paramsHash}: re-segment with the model's parameters (they are inside the model file) or retrain`,
    );
  const used = usedColumns(model);
  const neededHours = hoursOf(used);
  const have = new Set(target.timePointsH);
  const lackingHours = neededHours.filter((h) => !have.has(h));
  if (lackingHours.length) {
    const all = model.timePointsH;
    const needText =
      neededHours.length === all.length && all.length > 1
        ? `${formatHours(all[0]!)}–${formatHours(all[all.length - 1]!)} h`
        : hoursText(neededHours);
    problems.push(
      `The model needs time points ${needText}; this experiment has no images at ${hoursText(lackingHours)}`,
    );
  }
  // Columns at a missing time point are already explained by the sentence above.
  const lackingHourSet = new Set(lackingHours);
  const columns = new Set(target.columns);
  const lackingColumns = used.filter((c) => {
    const h = parseProfileColumn(c)?.hours;
    return !columns.has(c) && !(h !== undefined && lackingHourSet.has(h));
  });
  if (lackingColumns.length)
    problems.push(
      `The model uses ${lackingColumns.length} profile column${lackingColumns.length > 1 ? 's' : ''} that this experiment lacks: ${listNames(lackingColumns, 10)}`,
    );
  return problems;
}

export interface Contribution {
  column: string;
  value: number;
  /** (value − training mean) / training SD. */
  standardised: number;
  /** Standardised coefficient β·SD. */
  weight: number;
  /** weight × standardised = β·(value − mean). */
  contribution: number;
}

export interface Contributions {
  /** Mean training potency (= intercept + Σ β·mean): the prediction of an average clone. */
  baseline: number;
  /** baseline + Σ contribution (NaN when a used column is undefined). */
  prediction: number;
  /** Sorted by |contribution|, largest first; LASSO's non-zero coefficients only. Empty for RF. */
  rows: Contribution[];
  note: string;
}

/**
 * Why the model predicts what it does for one clone. LASSO: the prediction splits exactly into the
 * baseline plus one term per selected column. A random forest has no such split: rows are empty
 * (see model.rf.importance for which columns matter overall).
 */
export function contributions(model: TrainedModel, profiles: Profiles, clone: string): Contributions {
  const r = profiles.clones.indexOf(clone);
  if (r < 0) throw new Error(`clone ${clone} is not in the profiles`);
  const prediction = predictWithModel(model, { ...profiles, clones: [clone], values: rowOf(profiles, r) })[0]!
    .prediction;
  if (!model.lasso)
    return {
      baseline: mean(model.training.potency),
      prediction,
      rows: [],
      note: 'A random forest does not split its prediction into per-column terms; see the importance of each column instead.',
    };
  const { means, sds } = model.standardisation;
  const width = profiles.columns.length;
  const where = new Map(profiles.columns.map((c, j) => [c, j]));
  let baseline = model.lasso.intercept;
  const rows: Contribution[] = [];
  model.lasso.coefficients.forEach((b, j) => {
    if (b === 0) return;
    baseline += b * means[j]!;
    const column = model.columns[j]!;
    const at = where.get(column);
    const value = at === undefined ? NaN : profiles.values[r * width + at]!;
    const sd = sds[j]!;
    rows.push({
      column,
      value,
      standardised: sd > 0 ? (value - means[j]!) / sd : 0,
      weight: b * sd,
      contribution: b * (value - means[j]!),
    });
  });
  rows.sort((a, c) => Math.abs(c.contribution) - Math.abs(a.contribution));
  return {
    baseline,
    prediction,
    rows,
    note: 'contribution = standardised coefficient (β·SD) × standardised value ((x − mean)/SD); baseline = mean training potency',
  };
}

function rowOf(p: Profiles, r: number): Float64Array {
  const w = p.columns.length;
  return p.values.slice(r * w, (r + 1) * w);
}

function mean(v: readonly number[]): number {
  return v.reduce((s, x) => s + x, 0) / v.length;
}

/** The profiles a model predicts from: its window, and its FOV count chosen with its seed (as in training). */
export function modelProfiles(model: TrainedModel, index: ImageStatsIndex): Profiles {
  const { windowEndH, fovCount, seed } = model.condition;
  return buildProfiles(index, { windowEndH, fovs: { kind: 'subset', k: fovCount, seed } });
}

/** Standard normal quantile (Acklam's rational approximation, relative error < 1.2e-9). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new Error(`normalQuantile: p must be in (0, 1), got ${p}`);
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239,
  ];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  const tail = (q: number) =>
    (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) /
    ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  if (p < lo) return tail(Math.sqrt(-2 * Math.log(p)));
  if (p > 1 - lo) return -tail(Math.sqrt(-2 * Math.log(1 - p)));
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) /
    (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1)
  );
}

export interface PredictionInterval {
  /** Point prediction from the model's own FOV choice (modelProfiles). */
  prediction: number;
  lo: number;
  hi: number;
  sd: number;
  method: string;
}

export interface IntervalOptions {
  replicates?: number;
  seed: number;
  /** Coverage of the interval, default 0.9. */
  level?: number;
}

/**
 * Prediction intervals for new clones by the FOV bootstrap: each replicate redraws
 * condition.fovCount FOVs per well with replacement, rebuilds the profiles and predicts with the
 * FIXED model. LASSO: the bootstrap SD is combined with the leave-one-out residual spread of the
 * training clones (model error) as sd = √(sd_boot² + sd_resid²), interval = prediction ± z·sd.
 * RF: the bootstrap quantiles only (imaging noise, not model error).
 */
export function predictionIntervals(
  model: TrainedModel,
  index: ImageStatsIndex,
  clones: readonly string[],
  options: IntervalOptions,
): Map<string, PredictionInterval> {
  const replicates = options.replicates ?? 50;
  const level = options.level ?? 0.9;
  if (!(level > 0 && level < 1)) throw new Error(`level must be in (0, 1), got ${level}`);
  if (!(Number.isInteger(replicates) && replicates >= 2)) throw new Error(`replicates must be ≥ 2, got ${replicates}`);
  const wanted = new Set(clones);
  const point = new Map(
    predictWithModel(model, modelProfiles(model, index))
      .filter((p) => wanted.has(p.clone))
      .map((p) => [p.clone, p.prediction]),
  );
  const draws = new Map<string, number[]>(clones.map((c) => [c, []]));
  for (let b = 0; b < replicates; b++) {
    const profiles = buildProfiles(index, {
      windowEndH: model.condition.windowEndH,
      fovs: { kind: 'bootstrap', seed: options.seed, replicate: b, k: model.condition.fovCount },
    });
    for (const p of predictWithModel(model, profiles))
      if (wanted.has(p.clone) && Number.isFinite(p.prediction)) draws.get(p.clone)!.push(p.prediction);
  }
  const { potency, loocvPredictions } = model.training;
  const sdResid = Math.sqrt(mean(loocvPredictions.map((pr, i) => (pr - potency[i]!) ** 2)));
  const z = normalQuantile(0.5 + level / 2);
  const out = new Map<string, PredictionInterval>();
  for (const clone of clones) {
    const values = draws.get(clone)!;
    const prediction = point.get(clone) ?? NaN;
    const m = values.length ? mean(values) : NaN;
    const sdBoot =
      values.length > 1 ? Math.sqrt(values.reduce((s, v) => s + (v - m) ** 2, 0) / (values.length - 1)) : NaN;
    const used = values.length === replicates ? `${replicates}` : `${values.length} of ${replicates}`;
    if (model.kind === 'lasso') {
      const sd = Math.sqrt(sdBoot ** 2 + sdResid ** 2);
      out.set(clone, {
        prediction,
        lo: prediction - z * sd,
        hi: prediction + z * sd,
        sd,
        method: `FOV bootstrap (${used} resamples) combined with the leave-one-out residual spread (RMSE ${sdResid.toFixed(2)}); ${Math.round(level * 100)} % normal interval`,
      });
    } else {
      const sorted = [...values].sort((a, b) => a - b);
      out.set(clone, {
        prediction,
        lo: quantileSorted(sorted, (1 - level) / 2),
        hi: quantileSorted(sorted, 1 - (1 - level) / 2),
        sd: sdBoot,
        method: `FOV bootstrap quantiles (${used} resamples, ${Math.round(level * 100)} %): imaging variation only, not the model's error (leave-one-out RMSE ${sdResid.toFixed(2)})`,
      });
    }
  }
  return out;
}

export function modelToJson(model: TrainedModel): string {
  return JSON.stringify(model);
}

const isNumberArray = (v: unknown, length?: number): boolean =>
  Array.isArray(v) &&
  (length === undefined || v.length === length) &&
  v.every((x) => typeof x === 'number' && Number.isFinite(x));

/** Reads a model file, checking its format, version and every field prediction relies on. */
export function modelFromJson(text: string): TrainedModel {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new Error('not a Potency Workbench model file (not valid JSON)');
  }
  const m = raw as Record<string, unknown> | null;
  if (!m || typeof m !== 'object' || m.format !== MODEL_FORMAT) throw new Error('not a Potency Workbench model file');
  if (typeof m.version !== 'number') throw new Error('the model file has no format version');
  if (m.version > MODEL_VERSION)
    throw new Error(
      `model format version ${m.version} is newer than this app supports (${MODEL_VERSION}); update the app`,
    );
  if (m.version !== MODEL_VERSION) throw new Error(`unknown model format version ${m.version}`);
  const bad: string[] = [];
  const obj = (v: unknown) => (v && typeof v === 'object' ? (v as Record<string, unknown>) : null);
  if (m.kind !== 'lasso' && m.kind !== 'rf') bad.push('kind');
  const condition = obj(m.condition);
  for (const key of ['windowEndH', 'fovCount', 'seed'])
    if (typeof condition?.[key] !== 'number') bad.push(`condition.${key}`);
  const columns = m.columns;
  const p = Array.isArray(columns) && columns.every((c) => typeof c === 'string') ? columns.length : -1;
  if (p < 1) bad.push('columns');
  if (!isNumberArray(m.timePointsH)) bad.push('timePointsH');
  const std = obj(m.standardisation);
  if (!isNumberArray(std?.means, p)) bad.push('standardisation.means');
  if (!isNumberArray(std?.sds, p)) bad.push('standardisation.sds');
  if (m.kind === 'lasso') {
    const lasso = obj(m.lasso);
    if (!lasso) bad.push('lasso');
    else {
      if (typeof lasso.lambda !== 'number') bad.push('lasso.lambda');
      if (typeof lasso.intercept !== 'number' || !Number.isFinite(lasso.intercept)) bad.push('lasso.intercept');
      if (!isNumberArray(lasso.coefficients, p)) bad.push('lasso.coefficients');
    }
  }
  if (m.kind === 'rf') {
    const rf = obj(m.rf);
    if (!rf) bad.push('rf');
    else {
      if (rf.p !== p) bad.push('rf.p');
      if (!isNumberArray(rf.importance, p)) bad.push('rf.importance');
      try {
        forestFromJson(rf);
      } catch (e) {
        bad.push(`rf (${e instanceof Error ? e.message : String(e)})`);
      }
    }
  }
  const training = obj(m.training);
  const nTrain = Array.isArray(training?.clones) ? training.clones.length : -1;
  if (nTrain < 1) bad.push('training.clones');
  if (!isNumberArray(training?.potency, nTrain)) bad.push('training.potency');
  if (!isNumberArray(training?.loocvPredictions, nTrain)) bad.push('training.loocvPredictions');
  if (typeof training?.loocvRmse !== 'number') bad.push('training.loocvRmse');
  if (typeof training?.validation !== 'string') bad.push('training.validation');
  const segmentation = obj(m.segmentation);
  if (typeof segmentation?.paramsHash !== 'string') bad.push('segmentation.paramsHash');
  if (typeof m.appVersion !== 'string') bad.push('appVersion');
  if (typeof m.createdAt !== 'string') bad.push('createdAt');
  if (bad.length) throw new Error(`the model file is damaged: missing or invalid ${bad.join(', ')}`);
  return m as unknown as TrainedModel;
}
