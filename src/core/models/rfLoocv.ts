/**
 * Leave-one-clone-out cross-validation of the random forest: for each clone, a forest is grown on
 * the other clones and predicts the one left out. Fold i's forest is seeded from (seed, i), so a
 * fold gives the same prediction whether it runs alone, in order or in a worker pool.
 * (R's reference, rf_loocv.json, calls set.seed once before the 15 folds; the RNGs differ anyway,
 * so the two agree only statistically.)
 */
import { hashKeys } from '../demo/random';
import { predictForest, trainForest } from './randomForest';

export interface RfLoocvOptions {
  /** Trees per forest. Default 500. */
  trees?: number;
  /** Candidate features per node. Default max(floor(p/3), 1). */
  mtry?: number;
  /** Default 5 (R's regression default). */
  nodeSize?: number;
  seed: number;
}

export interface RfLoocvResult {
  /** Prediction for each clone from the forest that did not see it. */
  predictions: Float64Array;
  /** sqrt(mean((prediction − y)²)). */
  rmse: number;
}

/** The seed of fold i's forest. */
export function rfFoldSeed(seed: number, fold: number): number {
  return hashKeys(seed, 'rf-loocv-fold', fold);
}

/** x is n rows × p features, row-major; y holds the n responses (e.g. potency). */
export function rfLoocv(
  x: Float64Array,
  n: number,
  p: number,
  y: Float64Array,
  options: RfLoocvOptions,
): RfLoocvResult {
  if (n < 2) throw new Error(`rfLoocv: need at least 2 clones, got ${n}`);
  if (x.length !== n * p || y.length !== n) throw new Error('rfLoocv: x must be n×p and y must have n values');
  const trainX = new Float64Array((n - 1) * p);
  const trainY = new Float64Array(n - 1);
  const predictions = new Float64Array(n);
  let squares = 0;
  for (let i = 0; i < n; i++) {
    for (let r = 0, t = 0; r < n; r++) {
      if (r === i) continue;
      trainX.set(x.subarray(r * p, (r + 1) * p), t * p);
      trainY[t++] = y[r]!;
    }
    const forest = trainForest(trainX, n - 1, p, trainY, {
      trees: options.trees,
      mtry: options.mtry,
      nodeSize: options.nodeSize,
      seed: rfFoldSeed(options.seed, i),
    });
    const prediction = predictForest(forest, x.subarray(i * p, (i + 1) * p));
    predictions[i] = prediction;
    squares += (prediction - y[i]!) ** 2;
  }
  return { predictions, rmse: Math.sqrt(squares / n) };
}
