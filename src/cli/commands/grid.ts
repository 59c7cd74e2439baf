/**
 * `grid OUT`: the data-usage grid of shared/DESIGN.md §7 from `analyze`'s OUT/image_stats.json.
 * Every time window 6–t h × FOV count k is judged by leave-one-clone-out RMSE (nested for LASSO),
 * the paper's six conditions (6–30, 6–60, 6–90 h × max/4 and max FOVs) are FOV-bootstrapped, and
 * the earliest / least-effort condition under the threshold is recommended. Output: one JSON file
 * for the heatmaps. Windows and bootstrap conditions are spread over `node:worker_threads`, one job
 * at a time per worker, biggest jobs first, so both cores work.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { numberOption, parseArgs, stringOption } from '../args';
import { runJobs, serveJobs, type JobOutcome } from '../pool';
import { TIME_POINTS_H } from '../../core/experiment';
import {
  bootstrapCondition,
  gridWindow,
  recommend,
  type BootstrapSummary,
  type CellResult,
  type ModelKind,
  type Recommendation,
} from '../../core/models/grid';
import { parseTargetCsv } from '../../core/models/profilesCsv';
import { gridFovCounts, gridWindows, maxFovsOf, paperConditions, type Condition } from '../../core/models/conditions';
import { indexImageStats, parseImageStatsFile, type ImageStatsIndex } from '../../core/profiles';

export const usage =
  'grid OUT --target-file potency.csv [--target potency] [--bootstrap 50] [--seed 1] [--models lasso,rf] ' +
  '[--rf-trees 500] [--fovs all|1,2,4,8] [--threshold 1.0] [--workers 2] [--out OUT/grid.json]   ' +
  'RMSE of every time window × FOV count, FOV bootstrap and recommendation';

export interface GridOptions {
  windowsEndH: number[];
  fovCounts: number[];
  models: ModelKind[];
  seed: number;
  rfTrees: number;
  /** Bootstrap replicates per condition (0: no bootstrap). */
  replicates: number;
  /** The bootstrapped conditions, each with its model. */
  conditions: Condition[];
  /** Worker threads (1: everything on this thread). */
  workers: number;
}

export interface GridRun {
  cells: CellResult[];
  bootstrap: BootstrapSummary[];
  /** Wall time until the last window job finished, and of the whole run (bootstrap included). */
  gridSeconds: number;
  seconds: number;
}

export interface GridJson {
  threshold: number;
  windows_end_h: number[];
  fov_counts: number[];
  models: ModelKind[];
  seed: number;
  rf_trees: number;
  clones: string[];
  /** Per model, [window][fov count] matrices for the heatmaps (null where a cell could not be judged). */
  lasso?: { rmse: (number | null)[][]; optimistic_rmse: (number | null)[][]; lambda: (number | null)[][] };
  rf?: { rmse: (number | null)[][] };
  cells: CellResult[];
  bootstrap: { window_end_h: number; fov_count: number; model: ModelKind; rmse: number[] }[];
  recommendation: { text: string; quantile: number; earliest: RecommendedCondition | null; minimum_effort: RecommendedCondition | null };
  seconds: number;
}

interface RecommendedCondition {
  window_end_h: number;
  fov_count: number;
  model: ModelKind;
}

/** One unit of work for a thread: a whole window (its FOV counts share one pooling pass) or one bootstrap condition. */
type Job =
  | { id: number; kind: 'window'; windowEndH: number }
  | { id: number; kind: 'bootstrap'; windowEndH: number; fovCount: number; model: ModelKind };

type JobResult = { cells?: CellResult[]; rmse?: number[] };

const GRID_WORKER_ROLE = 'potency-grid';

interface WorkerSetup {
  index: ImageStatsIndex;
  potency: [string, number | null][];
  options: GridOptions;
}

async function runJob(job: Job, setup: WorkerSetup): Promise<JobResult> {
  const { index, options: o } = setup;
  const potency = new Map(setup.potency);
  const evaluate = { seed: o.seed, rfTrees: o.rfTrees };
  if (job.kind === 'window') return { cells: gridWindow(index, potency, job.windowEndH, o.fovCounts, o.models, evaluate) };
  return { rmse: bootstrapCondition(index, potency, job, o.replicates, evaluate) };
}

/** Rough relative cost, to start the biggest jobs first (LASSO cost grows with the columns, i.e. the window). */
function jobCost(job: Job, o: GridOptions): number {
  const columns = TIME_POINTS_H.filter((h) => h <= job.windowEndH).length;
  const models = job.kind === 'window' ? o.models.length : 1;
  const evaluations = job.kind === 'window' ? o.fovCounts.length : o.replicates;
  return columns * models * evaluations;
}

/** Runs the whole grid and the bootstrap; `onProgress` hears each finished job. */
export async function runGrid(
  index: ImageStatsIndex,
  potency: ReadonlyMap<string, number | null>,
  o: GridOptions,
  onProgress?: (done: number, total: number, job: Job) => void,
): Promise<GridRun> {
  const start = performance.now();
  const jobs: Job[] = o.windowsEndH.map((windowEndH, id) => ({ id, kind: 'window', windowEndH }));
  if (o.replicates > 0)
    for (const c of o.conditions) jobs.push({ id: jobs.length, kind: 'bootstrap', ...c });
  const results: (JobResult | undefined)[] = new Array(jobs.length);
  const failures: string[] = [];
  let gridDone = 0;
  let gridSeconds = 0;
  let done = 0;
  const finish = (job: Job, outcome: JobOutcome<JobResult>) => {
    if (outcome.ok) results[job.id] = outcome.value;
    else failures.push(`${job.kind === 'window' ? `window 6–${job.windowEndH} h` : `bootstrap 6–${job.windowEndH} h × ${job.fovCount}`}: ${outcome.reason}`);
    if (job.kind === 'window' && ++gridDone === o.windowsEndH.length) gridSeconds = (performance.now() - start) / 1000;
    onProgress?.(++done, jobs.length, job);
  };
  // Windows first (the heatmaps), biggest first within each kind; bootstrap jobs fill the gaps.
  const order = [...jobs].sort(
    (a, b) => Number(a.kind === 'bootstrap') - Number(b.kind === 'bootstrap') || jobCost(b, o) - jobCost(a, o),
  );
  await runJobs({
    module: new URL(import.meta.url),
    role: GRID_WORKER_ROLE,
    setup: { index, potency: [...potency], options: o },
    jobs: order,
    workers: o.workers,
    runHere: runJob,
    onResult: finish,
  });
  // A missing cell would change the heatmap: one failed job fails the grid.
  if (failures.length) throw new Error(`grid: ${failures.length} job(s) failed: ${failures[0]}`);
  const cells: CellResult[] = [];
  const bootstrap: BootstrapSummary[] = [];
  jobs.forEach((job, i) => {
    const r = results[i]!;
    if (job.kind === 'window') cells.push(...r.cells!);
    else bootstrap.push({ windowEndH: job.windowEndH, fovCount: job.fovCount, model: job.model, rmse: r.rmse! });
  });
  return { cells, bootstrap, gridSeconds, seconds: (performance.now() - start) / 1000 };
}

serveJobs(GRID_WORKER_ROLE, runJob);

const orNull = (v: number | undefined) => (v !== undefined && Number.isFinite(v) ? v : null);

/** The heatmap file: per-model [window][FOV count] matrices, every cell, the bootstrap and the recommendation. */
export function gridJson(
  run: GridRun,
  o: GridOptions,
  threshold: number,
  clones: string[],
  timePointsH: readonly number[] = TIME_POINTS_H,
): GridJson {
  const matrix = (model: ModelKind, pick: (c: CellResult) => number | undefined) =>
    o.windowsEndH.map((w) =>
      o.fovCounts.map((k) => {
        const cell = run.cells.find((c) => c.model === model && c.windowEndH === w && c.fovCount === k);
        return cell ? orNull(pick(cell)) : null;
      }),
    );
  const rec: Recommendation = recommend(run.bootstrap, threshold, timePointsH);
  const condition = (b: BootstrapSummary | null): RecommendedCondition | null =>
    b && { window_end_h: b.windowEndH, fov_count: b.fovCount, model: b.model };
  return {
    threshold,
    windows_end_h: o.windowsEndH,
    fov_counts: o.fovCounts,
    models: o.models,
    seed: o.seed,
    rf_trees: o.rfTrees,
    clones,
    ...(o.models.includes('lasso')
      ? {
          lasso: {
            rmse: matrix('lasso', (c) => c.rmse),
            optimistic_rmse: matrix('lasso', (c) => c.optimisticRmse),
            lambda: matrix('lasso', (c) => c.lambda),
          },
        }
      : {}),
    ...(o.models.includes('rf') ? { rf: { rmse: matrix('rf', (c) => c.rmse) } } : {}),
    cells: run.cells,
    bootstrap: run.bootstrap.map((b) => ({ window_end_h: b.windowEndH, fov_count: b.fovCount, model: b.model, rmse: b.rmse })),
    recommendation: {
      text: rec.text,
      quantile: rec.quantile,
      earliest: condition(rec.earliest),
      minimum_effort: condition(rec.minimumEffort),
    },
    seconds: run.seconds,
  };
}

function parseList(text: string, what: string): number[] {
  const values = text.split(',').map((s) => Number(s.trim()));
  if (values.some((v) => !Number.isInteger(v) || v < 1)) throw new Error(`${what}: "${text}" is not a list of positive integers`);
  return [...new Set(values)].sort((a, b) => a - b);
}

export async function run(args: string[]): Promise<number> {
  const parsed = parseArgs(args, [], ['target-file', 'target', 'fovs', 'models', 'seed', 'rf-trees', 'bootstrap', 'workers', 'threshold', 'out']);
  const dir = parsed.positional[0];
  if (!dir || parsed.positional.length > 1) {
    console.error(`usage: npm run cli -- ${usage}`);
    return 2;
  }
  const statsPath = resolve(dir, 'image_stats.json');
  const { images, potency: stored } = parseImageStatsFile(readFileSync(statsPath, 'utf8'));
  const targetFile = stringOption(parsed, 'target-file');
  const potency: ReadonlyMap<string, number | null> | undefined = targetFile
    ? parseTargetCsv(readFileSync(targetFile, 'utf8'), stringOption(parsed, 'target') ?? 'potency')
    : stored;
  const labelled = potency ? [...potency.values()].filter((v) => v !== null && Number.isFinite(v)).length : 0;
  if (!potency || labelled < 4) {
    console.error(
      `${targetFile ?? statsPath}: ${labelled} clones with a known potency; the grid needs at least 4 ` +
        `(give a table with --target-file)`,
    );
    return 2;
  }
  const index = indexImageStats(images);
  const maxFovs = maxFovsOf(index);
  const fovsText = stringOption(parsed, 'fovs') ?? 'all';
  const fovCounts = fovsText === 'all' ? gridFovCounts(index) : parseList(fovsText, '--fovs');
  const windowsEndH = gridWindows(index);
  const models = (stringOption(parsed, 'models') ?? 'lasso,rf').split(',').map((m) => m.trim());
  const unknown = models.filter((m) => m !== 'lasso' && m !== 'rf');
  if (unknown.length || models.length === 0) {
    console.error(`--models: unknown model ${unknown.join(', ')} (known: lasso, rf)`);
    return 2;
  }
  const modelKinds = [...new Set(models)] as ModelKind[];
  const options: GridOptions = {
    windowsEndH,
    fovCounts,
    models: modelKinds,
    seed: numberOption(parsed, 'seed', 1),
    rfTrees: numberOption(parsed, 'rf-trees', 500),
    replicates: Math.max(0, Math.floor(numberOption(parsed, 'bootstrap', 50))),
    conditions: paperConditions(windowsEndH, maxFovs, modelKinds),
    workers: Math.max(1, Math.floor(numberOption(parsed, 'workers', Math.min(2, availableParallelism())))),
  };
  const threshold = numberOption(parsed, 'threshold', 1.0);
  const outPath = stringOption(parsed, 'out') ?? resolve(dir, 'grid.json');
  console.error(
    `grid: ${index.clones.length} clones (${labelled} with potency), windows 6–${windowsEndH.join('/')} h, ` +
      `${fovCounts.length} FOV counts (max ${maxFovs}), models ${options.models.join(', ')}, ` +
      `${options.replicates} bootstraps × ${options.conditions.length} conditions, ${options.workers} worker(s)`,
  );
  const result = await runGrid(index, potency, options, (done, total, job) =>
    console.error(
      `  ${done}/${total}  ${job.kind === 'window' ? `window 6–${job.windowEndH} h` : `bootstrap 6–${job.windowEndH} h × ${job.fovCount} FOVs ${job.model}`}`,
    ),
  );
  const json = gridJson(result, options, threshold, index.clones);
  writeFileSync(outPath, JSON.stringify(json) + '\n');
  console.error(`${json.recommendation.text}\nwrote ${outPath} in ${result.seconds.toFixed(1)} s`);
  return 0;
}
