/**
 * `report --analysis OUT --model M.json --out report.html`: the printable, self-contained HTML
 * report of an analysed experiment and its final model: experiment, segmentation and QC, PCA of
 * the profiles, the data-usage grid (OUT/grid.json of `grid`, when there), the final model, every
 * clone's predicted potency with an interval, the ranking and the banking decision, provenance.
 * When the image files are still where `analyze` read them, they are hashed (SHA-256) for the
 * provenance table and the first images of a few clones are shown with their segmentation outlines.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { numberOption, parseArgs, stringOption } from '../args';
import { APP_VERSION } from '../../core/appVersion';
import { getCv } from '../../core/cv';
import { contentHash, decodeImage, readImageHeader, to8bit } from '../../core/image';
import { checkCompatibility } from '../../core/models/prediction';
import { modelFromJson } from '../../core/models/modelFile';
import { indexImageStats, naturalOrder, parseImageStatsFile, profileColumns } from '../../core/profiles';
import { assembleReportData, type AnalysedImage } from '../../core/report/assemble';
import { overlayDataUri } from '../../core/report/overlay';
import { buildReportHtml, type ReportGrid } from '../../core/report/report';
import { imagesCsv } from '../../core/report/manifest';
import { mergeParams } from '../../core/segmentation';
import { segmentField } from '../../core/segmentation/segmentField';
import { nodeNetwork } from '../network';

export const usage =
  'report --analysis OUT --model M.json --out report.html [--grid OUT/grid.json] [--threshold PASSAGES (10)] ' +
  '[--name NAME] [--replicates N (50)] [--level 0.9] [--thumbnails N (3)] [--no-hashes]   write the printable HTML report';

/** The `grid` command's JSON, as far as the report needs it. */
interface GridFile {
  threshold: number;
  windows_end_h: number[];
  fov_counts: number[];
  lasso?: { rmse: (number | null)[][] };
  rf?: { rmse: (number | null)[][] };
  recommendation?: { text: string };
}

export function reportGridFromJson(text: string): { grid: ReportGrid; recommendation?: string } {
  const g = JSON.parse(text) as Partial<GridFile>;
  if (!Array.isArray(g.windows_end_h) || !Array.isArray(g.fov_counts))
    throw new Error('not a grid.json written by `grid` (no windows_end_h / fov_counts)');
  const empty = g.windows_end_h.map(() => g.fov_counts!.map(() => null));
  const grid: ReportGrid = {
    threshold: typeof g.threshold === 'number' ? g.threshold : 1,
    windowsEndH: g.windows_end_h,
    fovCounts: g.fov_counts,
    lasso: g.lasso?.rmse ?? empty,
    ...(g.rf ? { rf: g.rf.rmse } : {}),
  };
  return { grid, ...(g.recommendation?.text ? { recommendation: g.recommendation.text } : {}) };
}

export async function run(args: string[]): Promise<number> {
  const parsed = parseArgs(args, ['no-hashes'], ['analysis', 'model', 'out', 'grid', 'threshold', 'name', 'replicates', 'seed', 'level', 'thumbnails']);
  const analysisPath = stringOption(parsed, 'analysis');
  const modelPath = stringOption(parsed, 'model');
  const out = stringOption(parsed, 'out');
  if (!analysisPath || !out) {
    console.error(`usage: npm run cli -- ${usage}`);
    return 2;
  }
  const start = performance.now();
  const statsPath = analysisPath.endsWith('.json') ? analysisPath : join(analysisPath, 'image_stats.json');
  const analysisDir = analysisPath.endsWith('.json') ? resolve(analysisPath, '..') : analysisPath;
  if (!existsSync(statsPath)) {
    console.error(`${statsPath}: not found (run \`analyze DIR --out OUT\` first and pass OUT)`);
    return 2;
  }
  const stats = parseImageStatsFile(readFileSync(statsPath, 'utf8'));
  const index = indexImageStats(stats.images);
  const potency = stats.potency ?? new Map<string, number | null>();
  const provenance = stats.file.provenance ?? {};
  const paramsHash = typeof provenance.segmentationParamsHash === 'string' ? provenance.segmentationParamsHash : '';
  const params =
    provenance.segmentationParams && typeof provenance.segmentationParams === 'object'
      ? (provenance.segmentationParams as Record<string, unknown>)
      : {};
  const source = typeof provenance.source === 'string' ? provenance.source : undefined;

  const model = modelPath ? modelFromJson(readFileSync(modelPath, 'utf8')) : undefined;
  if (model) {
    const times = [...new Set(stats.images.map((i) => i.timeH))].sort((a, b) => a - b);
    const problems = checkCompatibility(model, { paramsHash, columns: profileColumns(times), timePointsH: times });
    for (const p of problems) console.error(`warning: ${p}`);
  }

  const gridPath = stringOption(parsed, 'grid') ?? join(analysisDir, 'grid.json');
  const gridInfo = existsSync(gridPath) ? reportGridFromJson(readFileSync(gridPath, 'utf8')) : undefined;
  if (!gridInfo) console.error(`no grid (${gridPath} not found): the Models section is left out`);

  // Image files, when still reachable: content hashes, sizes, bit depths.
  const records = stats.file.images;
  const images: AnalysedImage[] = records.map((r) => ({
    clone: r.clone,
    timeH: r.timeH,
    fov: r.fov,
    file: r.file,
    cellCount: r.cellCount,
  }));
  const sizes = new Set<string>();
  const depths = new Set<number>();
  const reachable = source !== undefined && records.length > 0 && existsSync(join(source, records[0]!.file));
  if (reachable && !parsed.options.has('no-hashes')) {
    for (const im of images) {
      const path = join(source, im.file);
      if (!existsSync(path)) continue;
      const bytes = new Uint8Array(readFileSync(path));
      im.contentHash = await contentHash(bytes);
      try {
        const h = readImageHeader(bytes, im.file);
        sizes.add(`${h.width} × ${h.height} px`);
        depths.add(h.bitDepth);
      } catch {
        // A header the analysis could read but this cannot is left out of the summary, not fatal.
      }
    }
  } else if (!reachable) console.error('image files not reachable: no content hashes, sizes or overlays in the report');

  const thumbnails: { caption: string; pngDataUri: string }[] = [];
  const wanted = Math.max(0, Math.floor(numberOption(parsed, 'thumbnails', 3)));
  if (reachable && wanted > 0) {
    const cv = await getCv();
    const segParams = mergeParams(params);
    const clones = [...index.clones].sort(naturalOrder);
    const picks = [...new Set([0, Math.floor(clones.length / 2), clones.length - 1])].slice(0, wanted);
    for (const c of picks) {
      const first = records
        .filter((r) => r.clone === clones[c])
        .sort((a, b) => a.timeH - b.timeH || a.fov - b.fov)[0];
      if (!first) continue;
      try {
        const decoded = decodeImage(new Uint8Array(readFileSync(join(source, first.file))), first.file);
        const page = decoded.pages[0];
        if (!page) continue;
        const grey = to8bit(page);
        sizes.add(`${grey.width} × ${grey.height} px`);
        // The analysis' own method and settings (learned or classical), as stored in image_stats.json.
        const seg = await segmentField(cv, grey, segParams, { network: nodeNetwork });
        thumbnails.push({
          caption: `${first.clone}, ${first.timeH} h, FOV ${first.fov}: ${seg.count} cells`,
          pngDataUri: overlayDataUri(grey, seg.labels, 256),
        });
      } catch (err) {
        console.error(`${first.file}: no overlay (${err instanceof Error ? err.message : String(err)})`);
      }
    }
  }

  const threshold = numberOption(parsed, 'threshold', 10);
  const data = await assembleReportData({
    experiment: {
      name: stringOption(parsed, 'name') ?? (source ? source.split(/[\\/]/).filter(Boolean).pop()! : 'experiment'),
      createdAt: model?.createdAt ?? new Date().toISOString(),
      imageSize: sizes.size ? [...sizes].join(', ') : 'not recorded',
      bitDepths: [...depths].sort((a, b) => a - b),
      isDemo: existsSync(join(source ?? '', 'demo.json')),
    },
    images,
    index,
    potency,
    segmentation: { paramsHash: paramsHash || 'not recorded', params },
    thumbnails,
    ...(model ? { model } : {}),
    ...(gridInfo ? { grid: gridInfo.grid } : {}),
    ...(gridInfo?.recommendation ? { recommendation: gridInfo.recommendation } : {}),
    bankThreshold: threshold,
    intervals: {
      replicates: Math.max(2, Math.floor(numberOption(parsed, 'replicates', 50))),
      seed: numberOption(parsed, 'seed', model?.condition.seed ?? 1),
      level: numberOption(parsed, 'level', 0.9),
    },
    appVersion: APP_VERSION,
    generatedAt: new Date().toISOString(),
    userAgent: `Potency Workbench CLI, Node ${process.version}`,
  });
  const html = buildReportHtml(data);
  writeFileSync(out, html);
  // The report's per-image appendix, also as a file beside it.
  const csvPath = join(dirname(resolve(out)), `${basename(out).replace(/\.html?$/i, '')}_images.csv`);
  writeFileSync(csvPath, imagesCsv(data.provenance.images));
  const seconds = (performance.now() - start) / 1000;
  console.error(
    `wrote ${out} and ${csvPath} (${(html.length / 1024).toFixed(0)} KB, ${data.experiment.clones} clones, ${images.length} images` +
      `${data.ranking ? `, ${data.ranking.rows.filter((r) => r.bank).length} proposed for banking` : ''}) in ${seconds.toFixed(1)} s`,
  );
  if (data.ranking) console.error(data.ranking.decision);
  return 0;
}
