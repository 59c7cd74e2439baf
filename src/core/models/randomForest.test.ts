import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeWithShared, sharedPath } from '../../testing/shared';
import { createRandom } from '../demo/random';
import {
  forestFromJson,
  forestImportance,
  forestToJson,
  predictForest,
  trainForest,
  type RandomForest,
} from './randomForest';
import { rfLoocv } from './rfLoocv';

/** profiles.csv: header row, `clone` first, `potency` last, numbers in between. */
function readProfiles(): { x: Float64Array; y: Float64Array; n: number; p: number; clones: string[] } {
  const lines = readFileSync(sharedPath('reference', 'profiles.csv'), 'utf8').trim().split(/\r?\n/);
  const header = lines[0]!.split(',');
  expect(header[0]).toBe('clone');
  expect(header[header.length - 1]).toBe('potency');
  const p = header.length - 2;
  const n = lines.length - 1;
  const x = new Float64Array(n * p);
  const y = new Float64Array(n);
  const clones: string[] = [];
  for (let i = 0; i < n; i++) {
    const cells = lines[i + 1]!.split(',');
    expect(cells.length).toBe(p + 2);
    clones.push(cells[0]!);
    for (let j = 0; j < p; j++) x[i * p + j] = Number(cells[j + 1]);
    y[i] = Number(cells[p + 1]);
  }
  return { x, y, n, p, clones };
}

/** A random n×p matrix, uniform in [0, 1). */
function randomMatrix(n: number, p: number, seed: number): Float64Array {
  const random = createRandom(seed);
  const x = new Float64Array(n * p);
  for (let i = 0; i < x.length; i++) x[i] = random.uniform();
  return x;
}

function rowOf(x: Float64Array, p: number, i: number): Float64Array {
  return x.subarray(i * p, (i + 1) * p);
}

function predictAll(forest: RandomForest, x: Float64Array, n: number, p: number): number[] {
  return Array.from({ length: n }, (_, i) => predictForest(forest, rowOf(x, p, i)));
}

function correlation(a: number[], b: number[]): number {
  const n = a.length;
  const ma = a.reduce((s, v) => s + v, 0) / n;
  const mb = b.reduce((s, v) => s + v, 0) / n;
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < n; i++) {
    ab += (a[i]! - ma) * (b[i]! - mb);
    aa += (a[i]! - ma) ** 2;
    bb += (b[i]! - mb) ** 2;
  }
  return ab / Math.sqrt(aa * bb);
}

describeWithShared('random forest on profiles.csv against R randomForest (rf_loocv.json)', () => {
  const data = readProfiles();
  const reference = JSON.parse(readFileSync(sharedPath('reference', 'rf_loocv.json'), 'utf8')) as {
    ntree: number;
    mtry: number;
    rmse: number[];
    rmse_mean: number;
  };

  it('reads 15 clones × 360 columns', () => {
    expect(data.n).toBe(15);
    expect(data.p).toBe(360);
    expect(reference.ntree).toBe(500);
    expect(reference.mtry).toBe(120);
  });

  it('mean leave-one-clone-out RMSE over seeds 1–5 is within 10 % of R (1.1855) and beats the mean', () => {
    const { x, y, n, p } = data;
    // LOOCV RMSE of predicting the training mean: (n/(n−1))·sqrt(Σ(y−ȳ)²/n)
    const mean = y.reduce((a, b) => a + b, 0) / n;
    const baseline = (n / (n - 1)) * Math.sqrt(y.reduce((a, b) => a + (b - mean) ** 2, 0) / n);
    expect(baseline).toBeCloseTo(1.525, 3);

    const rmses: number[] = [];
    for (let seed = 1; seed <= 5; seed++) {
      const result = rfLoocv(x, n, p, y, { seed, trees: reference.ntree });
      expect(result.predictions.length).toBe(n);
      // predictions are means of training potencies, so they stay inside their range
      for (const v of result.predictions) expect(v >= 7 && v <= 12).toBe(true);
      expect(result.rmse).toBeLessThan(baseline);
      rmses.push(result.rmse);
    }
    const meanRmse = rmses.reduce((a, b) => a + b, 0) / rmses.length;
    expect(Math.abs(meanRmse - reference.rmse_mean) / reference.rmse_mean).toBeLessThan(0.1);
    // the README's looser statistical check: within ± 0.1
    expect(Math.abs(meanRmse - reference.rmse_mean)).toBeLessThan(0.1);
  });

  it('is reproducible: the same seed gives identical predictions, another seed different ones', () => {
    const { x, y, n, p } = data;
    const a = rfLoocv(x, n, p, y, { seed: 11, trees: 100 });
    const b = rfLoocv(x, n, p, y, { seed: 11, trees: 100 });
    const c = rfLoocv(x, n, p, y, { seed: 12, trees: 100 });
    expect(Array.from(b.predictions)).toEqual(Array.from(a.predictions));
    expect(b.rmse).toBe(a.rmse);
    let differing = 0;
    for (let i = 0; i < n; i++) if (c.predictions[i] !== a.predictions[i]) differing++;
    expect(differing).toBeGreaterThan(n / 2);
  });

  it('uses R defaults (mtry = floor(360/3) = 120, nodesize 5, bootstrap of n) and ranks an informative column high', () => {
    const { x, y, n, p } = data;
    const forest = trainForest(x, n, p, y, { seed: 3 });
    expect(forest.trees.length).toBe(500);
    expect(forest.mtry).toBe(120);
    expect(forest.nodeSize).toBe(5);
    expect(forest.sampleSize).toBe(15);
    // README §2: six columns are linear in potency; at least one of them is among the top 5 by purity
    const header = readFileSync(sharedPath('reference', 'profiles.csv'), 'utf8').split(/\r?\n/)[0]!.split(',');
    const names = header.slice(1, -1);
    const informative = [
      'breadth_sd_048h',
      'length_sd_090h',
      'compactness_sd_090h',
      'glcm_energy_mean_060h',
      'solidity_sd_084h',
      'aspect_ratio_mean_006h',
    ];
    const importance = forestImportance(forest);
    const top5 = Array.from(importance.keys())
      .sort((a, b) => importance[b]! - importance[a]!)
      .slice(0, 5)
      .map((j) => names[j]!);
    expect(top5.some((name) => informative.includes(name))).toBe(true);
  });
});

describe('random forest on synthetic data', () => {
  it('ranks the one feature y depends on first by increase in node purity, and predicts it', () => {
    const n = 60;
    const p = 12;
    const x = randomMatrix(n, p, 101);
    const noise = createRandom(102);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) y[i] = 10 * x[i * p + 4]! + 0.2 * noise.normal();
    const forest = trainForest(x, n, p, y, { seed: 5, trees: 200 });
    expect(forest.mtry).toBe(4);
    const importance = forestImportance(forest);
    const order = Array.from(importance.keys()).sort((a, b) => importance[b]! - importance[a]!);
    expect(order[0]).toBe(4);
    // far ahead of the runner-up (here 220 against 26: x4 is a candidate at only 4 of 12 per node,
    // so noise features also split the nodes where it is not drawn)
    expect(importance[4]!).toBeGreaterThan(5 * importance[order[1]!]!);
    const total = importance.reduce((a, b) => a + b, 0);
    expect(importance[4]! / total).toBeGreaterThan(0.4);
    // new rows: predictions rise with x4 (a forest shrinks towards the mean at the ends)
    const row = new Float64Array(p).fill(0.5);
    const along = [0.1, 0.25, 0.5, 0.75, 0.9].map((v) => {
      row[4] = v;
      return predictForest(forest, row);
    });
    for (let k = 1; k < along.length; k++) expect(along[k]!).toBeGreaterThan(along[k - 1]!);
    expect(along[4]! - along[0]!).toBeGreaterThan(4);
    // and track the truth on 200 fresh rows (r = 0.95 here)
    const fresh = randomMatrix(200, p, 103);
    const truth = Array.from({ length: 200 }, (_, i) => 10 * fresh[i * p + 4]!);
    expect(correlation(truth, predictAll(forest, fresh, 200, p))).toBeGreaterThan(0.9);
  });

  it('never splits on a constant feature', () => {
    const n = 30;
    const p = 10;
    const x = randomMatrix(n, p, 7);
    const constant = [0, 3, 6, 9];
    for (let i = 0; i < n; i++) for (const j of constant) x[i * p + j] = j + 0.5;
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) y[i] = x[i * p + 1]! + 2 * x[i * p + 5]!;
    // mtry = p: every feature is a candidate; mtry = 1: constant features are often the only one
    for (const mtry of [p, 1]) {
      const forest = trainForest(x, n, p, y, { seed: 9, trees: 200, mtry });
      let splits = 0;
      for (const tree of forest.trees)
        for (const f of tree.feature) {
          if (f < 0) continue;
          splits++;
          expect(constant.includes(f)).toBe(false);
        }
      expect(splits).toBeGreaterThan(200);
      const importance = forestImportance(forest);
      for (const j of constant) expect(importance[j]).toBe(0);
    }
  });

  it('does not split at all when y is constant; a leaf predicts the mean', () => {
    const n = 20;
    const p = 5;
    const x = randomMatrix(n, p, 1);
    const y = new Float64Array(n).fill(3.25);
    const forest = trainForest(x, n, p, y, { seed: 1, trees: 50 });
    for (const tree of forest.trees) expect(tree.feature.length).toBe(1);
    expect(predictForest(forest, rowOf(x, p, 0))).toBe(3.25);
  });

  it('puts the threshold midway between consecutive distinct values (x <= threshold goes left)', () => {
    // x ∈ {0, 1}, y a step: every tree whose bootstrap saw both values splits at 0.5 exactly
    const n = 12;
    const x = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      x[i] = i % 2;
      y[i] = i % 2 === 0 ? 1 : 5;
    }
    const forest = trainForest(x, n, 1, y, { seed: 4, trees: 100 });
    let split = 0;
    for (const tree of forest.trees) {
      if (tree.feature[0]! < 0) continue;
      split++;
      expect(tree.threshold[0]).toBe(0.5);
      expect(tree.value[tree.left[0]!]).toBe(1);
      expect(tree.value[tree.right[0]!]).toBe(5);
      // both children are pure, so the decrease is the root's whole sum of squares
      expect(tree.decrease[0]).toBeGreaterThan(0);
      expect(tree.feature.length).toBe(3);
    }
    expect(split).toBeGreaterThan(95);
    expect(predictForest(forest, [0])).toBe(1);
    expect(predictForest(forest, [0.5])).toBe(1);
    expect(predictForest(forest, [0.51])).toBe(5);
  });

  it('splits a node only when it holds more than nodeSize samples (the root is always tried)', () => {
    // y = x on distinct values: any node with 2+ distinct values can be split
    const tryNodeSize = (n: number, nodeSize: number): number[] => {
      const x = new Float64Array(n);
      for (let i = 0; i < n; i++) x[i] = i;
      const forest = trainForest(x, n, 1, Float64Array.from(x), { seed: 2, trees: 200, nodeSize });
      return forest.trees.map((t) => t.feature.length);
    };
    // 6 samples, nodesize 5: the root splits, its children (<= 5 samples) do not → 3 nodes
    const six = tryNodeSize(6, 5);
    expect(Math.max(...six)).toBe(3);
    expect(six.filter((s) => s === 3).length).toBeGreaterThan(190);
    // 5 samples, nodesize 5: R still tries the root
    expect(Math.max(...tryNodeSize(5, 5))).toBe(3);
    // 6 samples, nodesize 4: a child of 5 samples may split again
    expect(Math.max(...tryNodeSize(6, 4))).toBeGreaterThan(3);
    // 12 samples: with nodesize 11 no child (<= 11 samples) splits; with nodesize 5 children of 6+ do
    expect(Math.max(...tryNodeSize(12, 11))).toBe(3);
    expect(Math.max(...tryNodeSize(12, 5))).toBeGreaterThan(3);
    // nodesize 1: grown until every leaf is pure, so a tree has 2·(distinct values) − 1 nodes
    for (const size of tryNodeSize(8, 1)) expect(size % 2).toBe(1);
    expect(Math.max(...tryNodeSize(8, 1))).toBeGreaterThan(7);
  });

  it('survives a JSON round trip with identical predictions and importance', () => {
    const n = 25;
    const p = 8;
    const x = randomMatrix(n, p, 21);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) y[i] = Math.sin(6 * x[i * p]!) + x[i * p + 3]! ** 2;
    const forest = trainForest(x, n, p, y, { seed: 22, trees: 150 });
    const text = JSON.stringify(forestToJson(forest));
    const back = forestFromJson(JSON.parse(text));
    expect(back.p).toBe(p);
    expect(back.trees.length).toBe(150);
    expect(back.mtry).toBe(forest.mtry);
    expect(back.seed).toBe(22);
    expect(predictAll(back, x, n, p)).toEqual(predictAll(forest, x, n, p));
    const fresh = randomMatrix(40, p, 23);
    expect(predictAll(back, fresh, 40, p)).toEqual(predictAll(forest, fresh, 40, p));
    expect(Array.from(forestImportance(back))).toEqual(Array.from(forestImportance(forest)));
    expect(() => forestFromJson({ kind: 'something else' })).toThrow();
  });

  it('rejects inputs of the wrong shape', () => {
    const x = new Float64Array(12);
    const y = new Float64Array(4);
    expect(() => trainForest(x, 4, 4, y, { seed: 1 })).toThrow(/n×p/);
    expect(() => trainForest(x, 4, 3, new Float64Array(3), { seed: 1 })).toThrow(/y has/);
    const forest = trainForest(x, 4, 3, y, { seed: 1, trees: 2 });
    expect(() => predictForest(forest, [1, 2])).toThrow(/3/);
  });
});
