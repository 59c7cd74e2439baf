/**
 * The data-usage grid at full size (the issue's timing): 15 windows × 64 FOV counts of nested-LOOCV
 * LASSO, plus 50 FOV bootstraps at the paper's six conditions, on 1 thread and on 2 worker threads
 * (the `grid` command's own runner). Goal: < 10 s on the 2-core machine.
 *
 * The per-image statistics are synthetic (segmenting 14,400 demo images takes far too long for a
 * bench) but shaped like real ones: 15 clones × 15 time points × 64 FOVs, cells per image growing
 * with time, FOV-to-FOV noise that pooling more FOVs averages away, a clone effect unrelated to
 * potency, and a potency signal in a few descriptors' means and SDs that grows with time. So the
 * LASSO paths are realistic: poor with 1 FOV, good with many.
 *
 *   npx tsx scripts/bench-grid.ts [--rf-trees 100] [--no-rf] [--export DIR] [--r [--step 8]]
 *
 * --r exports to a temporary folder and runs scripts/bench-grid-r.R on every 8th FOV count.
 * --export DIR [--step S] writes the profile matrices of every window and every S-th FOV count as
 * DIR/w<HH>_k<KK>.csv (clone, columns, potency) and DIR/node.csv (Node's nested RMSE and ms per
 * matrix) for scripts/bench-grid-r.R, and exits. Prints a table and a final JSON line.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { numberOption, parseArgs, stringOption } from '../src/cli/args';
import { runGrid, type GridOptions } from '../src/cli/commands/grid';
import { paperConditions } from '../src/core/models/conditions';
import { TIME_POINTS_H } from '../src/core/experiment';
import { modelMatrix } from '../src/core/models/grid';
import { lassoNestedLoocv } from '../src/core/models/loocv';
import { buildSubsetGrid, indexImageStats } from '../src/core/profiles';
import { syntheticExperiment } from '../src/testing/syntheticStats';

const CLONES = 15;
const FOVS = 64;

const parsed = parseArgs(process.argv.slice(2), ['no-rf', 'r']);
const rfTrees = numberOption(parsed, 'rf-trees', 100);
const withRf = !parsed.options.has('no-rf');
const exportDir = stringOption(parsed, 'export');
const seed = 1;

const { images, potency } = syntheticExperiment(seed);
const index = indexImageStats(images);
const fovCounts = Array.from({ length: FOVS }, (_, i) => i + 1);
const windowsEndH = [...TIME_POINTS_H];

/**
 * The 15 × 64 profile matrices as CSVs, and node.csv with Node's nested-LOOCV RMSE and time per
 * matrix (1 thread, the nested LOOCV alone, as the R script times it).
 */
function exportMatrices(dir: string, step: number): void {
  mkdirSync(dir, { recursive: true });
  const grid = buildSubsetGrid(index, { seed, maxK: FOVS, windowsEndH });
  const summary = ['file,window_end_h,k,rmse,ms'];
  windowsEndH.forEach((w, wi) =>
    fovCounts.forEach((k) => {
      if ((k - 1) % step !== 0) return;
      const m = modelMatrix(grid[wi]![k - 1]!, potency);
      const p = m.columns.length;
      const rows = m.clones.map(
        (c, i) => `${c},${Array.from(m.x.subarray(i * p, (i + 1) * p), (v) => v.toPrecision(17)).join(',')},${m.y[i]!.toPrecision(17)}`,
      );
      const file = `w${String(w).padStart(2, '0')}_k${String(k).padStart(2, '0')}.csv`;
      writeFileSync(join(dir, file), `clone,${m.columns.join(',')},potency\n${rows.join('\n')}\n`);
      const t0 = performance.now();
      const r = lassoNestedLoocv(m.x, m.clones.length, p, m.y);
      summary.push(`${file},${w},${k},${r.rmse},${performance.now() - t0}`);
    }),
  );
  writeFileSync(join(dir, 'node.csv'), summary.join('\n') + '\n');
}

if (exportDir) {
  exportMatrices(exportDir, numberOption(parsed, 'step', 1));
  console.log(`exported the profile matrices and node.csv to ${exportDir}`);
  process.exit(0);
}

if (parsed.options.has('r')) {
  // The R comparison (npm run bench runs it only when Rscript and glmnet are there).
  const dir = mkdtempSync(join(tmpdir(), 'bench-grid-r-'));
  let status = 1;
  try {
    exportMatrices(dir, numberOption(parsed, 'step', 8));
    const r = spawnSync('Rscript', [join(import.meta.dirname, 'bench-grid-r.R'), dir, String(windowsEndH.length * fovCounts.length)], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    process.stdout.write(r.stdout);
    status = r.status ?? 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  process.exit(status);
}

const conditions = paperConditions(windowsEndH, FOVS, ['lasso']);
const options = (models: GridOptions['models'], workers: number, part: 'grid' | 'bootstrap'): GridOptions => ({
  windowsEndH: part === 'grid' ? windowsEndH : [],
  fovCounts,
  models,
  seed,
  rfTrees,
  replicates: part === 'bootstrap' ? 50 : 0,
  conditions: paperConditions(windowsEndH, FOVS, models),
  workers,
});

interface Timing {
  model: string;
  workers: number;
  gridSeconds: number;
  bootstrapSeconds: number;
  totalSeconds: number;
  /** CPU time of all threads: with other processes on the cores, wall time on an idle machine ≈ cpuSeconds / threads. */
  cpuSeconds: number;
}

async function measure(model: 'lasso' | 'rf', workers: number): Promise<Timing & { cornerRmse: number[] }> {
  const c0 = process.cpuUsage(); // all threads of the process, workers included
  const g = await runGrid(index, potency, options([model], workers, 'grid'));
  const b = await runGrid(index, potency, options([model], workers, 'bootstrap'));
  const c = process.cpuUsage(c0);
  const at = (w: number, k: number) => g.cells.find((c) => c.windowEndH === w && c.fovCount === k)!.rmse;
  return {
    model,
    workers,
    gridSeconds: g.seconds,
    bootstrapSeconds: b.seconds,
    totalSeconds: g.seconds + b.seconds,
    cpuSeconds: (c.user + c.system) / 1e6,
    cornerRmse: [at(6, 1), at(6, 64), at(90, 1), at(90, 64)],
  };
}

const cells = windowsEndH.length * fovCounts.length;
console.log(
  `synthetic experiment: ${CLONES} clones × ${TIME_POINTS_H.length} time points × ${FOVS} FOVs; ` +
    `grid ${windowsEndH.length} windows × ${FOVS} FOV counts = ${cells} cells; ` +
    `bootstrap 50 × ${conditions.length} conditions (${conditions.map((c) => `6–${c.windowEndH} h × ${c.fovCount}`).join(', ')})`,
);
const rows: Timing[] = [];
const line = (t: Timing) =>
  console.log(
    `${t.model.padEnd(14)} ${String(t.workers).padStart(7)} ${t.gridSeconds.toFixed(2).padStart(9)} s ${t.bootstrapSeconds.toFixed(2).padStart(9)} s ${t.totalSeconds.toFixed(2).padStart(9)} s ${t.cpuSeconds.toFixed(2).padStart(9)} s`,
  );
console.log(`${'model'.padEnd(14)} ${'threads'.padStart(7)} ${'grid'.padStart(11)} ${'bootstrap'.padStart(11)} ${'total'.padStart(11)} ${'CPU'.padStart(11)}`);
let corner: number[] = [];
for (const workers of [1, 2]) {
  const t = await measure('lasso', workers);
  corner = t.cornerRmse;
  rows.push(t);
  line(t);
}
const rfRows: Timing[] = [];
if (withRf) {
  const t = await measure('rf', 2);
  const label = { ...t, model: `rf ${rfTrees} trees` };
  rfRows.push(label);
  line(label);
}
const sd = (() => {
  const v = [...potency.values()];
  const m = v.reduce((s, x) => s + x, 0) / v.length;
  return Math.sqrt(v.reduce((s, x) => s + (x - m) ** 2, 0) / v.length);
})();
console.log(
  `nested LASSO RMSE (sanity; trivial ${sd.toFixed(2)}): 6 h × 1 FOV ${corner[0]!.toFixed(2)}, 6 h × 64 ${corner[1]!.toFixed(2)}, ` +
    `90 h × 1 ${corner[2]!.toFixed(2)}, 90 h × 64 ${corner[3]!.toFixed(2)}`,
);
const one = rows[0]!;
const two = rows[1]!;
console.log(
  `LASSO grid + bootstrap: ${one.totalSeconds.toFixed(1)} s on 1 thread, ${two.totalSeconds.toFixed(1)} s on 2 workers ` +
    `(speed-up ${(one.totalSeconds / two.totalSeconds).toFixed(2)}×; goal < 10 s); CPU ${one.cpuSeconds.toFixed(1)} / ${two.cpuSeconds.toFixed(1)} s; ` +
      `load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores`,
);
console.log(
  JSON.stringify({
    bench: 'grid',
    cells,
    lassoGridSeconds: +two.gridSeconds.toFixed(2),
    bootstrapSeconds: +two.bootstrapSeconds.toFixed(2),
    totalSeconds: +two.totalSeconds.toFixed(2),
    workers: 2,
    cpuSeconds: +two.cpuSeconds.toFixed(2),
    loadAverage: +loadavg()[0]!.toFixed(2),
    singleThread: { lassoGridSeconds: +one.gridSeconds.toFixed(2), bootstrapSeconds: +one.bootstrapSeconds.toFixed(2), totalSeconds: +one.totalSeconds.toFixed(2), cpuSeconds: +one.cpuSeconds.toFixed(2) },
    ...(rfRows[0]
      ? { rf: { trees: rfTrees, workers: 2, gridSeconds: +rfRows[0].gridSeconds.toFixed(2), bootstrapSeconds: +rfRows[0].bootstrapSeconds.toFixed(2), totalSeconds: +rfRows[0].totalSeconds.toFixed(2), cpuSeconds: +rfRows[0].cpuSeconds.toFixed(2) } }
      : {}),
  }),
);
