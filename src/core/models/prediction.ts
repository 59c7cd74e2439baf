/** Predicting new clones with a trained model: compatibility, predictions and per-column contributions. */
import { formatHours } from '../experiment';
import { buildProfiles, parseProfileColumn, type ImageStatsIndex, type Profiles } from '../profiles';
import { forestFromJson, predictForest, type RandomForest } from './randomForest';
import { mean } from '../stats';
import { hoursOf } from './training';
import type { TrainedModel } from './modelFile';

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

/** The profiles a model predicts from: its window, and its FOV count chosen with its seed (as in training). */
export function modelProfiles(model: TrainedModel, index: ImageStatsIndex): Profiles {
  const { windowEndH, fovCount, seed } = model.condition;
  return buildProfiles(index, { windowEndH, fovs: { kind: 'subset', k: fovCount, seed } });
}
