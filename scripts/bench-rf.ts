/**
 * Random-forest speed, single-threaded in Node, on ../shared/reference/profiles.csv:
 * ms per forest of 500 trees on 14 clones × 360 columns (one LOOCV fold's training set) and ms per
 * leave-one-clone-out run (15 such forests). Medians of several runs after a warm-up.
 * Prints a table and a final JSON line.
 *
 *   npx tsx scripts/bench-rf.ts [--runs 7] [--trees 500]
 */
import { readFileSync } from 'node:fs';
import { numberOption, parseArgs } from '../src/cli/args';
import { parseProfilesCsv } from '../src/core/models/profilesCsv';
import { trainForest } from '../src/core/models/randomForest';
import { rfLoocv } from '../src/core/models/rfLoocv';
import { sharedPath } from '../src/testing/shared';

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function time(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

const parsed = parseArgs(process.argv.slice(2));
const runs = numberOption(parsed, 'runs', 7);
const trees = numberOption(parsed, 'trees', 500);

const table = parseProfilesCsv(readFileSync(sharedPath('reference', 'profiles.csv'), 'utf8'), {
  requireTarget: true,
});
const y = table.y!;
const n = table.clones.length;
const p = table.columns.length;
// the first fold's training set: every clone but the first
const x14 = table.x.slice(p);
const y14 = y.slice(1);

for (let w = 0; w < 3; w++) trainForest(x14, n - 1, p, y14, { seed: 1000 + w, trees }); // JIT warm-up

const forestMs: number[] = [];
let nodes = 0;
for (let r = 0; r < runs; r++) {
  let forest: ReturnType<typeof trainForest> | undefined;
  forestMs.push(time(() => (forest = trainForest(x14, n - 1, p, y14, { seed: r + 1, trees }))));
  nodes += forest!.trees.reduce((s, t) => s + t.feature.length, 0) / trees;
}
const loocvMs: number[] = [];
const rmses: number[] = [];
for (let r = 0; r < Math.max(3, Math.ceil(runs / 2)); r++)
  loocvMs.push(time(() => rmses.push(rfLoocv(table.x, n, p, y, { seed: r + 1, trees }).rmse)));

const result = {
  n,
  p,
  trees,
  mtry: Math.max(Math.floor(p / 3), 1),
  nodesPerTree: Number((nodes / runs).toFixed(2)),
  forestMs: Number(median(forestMs).toFixed(1)),
  loocvMs: Number(median(loocvMs).toFixed(1)),
  loocvRmse: rmses.map((v) => Number(v.toFixed(4))),
};
console.log(`random forest, ${trees} trees, mtry ${result.mtry}, ${result.nodesPerTree} nodes per tree`);
console.log(`  one forest on ${n - 1} × ${p}:        ${result.forestMs} ms (median of ${runs})`);
console.log(`  LOOCV (${n} forests):           ${result.loocvMs} ms (median of ${loocvMs.length})`);
console.log(`  LOOCV RMSE, seeds 1..${rmses.length}:        ${result.loocvRmse.join(', ')}`);
console.log(JSON.stringify(result));
