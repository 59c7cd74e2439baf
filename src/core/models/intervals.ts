/** Prediction intervals for new clones from a trained model, by the FOV bootstrap. */
import { mean, normalQuantile, quantileSorted } from '../stats';
import { buildProfiles, type ImageStatsIndex } from '../profiles';
import type { TrainedModel } from './modelFile';
import { modelProfiles, predictWithModel } from './prediction';

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
