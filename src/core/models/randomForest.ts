/**
 * Random-forest regression with the rules of R's randomForest 4.7 (Breiman's algorithm as coded by
 * Liaw & Wiener, regTree.c), regression defaults:
 *
 * - each tree grows on a bootstrap sample: `sampleSize` (default n) draws of rows with replacement,
 *   duplicates kept (they count in node sizes, means and sums of squares, as in R);
 * - at every node, `mtry` (default max(floor(p/3), 1)) candidate features are drawn without
 *   replacement (a partial Fisher–Yates shuffle, as R). A candidate that is constant in the node
 *   still uses up its draw, and R does not draw a replacement for it;
 * - for each candidate, every gap between consecutive distinct values is tried and scored by the
 *   decrease in the residual sum of squares, ΣL²/nL + ΣR²/nR − Σ²/n; the threshold is the midpoint
 *   of the gap and rows with x <= threshold go left. Only a strictly positive decrease counts, so a
 *   feature that is constant in the node can never be chosen;
 * - node size: the root is always tried; a child is made a leaf when it holds <= nodeSize samples
 *   (R: `if (nodepop <= nthsize) NODE_TERMINAL`). So a node is split only when it has more than
 *   nodeSize samples (6 or more with the default 5), and leaves may hold fewer than nodeSize;
 * - a leaf predicts the mean in-bag y of its node; the forest predicts the mean over trees;
 * - IncNodePurity of a feature = the sum of those decreases over the nodes that split on it,
 *   divided by the number of trees (R's `importance(rf, type = 2)`).
 *
 * One deliberate difference: R 4.7 breaks exact ties between split scores at random (reservoir
 * sampling); here the first one found wins (lowest threshold within a feature, then the earliest
 * drawn candidate feature). The random streams differ from R's anyway, so forests match R only
 * statistically, never tree for tree.
 *
 * Speed: the rows are sorted once per forest for every feature. A node keeps, per training row, how
 * many copies it holds, so scanning a candidate feature is one pass over the presorted rows (no
 * sorting per node) and no buffer is allocated per node or per tree except the finished tree's arrays.
 * Scores multiply by a table of 1/k instead of dividing; this changes only last bits (and so, rarely,
 * which of two near-equal splits wins). Random numbers: mulberry32 seeded with hashKeys(seed).
 */
import { hashKeys } from '../demo/random';

/** One regression tree as flat arrays indexed by node; node 0 is the root. */
export interface RegressionTree {
  /** Feature (column) the node splits on, or -1 at a leaf. */
  feature: Int32Array;
  /** Rows with x[feature] <= threshold go to `left`, the others to `right`. */
  threshold: Float64Array;
  left: Int32Array;
  right: Int32Array;
  /** Mean in-bag y of the node; the prediction when the node is a leaf. */
  value: Float64Array;
  /** Decrease in the residual sum of squares won by the node's split (0 at a leaf). */
  decrease: Float64Array;
}

export interface RandomForest {
  /** Number of features every row must have. */
  p: number;
  trees: RegressionTree[];
  mtry: number;
  nodeSize: number;
  sampleSize: number;
  seed: number;
}

export interface ForestOptions {
  /** Number of trees (R's ntree). Default 500. */
  trees?: number;
  /** Candidate features per node. Default max(floor(p/3), 1), R's regression default. */
  mtry?: number;
  /** A node with <= nodeSize samples is not split. Default 5, R's regression default. */
  nodeSize?: number;
  /** Bootstrap draws (with replacement) per tree. Default n. */
  sampleSize?: number;
  seed: number;
}

const TO_SPLIT = 1;
const LEAF = 2;

/**
 * Grows a forest on x (n rows × p features, row-major) and y (n responses).
 * Same inputs and seed give the same forest.
 */
export function trainForest(
  x: Float64Array,
  n: number,
  p: number,
  y: Float64Array,
  options: ForestOptions,
): RandomForest {
  if (!(Number.isInteger(n) && n >= 1 && Number.isInteger(p) && p >= 1))
    throw new Error(`trainForest: need n >= 1 and p >= 1, got n=${n}, p=${p}`);
  if (x.length !== n * p) throw new Error(`trainForest: x has ${x.length} values, expected n×p = ${n * p}`);
  if (y.length !== n) throw new Error(`trainForest: y has ${y.length} values, expected n = ${n}`);
  for (let i = 0; i < x.length; i++)
    if (!Number.isFinite(x[i]!)) throw new Error(`trainForest: x[${i}] is not a finite number`);
  for (let i = 0; i < n; i++)
    if (!Number.isFinite(y[i]!)) throw new Error(`trainForest: y[${i}] is not a finite number`);

  const nTrees = options.trees ?? 500;
  const mtry = Math.min(p, options.mtry ?? Math.max(Math.floor(p / 3), 1));
  const nodeSize = options.nodeSize ?? 5;
  const sampleSize = options.sampleSize ?? n;
  const seed = options.seed;
  if (!(Number.isInteger(nTrees) && nTrees >= 1)) throw new Error(`trainForest: trees must be >= 1, got ${nTrees}`);
  if (!(Number.isInteger(mtry) && mtry >= 1)) throw new Error(`trainForest: mtry must be >= 1, got ${mtry}`);
  if (!(Number.isInteger(sampleSize) && sampleSize >= 1))
    throw new Error(`trainForest: sampleSize must be >= 1, got ${sampleSize}`);
  if (!Number.isFinite(seed)) throw new Error(`trainForest: seed must be a number, got ${seed}`);

  const { order, sortedX, endsRun } = presort(x, n, p);
  const random = new Mulberry32(hashKeys(seed, 'randomForest'));
  const grower = new TreeGrower({ x, n, p, y, order, sortedX, endsRun, mtry, nodeSize, sampleSize });
  const trees: RegressionTree[] = [];
  for (let t = 0; t < nTrees; t++) trees.push(grower.grow(random));
  return { p, trees, mtry, nodeSize, sampleSize, seed };
}

/**
 * For each feature f: the rows in increasing order of x[·, f], those sorted values, and whether a
 * sorted position is the last of a run of equal values (a split can only fall after it).
 */
function presort(
  x: Float64Array,
  n: number,
  p: number,
): { order: Int32Array; sortedX: Float64Array; endsRun: Uint8Array } {
  const order = new Int32Array(n * p);
  const sortedX = new Float64Array(n * p);
  const endsRun = new Uint8Array(n * p);
  const rows = new Int32Array(n);
  for (let f = 0; f < p; f++) {
    for (let i = 0; i < n; i++) rows[i] = i;
    rows.sort((a, b) => x[a * p + f]! - x[b * p + f]!);
    for (let k = 0; k < n; k++) {
      const r = rows[k]!;
      order[f * n + k] = r;
      sortedX[f * n + k] = x[r * p + f]!;
    }
    for (let k = 0; k + 1 < n; k++) endsRun[f * n + k] = sortedX[f * n + k]! < sortedX[f * n + k + 1]! ? 1 : 0;
  }
  return { order, sortedX, endsRun };
}

/**
 * mulberry32, the generator of demo/random.ts, as a class of its own: one monomorphic call site
 * that V8 inlines (a fresh closure per forest made the hot loop deoptimise).
 */
class Mulberry32 {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  /** Uniform in [0, 1). */
  uniform(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = Math.imul(this.state ^ (this.state >>> 15), 1 | this.state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
}

/** The training data and settings shared by every tree of one forest. */
interface GrowingData {
  x: Float64Array;
  n: number;
  p: number;
  y: Float64Array;
  order: Int32Array;
  sortedX: Float64Array;
  endsRun: Uint8Array;
  mtry: number;
  nodeSize: number;
  sampleSize: number;
}

/** Scratch buffers for growing trees, reused by every tree of one forest. */
class TreeGrower {
  private readonly sample: Int32Array; // bootstrap rows; each node owns a contiguous range
  private readonly rightBuffer: Int32Array; // for the stable partition of a node's range
  private readonly copies: Int32Array; // copies of each training row in the current node
  private readonly copiesY: Float64Array; // copies × y of each training row in the current node
  private readonly candidates: Int32Array; // feature indices for the partial Fisher–Yates draw
  private readonly inverse: Float64Array; // 1/k: multiplying is faster than dividing in the sweep
  private readonly capacity: number;
  private readonly nodeStart: Int32Array;
  private readonly nodeCount: Int32Array;
  private readonly status: Uint8Array;
  private readonly feature: Int32Array;
  private readonly threshold: Float64Array;
  private readonly left: Int32Array;
  private readonly right: Int32Array;
  private readonly value: Float64Array;
  private readonly decrease: Float64Array;

  private readonly data: GrowingData;

  constructor(data: GrowingData) {
    this.data = data;
    const { n, p, sampleSize } = data;
    this.sample = new Int32Array(sampleSize);
    this.rightBuffer = new Int32Array(sampleSize);
    this.copies = new Int32Array(n);
    this.copiesY = new Float64Array(n);
    this.candidates = new Int32Array(p);
    this.inverse = new Float64Array(sampleSize + 1);
    for (let k = 1; k <= sampleSize; k++) this.inverse[k] = 1 / k;
    // every split turns one leaf into two, and a leaf holds >= 1 sample: at most 2·S − 1 nodes
    this.capacity = 2 * sampleSize + 1;
    const c = this.capacity;
    this.nodeStart = new Int32Array(c);
    this.nodeCount = new Int32Array(c);
    this.status = new Uint8Array(c);
    this.feature = new Int32Array(c);
    this.threshold = new Float64Array(c);
    this.left = new Int32Array(c);
    this.right = new Int32Array(c);
    this.value = new Float64Array(c);
    this.decrease = new Float64Array(c);
  }

  grow(random: Mulberry32): RegressionTree {
    const { n, p, x, y, order, sortedX, endsRun, mtry, nodeSize, sampleSize: S } = this.data;
    const { sample, copies, copiesY, candidates, inverse } = this;
    for (let s = 0; s < S; s++) sample[s] = Math.floor(random.uniform() * n);

    let ySum = 0;
    for (let s = 0; s < S; s++) ySum += y[sample[s]!]!;
    this.nodeStart[0] = 0;
    this.nodeCount[0] = S;
    this.value[0] = ySum / S;
    this.status[0] = TO_SPLIT; // R always tries the root, whatever its size
    let nodes = 1;

    // Nodes are processed in creation order (breadth first), as R does.
    for (let k = 0; k < nodes; k++) {
      this.feature[k] = -1;
      this.threshold[k] = 0;
      this.left[k] = -1;
      this.right[k] = -1;
      this.decrease[k] = 0;
      if (this.status[k] !== TO_SPLIT) continue;
      this.status[k] = LEAF; // unless a split is found below

      const start = this.nodeStart[k]!;
      const count = this.nodeCount[k]!;
      const end = start + count;
      let sum = 0;
      for (let s = start; s < end; s++) {
        const r = sample[s]!;
        copies[r]!++;
        copiesY[r]! += y[r]!;
        sum += y[r]!;
      }
      const parentScore = sum * sum * inverse[count]!;

      let bestDecrease = 0;
      let bestFeature = -1;
      let bestThreshold = 0;
      for (let f = 0; f < p; f++) candidates[f] = f;
      let last = p - 1;
      for (let c = 0; c < mtry; c++) {
        const j = Math.floor(random.uniform() * (last + 1));
        const f = candidates[j]!;
        candidates[j] = candidates[last]!;
        candidates[last] = f;
        last--;

        // Sweep all training rows in increasing x[·, f]; rows not in the node add nothing. The
        // score after the last row of each run of equal values is that of the gap to the next
        // value present in the node. A position whose run has no row in the node repeats an
        // earlier score, so, as only a strictly better score is kept, the best position always
        // ends a run that is present. (This avoids a hard-to-predict branch per row.)
        const base = f * n;
        let leftSum = 0;
        let leftCount = 0;
        let featureBest = parentScore;
        let featureBestAt = -1;
        for (let q = 0; q < n - 1; q++) {
          const r = order[base + q]!;
          leftSum += copiesY[r]!;
          leftCount += copies[r]!;
          if (endsRun[base + q] === 1 && leftCount < count) {
            const rightSum = sum - leftSum;
            const score = leftSum * leftSum * inverse[leftCount]! + rightSum * rightSum * inverse[count - leftCount]!;
            if (score > featureBest) {
              featureBest = score;
              featureBestAt = q;
            }
          }
        }
        if (featureBest - parentScore > bestDecrease) {
          // the threshold is the midpoint between this value and the next value present in the node
          let next = featureBestAt + 1;
          while (copies[order[base + next]!] === 0) next++;
          bestDecrease = featureBest - parentScore;
          bestFeature = f;
          bestThreshold = (sortedX[base + featureBestAt]! + sortedX[base + next]!) / 2;
        }
      }
      for (let s = start; s < end; s++) {
        copies[sample[s]!] = 0;
        copiesY[sample[s]!] = 0;
      }
      if (bestFeature < 0) continue;

      // Stable partition of the node's range: left rows first, then right rows.
      let nLeft = 0;
      let nRight = 0;
      let leftSum = 0;
      for (let s = start; s < end; s++) {
        const r = sample[s]!;
        if (x[r * p + bestFeature]! <= bestThreshold) {
          sample[start + nLeft++] = r;
          leftSum += y[r]!;
        } else this.rightBuffer[nRight++] = r;
      }
      // A midpoint that rounds onto one of its two values could empty a side; keep the leaf then.
      if (nLeft === 0 || nRight === 0 || nodes + 2 > this.capacity) {
        for (let s = 0; s < nRight; s++) sample[start + nLeft + s] = this.rightBuffer[s]!;
        continue;
      }
      for (let s = 0; s < nRight; s++) sample[start + nLeft + s] = this.rightBuffer[s]!;

      const l = nodes;
      const rgt = nodes + 1;
      nodes += 2;
      this.status[k] = 0;
      this.feature[k] = bestFeature;
      this.threshold[k] = bestThreshold;
      this.left[k] = l;
      this.right[k] = rgt;
      this.decrease[k] = bestDecrease;
      this.nodeStart[l] = start;
      this.nodeCount[l] = nLeft;
      this.value[l] = leftSum / nLeft;
      this.status[l] = nLeft <= nodeSize ? LEAF : TO_SPLIT;
      this.nodeStart[rgt] = start + nLeft;
      this.nodeCount[rgt] = nRight;
      this.value[rgt] = (sum - leftSum) / nRight;
      this.status[rgt] = nRight <= nodeSize ? LEAF : TO_SPLIT;
    }

    return {
      feature: this.feature.slice(0, nodes),
      threshold: this.threshold.slice(0, nodes),
      left: this.left.slice(0, nodes),
      right: this.right.slice(0, nodes),
      value: this.value.slice(0, nodes),
      decrease: this.decrease.slice(0, nodes),
    };
  }
}

/** The tree's prediction for one row of p features. */
export function predictTree(tree: RegressionTree, row: ArrayLike<number>): number {
  let k = 0;
  let f = tree.feature[0]!;
  while (f >= 0) {
    k = row[f]! <= tree.threshold[k]! ? tree.left[k]! : tree.right[k]!;
    f = tree.feature[k]!;
  }
  return tree.value[k]!;
}

/** The forest's prediction for one row of p features: the mean of its trees' predictions. */
export function predictForest(forest: RandomForest, row: ArrayLike<number>): number {
  if (row.length !== forest.p)
    throw new Error(`predictForest: row has ${row.length} features, the forest expects ${forest.p}`);
  let total = 0;
  for (const tree of forest.trees) total += predictTree(tree, row);
  return total / forest.trees.length;
}

/**
 * Increase in node purity per feature (R's IncNodePurity): the decrease in the residual sum of
 * squares from every split on that feature, summed over the forest and divided by the number of trees.
 */
export function forestImportance(forest: RandomForest): Float64Array {
  const importance = new Float64Array(forest.p);
  for (const tree of forest.trees)
    for (let k = 0; k < tree.feature.length; k++) {
      const f = tree.feature[k]!;
      if (f >= 0) importance[f]! += tree.decrease[k]!;
    }
  for (let f = 0; f < forest.p; f++) importance[f]! /= forest.trees.length;
  return importance;
}

/** A forest as plain JSON (typed arrays become number arrays; doubles survive JSON exactly). */
export interface RandomForestJson {
  kind: 'randomForest-regression';
  version: 1;
  p: number;
  mtry: number;
  nodeSize: number;
  sampleSize: number;
  seed: number;
  trees: {
    feature: number[];
    threshold: number[];
    left: number[];
    right: number[];
    value: number[];
    decrease: number[];
  }[];
}

export function forestToJson(forest: RandomForest): RandomForestJson {
  return {
    kind: 'randomForest-regression',
    version: 1,
    p: forest.p,
    mtry: forest.mtry,
    nodeSize: forest.nodeSize,
    sampleSize: forest.sampleSize,
    seed: forest.seed,
    trees: forest.trees.map((t) => ({
      feature: Array.from(t.feature),
      threshold: Array.from(t.threshold),
      left: Array.from(t.left),
      right: Array.from(t.right),
      value: Array.from(t.value),
      decrease: Array.from(t.decrease),
    })),
  };
}

/** Reads back what forestToJson wrote (after JSON.parse), checking that the trees are well formed. */
export function forestFromJson(json: unknown): RandomForest {
  const j = json as Partial<RandomForestJson> | null;
  if (!j || j.kind !== 'randomForest-regression' || j.version !== 1 || !Array.isArray(j.trees))
    throw new Error('forestFromJson: not a randomForest-regression (version 1) export');
  const p = j.p;
  if (typeof p !== 'number' || !(p >= 1)) throw new Error('forestFromJson: bad p');
  const trees = j.trees.map((t, i): RegressionTree => {
    const nodes = t.feature.length;
    for (const key of ['threshold', 'left', 'right', 'value', 'decrease'] as const)
      if (!Array.isArray(t[key]) || t[key].length !== nodes)
        throw new Error(`forestFromJson: tree ${i} has a bad "${key}" array`);
    const tree: RegressionTree = {
      feature: Int32Array.from(t.feature),
      threshold: Float64Array.from(t.threshold),
      left: Int32Array.from(t.left),
      right: Int32Array.from(t.right),
      value: Float64Array.from(t.value),
      decrease: Float64Array.from(t.decrease),
    };
    // children must point forward, so prediction always reaches a leaf
    for (let k = 0; k < nodes; k++) {
      const f = tree.feature[k]!;
      if (f < 0) continue;
      const l = tree.left[k]!;
      const r = tree.right[k]!;
      if (f >= p || !(l > k && l < nodes) || !(r > k && r < nodes))
        throw new Error(`forestFromJson: tree ${i} node ${k} is malformed`);
    }
    return tree;
  });
  if (trees.length === 0) throw new Error('forestFromJson: the forest has no trees');
  return {
    p,
    trees,
    mtry: j.mtry ?? 0,
    nodeSize: j.nodeSize ?? 0,
    sampleSize: j.sampleSize ?? 0,
    seed: j.seed ?? 0,
  };
}
