/** The modelling worker: a thin comlink adapter over src/core/models (no OpenCV here). */
import * as Comlink from 'comlink';
import { indexImageStats, buildProfiles, pcaView, type ImageStatsIndex } from '../core/profiles';
import { bootstrapCondition, evaluateMatrix, gridWindow, modelMatrix } from '../core/models/grid';
import { permutationTest } from '../core/models/permutation';
import { contributions, modelProfiles, predictWithModel } from '../core/models/prediction';
import { predictionIntervals } from '../core/models/intervals';
import { trainForCondition } from '../core/models/training';
import type { ModelInput, ModelWorkerApi } from './modelApi';

// The same experiment is sent for every job of a run: index it once.
let cached: { key: string; index: ImageStatsIndex } | undefined;
function indexOf(input: ModelInput): ImageStatsIndex {
  if (cached?.key === input.key) return cached.index;
  const index = indexImageStats(input.images.map((i) => ({ clone: i.clone, timeH: i.timeH, fov: i.fov, stats: { n: i.n, mean: i.mean, m2: i.m2 } })));
  cached = { key: input.key, index };
  return index;
}

const api: ModelWorkerApi = {
  async gridWindow(input, windowEndH, fovCounts, models, options, onCell) {
    return gridWindow(indexOf(input), new Map(input.potency), windowEndH, fovCounts, models, options, (cell) => void onCell(cell));
  },
  async bootstrap(input, condition, replicates, options, onReplicate) {
    const rmse = bootstrapCondition(indexOf(input), new Map(input.potency), condition, replicates, options, (d) => void onReplicate(d));
    return { ...condition, rmse };
  },
  async trainFinal(input, kind, condition, meta) {
    return trainForCondition(indexOf(input), new Map(input.potency), kind, condition, meta).model;
  },
  async score(input, model, replicates) {
    const index = indexOf(input);
    const profiles = modelProfiles(model, index);
    const points = predictWithModel(model, profiles);
    const intervals = predictionIntervals(model, index, profiles.clones, { replicates, seed: model.condition.seed });
    let intervalMethod = '';
    const clones = points.map((p) => {
      const iv = intervals.get(p.clone);
      if (iv) intervalMethod = iv.method;
      return {
        clone: p.clone,
        prediction: p.prediction,
        lo: iv?.lo ?? NaN,
        hi: iv?.hi ?? NaN,
        problems: p.problems,
        contributions: model.lasso && Number.isFinite(p.prediction) ? contributions(model, profiles, p.clone) : null,
      };
    });
    return { clones, intervalMethod };
  },
  async pcaView(input, options) {
    return pcaView(indexOf(input), options);
  },
  async permutation(input, condition, permutations, options) {
    const profiles = buildProfiles(indexOf(input), {
      windowEndH: condition.windowEndH,
      fovs: { kind: 'subset', k: condition.fovCount, seed: options.seed },
    });
    const m = modelMatrix(profiles, new Map(input.potency));
    return permutationTest(m.y, (y) => evaluateMatrix({ ...m, y }, condition.model, { ...options, rmseOnly: true }).rmse, { permutations, seed: options.seed });
  },
};

Comlink.expose(api);
