/**
 * `analyze DIR --out OUT`: the whole experiment from image files to profiles. Every image under DIR
 * whose path the naming pattern reads is segmented (the learned method unless `--method classical`,
 * `--params` or a demo folder's demo.json says otherwise) and measured; the outputs are
 *   OUT/cells/<clone>_t<HHH>h_f<FF>.csv  tidy per-cell table (clone,time_h,fov,label,<12 descriptors>)
 *   OUT/image_stats.json                per-image sufficient statistics, so `profile` (and the grid)
 *                                       rebuild profiles for any window or FOV choice without segmenting
 *   OUT/profiles.csv                    6 h … last time point imaged, all FOVs (+ potency when DIR has
 *                                       potency.csv)
 *   OUT/qc.csv                          cells per image
 * Files that cannot be read are listed on stderr as `<file>: <reason>` and skipped.
 */
import { spawnTsWorker } from '../tsWorker';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { numberOption, parseArgs, stringOption } from '../args';
import { chooseSegmentation, describeSegmentation, readyNetwork, SEGMENTATION_OPTIONS, SEGMENTATION_USAGE } from '../segmentationChoice';
import { analyzeImageFile, WORKER_ROLE, type ImageResult, type WorkerJob } from '../analyzeWorker';
import { getCv } from '../../core/cv';
import { formatHours } from '../../core/experiment';
import {
  IMAGE_EXTENSIONS,
  PATTERN_PRESETS,
  detectPattern,
  findCollisions,
  parseFileName,
  validatePattern,
} from '../../core/naming/pattern';
import { parsePotencyCsv } from '../../core/naming/potencyCsv';
import {
  buildProfiles,
  CELL_ROWS_HEADER,
  cellRowsCsv,
  imageStatsFileText,
  imageStatsRecord,
  indexImageStats,
  lastTimePoint,
  naturalOrder,
  profilesToCsv,
  type ImageStatsRecord,
} from '../../core/profiles';
import { paramsHash, validateParams, type SegmentationParams } from '../../core/segmentation';

export const usage = `analyze DIR --out OUT [--pattern P] ${SEGMENTATION_USAGE} [--workers N (2)]   segment, measure and profile every image under DIR`;

interface Job {
  id: number;
  /** Path relative to DIR, with `/`. */
  file: string;
  path: string;
  clone: string;
  timeH: number;
  fov: number;
}

export async function run(args: string[]): Promise<number> {
  const parsed = parseArgs(args, [], ['out', 'pattern', 'workers', ...SEGMENTATION_OPTIONS]);
  const dir = parsed.positional[0];
  const out = stringOption(parsed, 'out');
  if (!dir || !out || parsed.positional.length > 1) {
    console.error(`usage: npm run cli -- ${usage}`);
    return 2;
  }
  const root = resolve(dir);
  const outDir = resolve(out);
  const workers = Math.max(1, Math.floor(numberOption(parsed, 'workers', Math.min(2, availableParallelism()))));

  // A demo folder carries the parameters for its pixel scale in demo.json.
  const demoManifest = join(root, 'demo.json');
  const fromDemo = !stringOption(parsed, 'params') && existsSync(demoManifest) ? (JSON.parse(readFileSync(demoManifest, 'utf8')) as { segmentationParams?: unknown }).segmentationParams : undefined;
  if (fromDemo) console.error('analyze: using the segmentation parameters in demo.json (scaled to the demo cells)');
  const paramsPath = stringOption(parsed, 'params');
  const params = chooseSegmentation(parsed, fromDemo ?? (paramsPath ? readParams(paramsPath) : undefined));
  const paramProblems = validateParams(params);
  if (paramProblems.length > 0) {
    console.error(`invalid segmentation parameters:\n  ${paramProblems.join('\n  ')}`);
    return 2;
  }

  const files = listImageFiles(root, outDir);
  if (files.length === 0) {
    console.error(`${dir}: no image files (${IMAGE_EXTENSIONS.join(', ')}) found`);
    return 1;
  }
  const pattern = choosePattern(stringOption(parsed, 'pattern'), files);
  if (pattern === null) return 2;

  // Names → addresses; every file that cannot be used is reported, never silently dropped.
  let bad = 0;
  const reportBad = (file: string, reason: string) => {
    bad++;
    console.error(`${file}: ${reason}`);
  };
  const named = files.map((file) => ({ path: file, parsed: parseFileName(file, pattern) }));
  const skip = new Set<string>();
  for (const c of findCollisions(named))
    for (const p of c.paths.slice(1)) {
      skip.add(p);
      reportBad(
        p,
        `same clone, time and FOV (${c.clone}, ${formatHours(c.timeH)} h, FOV ${c.fov}) as ${c.paths[0]}; skipped`,
      );
    }
  const jobs: Job[] = [];
  for (const { path: file, parsed: p } of named) {
    if (!p.ok) reportBad(file, p.reason);
    else if (!skip.has(file))
      jobs.push({ id: 0, file, path: join(root, ...file.split('/')), clone: p.clone, timeH: p.timeH, fov: p.fov });
  }
  jobs.sort((a, b) => naturalOrder(a.clone, b.clone) || a.timeH - b.timeH || a.fov - b.fov);
  jobs.forEach((j, i) => (j.id = i));
  if (jobs.length === 0) {
    console.error(`${dir}: none of the ${files.length} image files could be read with pattern ${pattern}`);
    return 1;
  }

  await readyNetwork(params);
  mkdirSync(join(outDir, 'cells'), { recursive: true });
  const records: (ImageStatsRecord | undefined)[] = new Array(jobs.length);
  const total = jobs.length;
  const start = performance.now();
  let done = 0;
  let cells = 0;
  let nextReport = 1;
  const useWorkers = Math.min(workers, total);
  console.error(
    `analyze: ${total} images, segmentation ${describeSegmentation(params)}, params ${paramsHash(params)}, ${useWorkers} worker${useWorkers > 1 ? 's' : ''}`,
  );

  const onResult = (job: Job, result: ImageResult) => {
    done++;
    if (!result.ok) reportBad(job.file, result.reason);
    else {
      for (const note of result.notes) console.error(`${job.file}: ${note}`);
      writeFileSync(
        join(outDir, 'cells', `${cellFileStem(job)}.csv`),
        CELL_ROWS_HEADER + cellRowsCsv(job.clone, job.timeH, job.fov, result.labelIds, result.values),
      );
      records[job.id] = imageStatsRecord({ ...job, stats: result.stats }, job.file, result.cellCount);
      cells += result.cellCount;
    }
    if (done * 20 >= nextReport * total) {
      const seconds = (performance.now() - start) / 1000;
      console.error(
        `  ${String(Math.floor((done * 100) / total)).padStart(3)}%  ${done}/${total} images  ` +
          `${(done / seconds).toFixed(2)} images/s`,
      );
      while (done * 20 >= nextReport * total) nextReport++;
    }
  };
  if (useWorkers <= 1) {
    const cv = await getCv();
    for (const job of jobs) onResult(job, await analyzeImageFile(cv, job.path, params));
  } else await runPool(jobs, params, useWorkers, onResult);
  const seconds = (performance.now() - start) / 1000;

  const kept = records.filter((r): r is ImageStatsRecord => r !== undefined);
  if (kept.length === 0) {
    console.error(`no image could be analysed (${bad} problems above)`);
    return 1;
  }
  const potency = readPotency(root);
  writeFileSync(
    join(outDir, 'image_stats.json'),
    imageStatsFileText(
      kept,
      { source: root, pattern, segmentationParams: params, segmentationParamsHash: paramsHash(params) },
      potency,
    ),
  );
  const index = indexImageStats(
    kept.map((r) => ({
      clone: r.clone,
      timeH: r.timeH,
      fov: r.fov,
      stats: { n: Float64Array.from(r.n), mean: Float64Array.from(r.mean), m2: Float64Array.from(r.m2) },
    })),
  );
  // The full window ends at the last time point imaged, so a short experiment has no empty columns.
  const profiles = buildProfiles(index, { windowEndH: lastTimePoint(index) });
  writeFileSync(join(outDir, 'profiles.csv'), profilesToCsv(profiles, potency));
  writeFileSync(
    join(outDir, 'qc.csv'),
    'clone,time_h,fov,file,cells\n' +
      kept.map((r) => `${r.clone},${r.timeH},${r.fov},${csvText(r.file)},${r.cellCount}`).join('\n') +
      '\n',
  );
  printNotes(profiles.missing);
  console.error(
    `analysed ${kept.length} of ${files.length} image files (${cells} cells) in ${seconds.toFixed(1)} s, ` +
      `${(kept.length / seconds).toFixed(2)} images/s; ${bad} problem${bad === 1 ? '' : 's'}\n` +
      `wrote ${profiles.clones.length} profiles × ${profiles.columns.length} columns → ${join(outDir, 'profiles.csv')}`,
  );
  return 0;
}

function readParams(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`${path}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** Image files under `root`, relative with `/`, skipping hidden folders and the output folder. */
function listImageFiles(root: string, outDir: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const full = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (full !== outDir) walk(full);
      } else if (entry.isFile()) {
        const ext = entry.name.slice(entry.name.lastIndexOf('.') + 1).toLowerCase();
        if (IMAGE_EXTENSIONS.includes(ext)) found.push(relative(root, full).split(sep).join('/'));
      }
    }
  };
  walk(root);
  return found.sort(naturalOrder);
}

/** `--pattern` as a preset id or a pattern; without it the preset that reads the most files. */
function choosePattern(given: string | undefined, files: string[]): string | null {
  if (given !== undefined) {
    const preset = PATTERN_PRESETS.find((p) => p.id === given);
    const pattern = preset ? preset.pattern : given;
    const problem = validatePattern(pattern);
    if (problem) {
      console.error(`--pattern ${given}: ${problem}`);
      return null;
    }
    return pattern;
  }
  const best = detectPattern(files);
  const preset = best && PATTERN_PRESETS.find((p) => p.id === best.presetId);
  if (!best || !preset) {
    console.error(
      `no naming pattern reads these files (e.g. ${files[0]}); give one with --pattern, e.g. ` +
        PATTERN_PRESETS.map((p) => `"${p.pattern}"`).join(', '),
    );
    return null;
  }
  if (preset.needsDefaults) {
    console.error(`the files look like "${preset.label}", which needs the clone given separately; use --pattern`);
    return null;
  }
  console.error(
    `pattern: ${preset.pattern} (preset "${preset.id}", reads ${best.matched} of ${files.length} image files)`,
  );
  return preset.pattern;
}

function readPotency(root: string): Map<string, number | null> | undefined {
  const path = join(root, 'potency.csv');
  if (!existsSync(path)) return undefined;
  const table = parsePotencyCsv(readFileSync(path, 'utf8'));
  for (const p of table.problems) console.error(`potency.csv: ${p.message}`);
  console.error(`potency.csv: ${table.rows.length} clones`);
  return new Map(table.rows.map((r) => [r.clone, r.potency]));
}

/** `clone07_t030h_f12`; hours that are not whole keep their decimals (`t036.5h`). */
function cellFileStem(job: Job): string {
  const h = Number.isInteger(job.timeH) ? formatHours(job.timeH) : String(job.timeH).padStart(5, '0');
  return `${job.clone}_t${h}h_f${String(job.fov).padStart(2, '0')}`;
}

function csvText(s: string): string {
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function printNotes(notes: string[]): void {
  const shown = 20;
  for (const n of notes.slice(0, shown)) console.error(`note: ${n}`);
  if (notes.length > shown) console.error(`note: … and ${notes.length - shown} more`);
}

/**
 * Runs the jobs on `count` worker threads, one image at a time each, so both cores segment.
 * A worker that dies fails its image; if none is left, the rest run on this thread.
 */
async function runPool(
  jobs: Job[],
  params: SegmentationParams,
  count: number,
  onResult: (job: Job, result: ImageResult) => void,
): Promise<void> {
  let next = 0;
  let alive = count;
  const workerUrl = new URL('../analyzeWorker.ts', import.meta.url);
  await new Promise<void>((resolveAll) => {
    let finished = 0;
    const finishOne = () => {
      if (++finished === count) resolveAll();
    };
    for (let w = 0; w < count; w++) {
      const worker = spawnTsWorker(workerUrl, { role: WORKER_ROLE, params });
      let current: Job | undefined;
      const feed = () => {
        current = jobs[next++];
        if (current) worker.postMessage({ id: current.id, path: current.path } satisfies WorkerJob);
        else {
          worker.postMessage(null);
          void worker.terminate();
        }
      };
      worker.on('message', (msg: { id: number; result: ImageResult }) => {
        if (current && msg.id === current.id) onResult(current, msg.result);
        feed();
      });
      worker.on('error', (err) => {
        alive--;
        if (current) onResult(current, { ok: false, reason: `worker failed: ${err.message}` });
        current = undefined;
      });
      worker.on('exit', () => finishOne());
      feed();
    }
  });
  if (alive === 0 && next < jobs.length) {
    const cv = await getCv();
    for (; next < jobs.length; next++) onResult(jobs[next]!, await analyzeImageFile(cv, jobs[next]!.path, params));
  }
}

/** A worker on the TypeScript module: under tsx, register its loader in the worker first. */
