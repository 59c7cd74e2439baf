/**
 * `import-analysis OUT`: makes an analysis written by `analyze` or `merge` (a cluster run, see
 * docs/cluster.md) openable in the workbench. It writes OUT/analysis.pwexp, an experiment back-up
 * that the app's "Restore a back-up…" button reads (storage/backup.ts): the experiment with its
 * segmentation parameters and naming pattern, the clones with their potencies, and per image its
 * metadata, per-cell descriptors (from OUT/cells/) and sufficient statistics (from
 * image_stats.json, exactly). Explore, Models and Ranking then work on it as on one segmented in
 * the browser. With the original images readable (the folder the analysis names, or --images DIR)
 * their bytes and thumbnails go in too, so fields can be viewed and segmented again; --no-images
 * leaves them out (a smaller file; the Segmentation view then cannot show the fields).
 */
import { closeSync, existsSync, openSync, readFileSync, writeSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parseArgs, stringOption } from '../args';
import { DESCRIPTORS, type CloneGroup } from '../../core/experiment';
import { decodeImage, makeThumbnail, to8bit } from '../../core/image';
import { naturalOrder, parseImageStatsFile, type ImageStatsRecord } from '../../core/profiles';
import { cellFileName } from '../../core/profiles/analysisFiles';
import { mergeParams, paramsHash } from '../../core/segmentation/params';
import { parseManifest } from '../../core/sharding/manifest';
import { SCHEMA_VERSION, imageId, type CloneRecord, type ExperimentRecord, type ImageRecord } from '../../storage/schema';

export const usage =
  'import-analysis OUT [--out FILE (OUT/analysis.pwexp)] [--name NAME] [--images DIR | --no-images]   ' +
  'write an analysis of analyze/merge as a back-up the browser restores (Restore a back-up…)';

/**
 * storage/backup.ts's BACKUP_FORMAT and BACKUP_VERSION (that module needs the DOM's types, which the
 * CLI's type check has not); src/cli/mergeImport.test.ts checks they are the same.
 */
export const BACKUP_FORMAT = 'potency-workbench-experiment';
export const BACKUP_VERSION = 1;

const MIME: Record<string, string> = { png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', tif: 'image/tiff', tiff: 'image/tiff' };
/** As the image worker makes them for an import. */
const THUMB_SIDE = 96;

export async function run(args: string[]): Promise<number> {
  const parsed = parseArgs(args, ['no-images'], ['out', 'name', 'images']);
  const dir = parsed.positional[0];
  if (!dir || parsed.positional.length > 1) {
    console.error(`usage: npm run cli -- ${usage}`);
    return 2;
  }
  const statsPath = join(dir, 'image_stats.json');
  if (!existsSync(statsPath)) {
    console.error(`${statsPath}: missing; give a folder written by analyze or merge`);
    return 1;
  }
  let file;
  try {
    file = parseImageStatsFile(readFileSync(statsPath, 'utf8')).file;
  } catch (err) {
    console.error(`${statsPath}: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
  const manifestPath = join(dir, 'manifest.json');
  const manifest = existsSync(manifestPath) ? parseManifest(readFileSync(manifestPath, 'utf8'), manifestPath) : undefined;
  if (manifest && manifest.shard.count > 1) {
    console.error(`${dir} is shard ${manifest.shard.index}/${manifest.shard.count} only; merge the shards first (merge OUT_1 … OUT_N --out OUT)`);
    return 1;
  }
  const prov = file.provenance as { source?: string; pattern?: string; segmentationParams?: unknown; segmentationParamsHash?: string };
  if (prov.segmentationParams === undefined || typeof prov.pattern !== 'string') {
    console.error(`${statsPath}: does not say which segmentation parameters and naming pattern made it`);
    return 1;
  }
  const params = mergeParams(prov.segmentationParams);
  const hash = paramsHash(params);
  if (prov.segmentationParamsHash !== undefined && prov.segmentationParamsHash !== hash) {
    console.error(`${statsPath}: its parameters hash ${prov.segmentationParamsHash} is not this app's ${hash} for the same parameters (another app version?)`);
    return 1;
  }
  const imagesDir = parsed.options.has('no-images') ? undefined : (stringOption(parsed, 'images') ?? prov.source);
  if (stringOption(parsed, 'images') && !existsSync(stringOption(parsed, 'images')!)) {
    console.error(`--images ${stringOption(parsed, 'images')}: no such folder`);
    return 2;
  }
  const withImages = imagesDir !== undefined && existsSync(imagesDir);
  if (!withImages && !parsed.options.has('no-images'))
    console.error(`import-analysis: the original images (${imagesDir ?? 'folder not recorded'}) are not readable here; writing statistics and cells only (give --images DIR to include them)`);

  const out = resolve(stringOption(parsed, 'out') ?? join(dir, 'analysis.pwexp'));
  const experimentId = `cluster-${hash}-${file.images.length}`;
  const now = Date.now();
  const name = stringOption(parsed, 'name') ?? `${basename(prov.source ?? resolve(dir))} (cluster analysis)`;
  const experiment: ExperimentRecord = {
    id: experimentId,
    name,
    createdAt: now,
    updatedAt: now,
    pattern: prov.pattern,
    segmentationParams: params,
    isDemo: false,
    demo: null,
    schemaVersion: SCHEMA_VERSION,
  };
  const groups = cloneGroups(prov.source);
  const cloneIds = [...new Set(file.images.map((r) => r.clone))].sort(naturalOrder);
  const clones: CloneRecord[] = cloneIds.map((id) => ({
    experimentId,
    id,
    label: id,
    group: groups.get(id) ?? 'REC',
    potency: file.potency?.[id] ?? null,
    notes: '',
  }));
  const byFile = new Map((manifest?.images ?? []).map((im) => [im.file, im]));

  const fd = openSync(out, 'w');
  let bytesOut = 0;
  let withBytes = 0;
  try {
    const header = {
      format: BACKUP_FORMAT,
      version: BACKUP_VERSION,
      schemaVersion: SCHEMA_VERSION,
      exportedAt: new Date(now).toISOString(),
      experiment,
      clones,
      analyses: [],
      images: file.images.length,
    };
    bytesOut += writeSync(fd, JSON.stringify(header) + '\n');
    for (const r of file.images) {
      const im = byFile.get(r.file);
      const line = imageLine(r, dir, withImages ? imagesDir : undefined, experimentId, hash, im?.sha256 ?? '', im?.page ?? 0, now);
      if (line.bytes) withBytes++;
      bytesOut += writeSync(fd, JSON.stringify(line) + '\n');
    }
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    return 1;
  } finally {
    closeSync(fd);
  }
  console.error(
    `wrote ${out} (${(bytesOut / 1e6).toFixed(1)} MB): “${name}”, ${clones.length} clones, ${file.images.length} images ` +
      `(${withBytes} with their original bytes), parameters ${hash}\n` +
      'open it in the workbench with “Restore a back-up…” (top right); Explore, Models and Ranking use its statistics',
  );
  return 0;
}

function imageLine(r: ImageStatsRecord, dir: string, imagesDir: string | undefined, experimentId: string, hash: string, sha256: string, page: number, now: number) {
  // A page of a multi-page TIFF is named `<path> [<page label>]`, as in the browser's import.
  const paged = / \[[^\]]*\]$/.test(r.file);
  const filePath = paged ? r.file.replace(/ \[[^\]]*\]$/, '') : r.file;
  const address = { clone: r.clone, timeH: r.timeH, fov: r.fov };
  const id = imageId(experimentId, address);
  const ext = filePath.slice(filePath.lastIndexOf('.') + 1).toLowerCase();
  let meta = { width: 0, height: 0, bitDepth: 8 as 8 | 16, byteSize: 0 };
  let bytes: string | null = null;
  let thumbnail: { width: number; height: number; pixels: string } | null = null;
  if (imagesDir !== undefined) {
    const path = join(imagesDir, ...filePath.split('/'));
    const data = new Uint8Array(readFileSync(path));
    const decoded = decodeImage(data, filePath).pages[page];
    if (!decoded) throw new Error(`${path}: no page ${page + 1}`);
    const thumb = makeThumbnail(to8bit(decoded), THUMB_SIDE);
    meta = { width: decoded.width, height: decoded.height, bitDepth: decoded.bitDepth === 16 ? 16 : 8, byteSize: data.byteLength };
    bytes = Buffer.from(data).toString('base64');
    thumbnail = { width: thumb.width, height: thumb.height, pixels: Buffer.from(thumb.data).toString('base64') };
  }
  const image: ImageRecord = {
    id,
    experimentId,
    ...address,
    fileName: r.file,
    mimeType: MIME[ext] ?? 'application/octet-stream',
    byteSize: meta.byteSize,
    width: meta.width,
    height: meta.height,
    bitDepth: meta.bitDepth,
    pageIndex: page,
    contentHash: paged && sha256 ? `${sha256}#${page}` : sha256,
    addedAt: now,
  };
  const values = readCells(join(dir, 'cells', cellFileName(r)), r.cellCount);
  const measurement = {
    id,
    experimentId,
    paramsHash: hash,
    cellCount: r.cellCount,
    values: Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString('base64'),
    stats: { n: r.n, mean: r.mean, m2: r.m2 },
    elapsedMs: 0,
  };
  return { image, bytes, thumbnail, measurement };
}

/** The 12 descriptors of each cell from OUT/cells/<image>.csv, as the browser stores them (Float32). */
function readCells(path: string, cellCount: number): Float32Array {
  if (!existsSync(path)) throw new Error(`${path}: missing; the analysis folder is incomplete`);
  const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
  // Columns by name: the table may carry more (e.g. the lengths in µm) after the 12 descriptors.
  const header = (lines[0] ?? '').split(',');
  const at = DESCRIPTORS.map((d) => header.indexOf(d));
  const absent = DESCRIPTORS.filter((_, d) => at[d]! < 0);
  if (absent.length > 0) throw new Error(`${path}: no column ${absent.join(', ')} in its header`);
  const k = DESCRIPTORS.length;
  const rows = lines.slice(1).filter((l) => l.length > 0);
  if (rows.length !== cellCount) throw new Error(`${path}: ${rows.length} cells, image_stats.json says ${cellCount}`);
  const out = new Float32Array(rows.length * k);
  rows.forEach((line, i) => {
    // A clone name has no comma (the naming pattern reads none), so a plain split is exact.
    const cols = line.split(',');
    if (cols.length !== header.length) throw new Error(`${path}: line ${i + 2} has ${cols.length} columns, the header ${header.length}`);
    for (let d = 0; d < k; d++) out[i * k + d] = Number(cols[at[d]!]);
  });
  return out;
}

/** A demo folder's demo.json says which clones are bulk; other folders have REC clones. */
function cloneGroups(source: string | undefined): Map<string, CloneGroup> {
  const path = source ? join(source, 'demo.json') : undefined;
  if (!path || !existsSync(path)) return new Map();
  try {
    const demo = JSON.parse(readFileSync(path, 'utf8')) as { clones?: { id: string; group: CloneGroup }[] };
    return new Map((demo.clones ?? []).map((c) => [c.id, c.group]));
  } catch {
    return new Map();
  }
}
