/**
 * Permutation test for a validation score (shared/DESIGN.md §10: a model must recover the potency,
 * while a permutation of the labels must not). The labels are shuffled among the clones, the whole
 * validation (e.g. nested LOOCV) is rerun on each shuffle, and the observed RMSE is compared with
 * the RMSEs under shuffled labels.
 */
import { createRandom } from '../demo/random';

export interface PermutationOptions {
  /** Number of shuffles (default 20; at least 1). */
  permutations?: number;
  /** Seed of the shuffles (default 1). */
  seed?: number;
}

export interface PermutationResult {
  /** The score with the true labels. */
  observed: number;
  /** The score for each shuffle. */
  permuted: number[];
  /**
   * (1 + number of shuffles scoring ≤ observed) / (1 + permutations): the chance of an RMSE this low
   * when labels and profiles are unrelated. Its smallest value is 1 / (1 + permutations).
   */
  pValue: number;
}

/** score(y) must return an error (lower = better), e.g. a nested-LOOCV RMSE. */
export function permutationTest(
  y: Float64Array,
  score: (yPermuted: Float64Array) => number,
  options: PermutationOptions = {},
): PermutationResult {
  const permutations = options.permutations ?? 20;
  if (!Number.isInteger(permutations) || permutations < 1)
    throw new Error(`permutations must be a positive integer, got ${permutations}`);
  const random = createRandom(options.seed ?? 1);
  const observed = score(Float64Array.from(y));
  const permuted: number[] = [];
  let asGood = 0;
  for (let k = 0; k < permutations; k++) {
    // each shuffle starts from the true order, so shuffles are independent draws
    const order = random.shuffle(Array.from(y, (_, i) => i));
    const s = score(Float64Array.from(order, (i) => y[i]!));
    permuted.push(s);
    if (s <= observed) asGood++;
  }
  return { observed, permuted, pValue: (1 + asGood) / (1 + permutations) };
}
