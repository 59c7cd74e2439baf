/**
 * LASSO speed on shared/reference/profiles.csv: `npx tsx scripts/bench-lasso.ts [repeats (5)]`.
 * Prints ms per path, per fixed-λ LOOCV and per nested LOOCV (all 360 columns, and per time window
 * 6–t h, i.e. the first 24·t columns), and the projected time of the data-usage grid:
 * 15 windows × 64 FOV counts nested LOOCVs on 2 cores. CPU time is reported beside wall time,
 * because other processes may share the cores.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fitLassoPath } from '../src/core/models/lasso.ts';
import { lassoLoocvFixed, lassoNestedLoocv } from '../src/core/models/loocv.ts';
import { parseProfilesCsv, selectColumns } from '../src/core/models/profilesCsv.ts';

const repeats = Number(process.argv[2] ?? 5);
const csv = resolve(import.meta.dirname, '../../shared/reference/profiles.csv');
const table = parseProfilesCsv(readFileSync(csv, 'utf8'), { requireTarget: true });
const n = table.clones.length;
const y = table.y!;

function time(label: string, fn: () => void, reps = repeats): { wall: number; cpu: number } {
  fn(); // warm-up (JIT)
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (let r = 0; r < reps; r++) fn();
  const wall = (performance.now() - t0) / reps;
  const c = process.cpuUsage(c0);
  const cpu = (c.user + c.system) / 1000 / reps;
  if (label)
    console.log(`${label.padEnd(44)} ${wall.toFixed(2).padStart(8)} ms wall  ${cpu.toFixed(2).padStart(8)} ms CPU`);
  return { wall, cpu };
}

const p = table.columns.length;
console.log(`profiles: ${n} clones × ${p} columns; ${repeats} repeats after one warm-up`);
time('path, solver glmnet (coordinate descent)', () => fitLassoPath(table.x, n, p, y, { solver: 'glmnet' }), 2);
time('path, solver exact (homotopy)', () => fitLassoPath(table.x, n, p, y, { solver: 'exact' }), 20);
time('fixed-λ LOOCV (λ = 0.3473), exact', () => lassoLoocvFixed(table.x, n, p, y, 0.34728916446272357), 20);
const full = time('nested LOOCV, 360 columns, exact', () => lassoNestedLoocv(table.x, n, p, y));

let sumWall = 0;
let sumCpu = 0;
for (let t = 1; t <= 15; t++) {
  const sub = selectColumns(table, table.columns.slice(0, 24 * t));
  const r = time('', () => lassoNestedLoocv(sub.x, n, sub.columns.length, y));
  sumWall += r.wall;
  sumCpu += r.cpu;
  console.log(
    `  window 6–${6 * t} h (${String(24 * t).padStart(3)} columns): ${r.wall.toFixed(2)} ms wall, ${r.cpu.toFixed(2)} ms CPU`,
  );
}
const cores = 2;
console.log(
  `nested LOOCV: ${full.wall.toFixed(1)} ms (${full.cpu.toFixed(1)} ms CPU) at 360 columns; ` +
    `mean over the 15 windows ${(sumWall / 15).toFixed(1)} ms (${(sumCpu / 15).toFixed(1)} ms CPU)`,
);
console.log(
  `projected 15 × 64 grid on ${cores} cores: ${((sumWall * 64) / cores / 1000).toFixed(1)} s wall ` +
    `(${((sumCpu * 64) / cores / 1000).toFixed(1)} s from CPU time)`,
);
