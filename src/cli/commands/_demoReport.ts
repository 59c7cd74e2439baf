/**
 * `demo --report DIR`: the whole method, headless, on a small seeded demo experiment: images drawn
 * in memory, segmented and measured (on worker threads), the potencies of a few clones hidden, the
 * LASSO grid over FOV counts at the full window, the FOV bootstrap of the final condition, the final
 * model trained on the remaining clones, the hidden clones predicted with intervals and ranked.
 * Writes DIR/report.html, DIR/model.json and DIR/predictions.csv; prints a JSON summary to stdout.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { numberOption, stringOption, type ParsedArgs } from '../args';
import { measureDemoImages, type DemoImageJob, type DemoSetup } from '../demoImages';
import { APP_VERSION } from '../../core/appVersion';
import { getCv } from '../../core/cv';
import { demoFileName, describeDemoExperiment, forkRandom, renderDemoImage } from '../../core/demo';
import { segmentField } from '../../core/segmentation/segmentField';
import { modelToJson } from '../../core/models/modelFile';
import { trainForCondition } from '../../core/models/training';
import { bootstrapCondition, gridWindow, quantile, recommend } from '../../core/models/grid';
import { spearman } from '../../core/models/rank';
import { indexImageStats, type ImageStats } from '../../core/profiles';
import { assembleReportData, type AnalysedImage } from '../../core/report/assemble';
import { overlayDataUri } from '../../core/report/overlay';
import { buildReportHtml } from '../../core/report/report';
import { imagesCsv } from '../../core/report/manifest';
import { mergeParams, paramsHash } from '../../core/segmentation';
import { DEMO_SEGMENTATION_PARAMS } from '../../core/demo/experiment';

const round = (v: number, d = 3) => Number(v.toFixed(d));

export async function runDemoReport(parsed: ParsedArgs): Promise<number> {
  const dir = stringOption(parsed, 'report')!;
  const start = performance.now();
  const seed = numberOption(parsed, 'seed', 1);
  const desc = describeDemoExperiment({
    seed,
    fovs: numberOption(parsed, 'fovs', 4),
    size: numberOption(parsed, 'size', 512),
    clones: numberOption(parsed, 'clones', 15),
  });
  const heldOutCount = Math.floor(numberOption(parsed, 'held-out', 3));
  const replicates = Math.max(2, Math.floor(numberOption(parsed, 'bootstrap', 20)));
  const bankThreshold = numberOption(parsed, 'threshold', 10);
  const workers = Math.max(1, Math.floor(numberOption(parsed, 'workers', Math.min(2, availableParallelism()))));
  if (!(heldOutCount >= 1 && heldOutCount <= desc.clones.length - 4)) {
    console.error(`--held-out must leave at least 4 clones to train on, got ${heldOutCount} of ${desc.clones.length}`);
    return 2;
  }
  mkdirSync(dir, { recursive: true });
  // The demo's cells are drawn, not imaged: the classical steps with the demo's scaled parameters.
  const params = mergeParams(DEMO_SEGMENTATION_PARAMS);
  const hash = paramsHash(params);
  const setup: DemoSetup = { seed, clones: desc.clones.length, size: desc.size, params };

  // 1. Images → per-image sufficient statistics.
  const jobs: DemoImageJob[] = [];
  for (const clone of desc.clones)
    for (const timeH of desc.timePointsH)
      for (let fov = 1; fov <= desc.fovs; fov++) jobs.push({ id: jobs.length, clone: clone.id, timeH, fov });
  console.error(
    `demo --report: ${desc.clones.length} clones × ${desc.timePointsH.length} time points × ${desc.fovs} FOVs = ` +
      `${jobs.length} images of ${desc.size} px, seed ${seed}, ${workers} worker${workers > 1 ? 's' : ''}`,
  );
  let nextReport = 1;
  const measured = await measureDemoImages(setup, jobs, workers, (done) => {
    if (done * 10 >= nextReport * jobs.length) {
      console.error(`  ${Math.floor((done * 100) / jobs.length)}%  ${done}/${jobs.length} images  ${((performance.now() - start) / 1000).toFixed(1)} s`);
      while (done * 10 >= nextReport * jobs.length) nextReport++;
    }
  });
  const segmentSeconds = (performance.now() - start) / 1000;
  const imageStats: ImageStats[] = jobs.map((j) => ({ clone: j.clone, timeH: j.timeH, fov: j.fov, stats: measured[j.id]!.stats }));
  const index = indexImageStats(imageStats);

  // 2. Hide the potency of a seeded choice of clones.
  const heldOut = forkRandom(seed, 'demo-report-held-out')
    .shuffle(desc.clones.map((c) => c.id))
    .slice(0, heldOutCount)
    .sort();
  const hidden = new Set(heldOut);
  const truth = new Map(desc.clones.map((c) => [c.id, c.potency]));
  const potency = new Map<string, number | null>(desc.clones.map((c) => [c.id, hidden.has(c.id) ? null : c.potency]));

  // 3. LASSO grid at the full window over FOV counts, bootstrap of the final condition.
  const windowEndH = desc.timePointsH[desc.timePointsH.length - 1]!;
  const fovCounts = [...new Set([1, 2, Math.max(1, desc.fovs >> 1), desc.fovs])].filter((k) => k <= desc.fovs).sort((a, b) => a - b);
  const gridStart = performance.now();
  const cells = gridWindow(index, potency, windowEndH, fovCounts, ['lasso'], { seed, rfTrees: 100 });
  const condition = { windowEndH, fovCount: desc.fovs, model: 'lasso' as const };
  const rmses = bootstrapCondition(index, potency, condition, replicates, { seed, rfTrees: 100 });
  const rec = recommend([{ ...condition, rmse: rmses }], 1.0, desc.timePointsH);
  const gridSeconds = (performance.now() - gridStart) / 1000;

  // 4. Final model on the clones with a known potency.
  const { model } = trainForCondition(
    index,
    potency,
    'lasso',
    { windowEndH, fovCount: desc.fovs, seed },
    { paramsHash: hash, params, appVersion: APP_VERSION, createdAt: new Date().toISOString() },
  );

  // 5. Overlays of three clones' first field, for the report.
  const cv = await getCv();
  const thumbnails = [];
  for (const clone of [desc.clones[0]!, desc.clones[desc.clones.length >> 1]!, desc.clones[desc.clones.length - 1]!]) {
    const image = renderDemoImage({ seed, clone, timeH: windowEndH, fov: 1, size: desc.size });
    const seg = await segmentField(cv, image, params);
    thumbnails.push({
      caption: `${clone.id}, ${windowEndH} h, FOV 1: ${seg.count} cells`,
      pngDataUri: overlayDataUri(image, seg.labels, 256),
    });
  }

  // 6. Report: predictions with intervals and the ranking are made by the shared assembly.
  const images: AnalysedImage[] = jobs.map((j) => ({
    clone: j.clone,
    timeH: j.timeH,
    fov: j.fov,
    file: demoFileName(j.clone, j.timeH, j.fov),
    cellCount: measured[j.id]!.cellCount,
    contentHash: 'generated in memory',
  }));
  const data = await assembleReportData({
    experiment: {
      name: `Demo experiment (seed ${seed}, ${heldOutCount} clones held out)`,
      createdAt: model.createdAt,
      imageSize: `${desc.size} × ${desc.size} px`,
      bitDepths: [8],
      isDemo: true,
    },
    images,
    index,
    potency,
    segmentation: { paramsHash: hash, params: params as unknown as Record<string, unknown> },
    thumbnails,
    model,
    grid: {
      threshold: 1.0,
      windowsEndH: [windowEndH],
      fovCounts,
      lasso: [fovCounts.map((k) => cells.find((c) => c.fovCount === k)?.rmse ?? null)],
    },
    recommendation: rec.text,
    bankThreshold,
    intervals: { replicates: 50, seed, level: 0.9 },
    clones: Object.fromEntries(
      desc.clones.map((c) => [
        c.id,
        { group: c.group, ...(hidden.has(c.id) ? { notes: `held out; hidden demo potency ${c.potency.toFixed(2)}` } : {}) },
      ]),
    ),
    appVersion: APP_VERSION,
    generatedAt: new Date().toISOString(),
    userAgent: `Potency Workbench CLI (demo --report), Node ${process.version}`,
  });
  writeFileSync(join(dir, 'report.html'), buildReportHtml(data));
  writeFileSync(join(dir, 'report_images.csv'), imagesCsv(data.provenance.images));
  writeFileSync(join(dir, 'model.json'), modelToJson(model) + '\n');
  const rows = data.ranking!.rows;
  writeFileSync(
    join(dir, 'predictions.csv'),
    'rank,clone,group,held_out,potency,prediction,lo,hi,bank\n' +
      rows
        .map((r) =>
          [r.rank, r.clone, r.group, hidden.has(r.clone) ? 1 : 0, truth.get(r.clone) ?? '', round(r.prediction, 4), round(r.lo, 4), round(r.hi, 4), r.bank ? 1 : 0].join(','),
        )
        .join('\n') +
      '\n',
  );

  const byClone = new Map(rows.map((r) => [r.clone, r]));
  const heldOutResult = Object.fromEntries(
    heldOut.map((c) => {
      const r = byClone.get(c)!;
      return [c, { measured: truth.get(c)!, predicted: round(r.prediction), lo: round(r.lo), hi: round(r.hi) }];
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  console.error(
    `segmented ${jobs.length} images in ${segmentSeconds.toFixed(1)} s; grid + bootstrap ${gridSeconds.toFixed(1)} s; ` +
      `wrote ${join(dir, 'report.html')}, model.json, predictions.csv`,
  );
  console.log(
    JSON.stringify(
      {
        heldOut: heldOutResult,
        spearman: round(spearman(heldOut.map((c) => truth.get(c)!), heldOut.map((c) => byClone.get(c)!.prediction)), 4),
        absErrors: Object.fromEntries(heldOut.map((c) => [c, round(Math.abs(byClone.get(c)!.prediction - truth.get(c)!))])),
        loocvRmse: round(model.training.loocvRmse, 4),
        grid: Object.fromEntries(fovCounts.map((k) => [`${k} FOVs`, round(cells.find((c) => c.fovCount === k)?.rmse ?? NaN, 4)])),
        bootstrapRmse: { median: round(quantile(rmses, 0.5), 4), p90: round(quantile(rmses, 0.9), 4), replicates },
        seconds: round(seconds, 1),
      },
      null,
      2,
    ),
  );
  return 0;
}
