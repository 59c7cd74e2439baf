/**
 * The final model's file: what a trained model holds, saved as self-describing JSON and read back
 * with every field prediction relies on checked (shared/DESIGN.md §7–8).
 *
 * The file carries everything needed to judge whether it may be applied to another experiment:
 * the profile columns it uses, the time points they need, and the segmentation parameters that made
 * the training profiles (profiles from other parameters are not comparable).
 */
import type { ModelKind } from './grid';
import { forestFromJson, type RandomForestJson } from './randomForest';

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
