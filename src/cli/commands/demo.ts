/**
 * `demo`: writes the seeded demo experiment to a folder — one PNG per clone × time × FOV,
 * `potency.csv` with the hidden potencies (to check predictions against) and `demo.json`
 * describing how the set was made. With `--report DIR` it instead runs the whole method on a small
 * demo in memory and writes a report (see ./_demoReport.ts).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encode } from 'fast-png';
import { numberOption, parseArgs, stringOption } from '../args';
import { DEMO_SEGMENTATION_PARAMS, demoImageJobs, demoPotencyCsv, describeDemoExperiment, renderDemoImage } from '../../core/demo/index';
import { runDemoReport } from './_demoReport';

export const usage =
  'demo --out DIR [--fovs N (8)] [--size PX (512)] [--seed S (1)] [--clones N (15)]   write the demo experiment as PNGs\n' +
  '  demo --report DIR [--fovs N (4)] [--size PX (512)] [--seed S (1)] [--clones N (15)] [--held-out N (3)] ' +
  '[--bootstrap N (20)] [--threshold PASSAGES (10)] [--workers N (2)]   run the whole method headless and write report.html, model.json, predictions.csv';

export async function run(args: string[]): Promise<number> {
  const parsed = parseArgs(args, [], ['out', 'report', 'fovs', 'size', 'seed', 'clones', 'held-out', 'bootstrap', 'threshold', 'workers']);
  if (stringOption(parsed, 'report')) return runDemoReport(parsed);
  const out = stringOption(parsed, 'out');
  if (!out) {
    console.error(`usage: npm run cli -- ${usage}`);
    return 2;
  }
  const desc = describeDemoExperiment({
    seed: numberOption(parsed, 'seed', 1),
    fovs: numberOption(parsed, 'fovs', 8),
    size: numberOption(parsed, 'size', 512),
    clones: numberOption(parsed, 'clones', 15),
  });
  mkdirSync(out, { recursive: true });

  const total = desc.fileNames.length;
  console.log(
    `demo: ${desc.clones.length} clones × ${desc.timePointsH.length} time points × ${desc.fovs} FOVs = ` +
      `${total} images of ${desc.size} × ${desc.size} px, seed ${desc.seed}, into ${out}`,
  );
  const start = performance.now();
  let done = 0;
  let nextReport = 1;
  for (const job of demoImageJobs(desc)) {
    const image = renderDemoImage({
      seed: desc.seed,
      clone: job.clone,
      timeH: job.timeH,
      fov: job.fov,
      size: desc.size,
    });
    const png = encode({ width: image.width, height: image.height, data: image.data, channels: 1, depth: 8 });
    writeFileSync(join(out, job.fileName), png);
    done++;
    if (done * 10 >= nextReport * total) {
      const seconds = (performance.now() - start) / 1000;
      console.log(`  ${Math.floor((done * 100) / total)}%  ${done}/${total} images  ${seconds.toFixed(1)} s`);
      while (done * 10 >= nextReport * total) nextReport++;
    }
  }

  writeFileSync(join(out, 'potency.csv'), demoPotencyCsv(desc.clones));
  const manifest = {
    generator: 'Potency Workbench demo experiment (src/core/demo)',
    seed: desc.seed,
    size: desc.size,
    fovs: desc.fovs,
    timePointsH: desc.timePointsH,
    fileNamePattern: '{clone}_t{time}h_f{fov}.png',
    images: total,
    clones: desc.clones.map((c) => ({ id: c.id, group: c.group })),
    // `analyze` uses these for this folder unless given --params.
    segmentationParams: DEMO_SEGMENTATION_PARAMS,
  };
  writeFileSync(join(out, 'demo.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const seconds = (performance.now() - start) / 1000;
  console.log(
    `wrote ${total} images, potency.csv and demo.json in ${seconds.toFixed(1)} s ` +
      `(${((seconds * 1000) / total).toFixed(1)} ms per image)`,
  );
  return 0;
}
