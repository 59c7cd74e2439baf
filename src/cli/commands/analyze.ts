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
 *   OUT/manifest.json                   the images (path, SHA-256), parameters hash, method, model,
 *                                       app version and shard, for `merge` (src/core/sharding)
 * With `--shard I/N` only the images whose path hashes to shard I are analysed (profiles.csv is then
 * left to `merge`, which joins shards 1 … N into what one unsharded run writes; docs/cluster.md).
 * Files that cannot be read are listed on stderr as `<file>: <reason>` and skipped.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { numberOption, parseArgs, stringOption } from '../args';
import { NAMING_OPTIONS, NAMING_USAGE, namingOptions, readNamedImages } from '../naming';
import { chooseSegmentation, describeSegmentation, readyNetwork, SEGMENTATION_OPTIONS, SEGMENTATION_USAGE } from '../segmentationChoice';
import { ANALYZE_WORKER, analyzeImage, expandPages, statedPixelSize, WORKER_ROLE, type ImageResult } from '../analyzeWorker';
import { describePixelSize, formatUm, roundPixelSize } from '../../core/image';
import { runJobs } from '../pool';
import { parsePotencyCsv } from '../../core/naming/potencyCsv';
import {
  CELL_ROWS_UM_HEADER,
  cellRowsCsv,
  imageStatsFileText,
  imageStatsRecord,
  naturalOrder,
  type ImageStatsRecord,
} from '../../core/profiles';
import { analysisFiles, cellFileName, qcCsv } from '../../core/profiles/analysisFiles';
import { parseShard, shardLabel, shardOf, WHOLE, type Shard } from '../../core/sharding/assign';
import { buildManifest, byAddress, manifestText, type ManifestImage } from '../../core/sharding/manifest';
import { APP_VERSION } from '../../core/appVersion';
import { SEGMENTER_CARD } from '../../core/segmentation/learned/card';
import { paramsHash, validateParams } from '../../core/segmentation';

export const usage = `analyze DIR --out OUT ${NAMING_USAGE} ${SEGMENTATION_USAGE} [--workers N (2)] [--shard I/N]   segment, measure and profile every image under DIR (with --shard: only shard I of N, joined by merge)`;

interface Job {
  id: number;
  /** Path relative to DIR, with `/`. */
  file: string;
  path: string;
  clone: string;
  timeH: number;
  fov: number;
  /** Page of a multi-page TIFF (0 otherwise); `file` then ends in ` [page N]` or the OME plane. */
  page: number;
}

export async function run(args: string[]): Promise<number> {
  const parsed = parseArgs(args, [], ['out', 'workers', 'shard', ...NAMING_OPTIONS, ...SEGMENTATION_OPTIONS]);
  const dir = parsed.positional[0];
  const out = stringOption(parsed, 'out');
  if (!dir || !out || parsed.positional.length > 1) {
    console.error(`usage: npm run cli -- ${usage}`);
    return 2;
  }
  const root = resolve(dir);
  const outDir = resolve(out);
  const shardText = stringOption(parsed, 'shard');
  let shard: Shard = WHOLE;
  if (shardText !== undefined) {
    try {
      shard = parseShard(shardText);
    } catch (err) {
      console.error(`analyze: ${err instanceof Error ? err.message : String(err)}`);
      return 2;
    }
  }
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

  // Names → addresses through the core folder reader (as `names` and the browser read them);
  // every image file that cannot be used is reported, never silently dropped.
  const naming = readNamedImages(dir, root, outDir, namingOptions(parsed));
  if (typeof naming === 'number') return naming;
  const { pattern } = naming;
  let bad = naming.problems;
  const reportBad = (file: string, reason: string) => {
    bad++;
    console.error(`${file}: ${reason}`);
  };
  // A multi-page TIFF gives one job per page (an OME-TIFF's placed by its OME-XML), as in the browser.
  const jobs: Job[] = expandPages(
    naming.images.map((n) => ({ id: 0, file: n.file, path: join(root, ...n.file.split('/')), clone: n.clone, timeH: n.timeH, fov: n.fov })),
    (file, text) => console.error(`${file}: ${text}`),
    namingOptions(parsed),
  );
  jobs.sort(byAddress);
  if (jobs.length === 0) {
    console.error(`${dir}: none of the ${naming.imageFiles} image files could be read with pattern ${pattern}`);
    return 1;
  }
  // Every shard sees the whole listing (so `merge` can name a missing image) and keeps its share.
  const listing = jobs.map((j) => j.file).sort(naturalOrder);
  const sharded = shard.count > 1;
  if (sharded) {
    const all = jobs.length;
    jobs.splice(0, jobs.length, ...jobs.filter((j) => shardOf(j.file, shard.count) === shard.index));
    console.error(`analyze: shard ${shardLabel(shard)}: ${jobs.length} of ${all} images`);
  }
  jobs.forEach((j, i) => (j.id = i));

  // Pixel size: --pixel-size, else what the first image file states (the same file for every
  // shard), else the parameters' own (0.87 µm/px by default). Lengths and areas scale from it.
  const stated = parsed.options.has('pixel-size') ? null : statedPixelSize(join(root, ...listing[0]!.replace(/ \[[^\]]*\]$/, '').split('/')));
  if (stated) params.pixelSizeUm = roundPixelSize(stated.umPerPx);
  console.error(
    `analyze: pixel size ${formatUm(params.pixelSizeUm)} µm/px, ${
      parsed.options.has('pixel-size') ? 'from --pixel-size' : stated ? `read from ${listing[0]}: ${describePixelSize(stated)}` : 'not stated by the files (give --pixel-size UM)'
    }`,
  );
  const manifestImages: ManifestImage[] = new Array(jobs.length);

  await readyNetwork(params);
  mkdirSync(join(outDir, 'cells'), { recursive: true });
  const records: (ImageStatsRecord | undefined)[] = new Array(jobs.length);
  const total = jobs.length;
  const start = performance.now();
  let done = 0;
  let cells = 0;
  let nextReport = 1;
  const useWorkers = Math.max(1, Math.min(workers, total));
  console.error(
    `analyze: ${total} images, segmentation ${describeSegmentation(params)}, params ${paramsHash(params)}, ${useWorkers} worker${useWorkers > 1 ? 's' : ''}`,
  );

  const onResult = (job: Job, result: ImageResult) => {
    done++;
    const address = { file: job.file, sha256: fileSha256(job.path), page: job.page, clone: job.clone, timeH: job.timeH, fov: job.fov };
    manifestImages[job.id] = result.ok ? { ...address, cells: result.cellCount } : { ...address, error: result.reason };
    if (!result.ok) reportBad(job.file, result.reason);
    else {
      for (const note of result.notes) console.error(`${job.file}: ${note}`);
      if (result.pixelSize && Math.abs(result.pixelSize.umPerPx / params.pixelSizeUm - 1) > 1e-3)
        console.error(`${job.file}: states ${describePixelSize(result.pixelSize)}; analysed at ${formatUm(params.pixelSizeUm)} µm/px like the rest`);
      writeFileSync(
        join(outDir, 'cells', cellFileName(job)),
        CELL_ROWS_UM_HEADER + cellRowsCsv(job.clone, job.timeH, job.fov, result.labelIds, result.values, params.pixelSizeUm),
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
  await runJobs({
    module: ANALYZE_WORKER,
    role: WORKER_ROLE,
    setup: { params },
    jobs,
    workers: useWorkers,
    runHere: (job) => analyzeImage(job.path, params, job.page),
    onResult: (job, outcome) => onResult(job, outcome.ok ? outcome.value : { ok: false, reason: outcome.reason }),
  });
  const seconds = (performance.now() - start) / 1000;

  const kept = records.filter((r): r is ImageStatsRecord => r !== undefined);
  if (kept.length === 0 && !sharded) {
    console.error(`no image could be analysed (${bad} problems above)`);
    return 1;
  }
  const fromPotencyCsv = readPotency(root);
  const potency = naming.potency ? new Map([...(fromPotencyCsv ?? []), ...naming.potency]) : fromPotencyCsv;
  const provenance = { source: root, pattern, segmentationParams: params, segmentationParamsHash: paramsHash(params) };
  const manifest = buildManifest({
    appVersion: APP_VERSION,
    shard,
    method: params.method,
    model: params.method === 'learned' ? { name: SEGMENTER_CARD.name, sha256: SEGMENTER_CARD.sha256 } : null,
    paramsHash: paramsHash(params),
    pattern,
    listing,
    images: manifestImages,
  });
  writeFileSync(join(outDir, 'manifest.json'), manifestText(manifest));
  const summary =
    `analysed ${kept.length} of ${sharded ? `${jobs.length} images of shard ${shardLabel(shard)}` : `${naming.imageFiles} image files`} ` +
    `(${cells} cells) in ${seconds.toFixed(1)} s, ${(kept.length / seconds).toFixed(2)} images/s; ${bad} problem${bad === 1 ? '' : 's'}`;
  if (sharded) {
    // A shard's profiles would pool only some FOVs of a clone: `merge` writes profiles.csv.
    writeFileSync(join(outDir, 'image_stats.json'), imageStatsFileText(kept, provenance, potency));
    writeFileSync(join(outDir, 'qc.csv'), qcCsv(kept));
    console.error(`${summary}\nwrote shard ${shardLabel(shard)} → ${outDir} (join the shards with merge)`);
    return 0;
  }
  const written = analysisFiles(kept, provenance, potency);
  writeFileSync(join(outDir, 'image_stats.json'), written.imageStats);
  writeFileSync(join(outDir, 'profiles.csv'), written.profilesCsv);
  writeFileSync(join(outDir, 'qc.csv'), written.qcCsv);
  printNotes(written.profiles.missing);
  console.error(
    `${summary}\nwrote ${written.profiles.clones.length} profiles × ${written.profiles.columns.length} columns → ${join(outDir, 'profiles.csv')}`,
  );
  return 0;
}

/** SHA-256 of the file's bytes (what the browser's import calls the content hash); '' if unreadable. */
function fileSha256(path: string): string {
  try {
    return createHash('sha256').update(readFileSync(path)).digest('hex');
  } catch {
    return '';
  }
}

function readParams(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`${path}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function readPotency(root: string): Map<string, number | null> | undefined {
  const path = join(root, 'potency.csv');
  if (!existsSync(path)) return undefined;
  const table = parsePotencyCsv(readFileSync(path, 'utf8'));
  for (const p of table.problems) console.error(`potency.csv: ${p.message}`);
  console.error(`potency.csv: ${table.rows.length} clones`);
  return new Map(table.rows.map((r) => [r.clone, r.potency]));
}

function printNotes(notes: string[]): void {
  const shown = 20;
  for (const n of notes.slice(0, shown)) console.error(`note: ${n}`);
  if (notes.length > shown) console.error(`note: … and ${notes.length - shown} more`);
}

