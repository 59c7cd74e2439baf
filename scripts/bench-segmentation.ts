/**
 * Segmentation speed, single-threaded in Node: ms per 1022×1024 shared field (median of several
 * runs) for the whole pipeline with a per-step breakdown, measureCells on its labels, and, as the
 * baseline measured in the same process, a "plain 8 steps" run made of the simplest OpenCV.js
 * calls (full-size box background, Sobel, Otsu, connected components, elliptical erosion,
 * flood-fill hole filling). Prints a table and a final JSON line.
 *
 *   npx tsx scripts/bench-segmentation.ts [--runs 5]
 */
import { readFileSync } from 'node:fs';
import { decode } from 'fast-png';
import { numberOption, parseArgs } from '../src/cli/args';
import { getCv } from '../src/core/cv';
import { plainEightSteps } from '../src/core/segmentation/baseline';
import { measureCells } from '../src/core/descriptors';
import { DEFAULT_SEGMENTATION_PARAMS, paramsHash } from '../src/core/segmentation/params';
import { segmentImage, STEP_NAMES } from '../src/core/segmentation/pipeline';
import { FIELD_NAMES, sharedPath } from '../src/testing/shared';

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

async function main(): Promise<void> {
  const runs = numberOption(parseArgs(process.argv.slice(2)), 'runs', 5);
  const cv = await getCv();
  const fields = FIELD_NAMES.map((f) => {
    const png = decode(readFileSync(sharedPath('data/phase-contrast/fields', f, 'phase8.png')));
    return { name: f, image: { width: png.width, height: png.height, data: png.data as Uint8Array } };
  });
  // Warm-up: JIT and wasm tiers, so the medians show steady state.
  for (const f of fields) {
    plainEightSteps(cv, f.image);
    const r = segmentImage(cv, f.image);
    measureCells(cv, f.image, r.labels);
  }
  const rows = fields.map(({ name, image }) => {
    const plain: number[] = [];
    const total: number[] = [];
    const measure: number[] = [];
    // CPU time of the whole process (all threads) over segment + measure: less inflated than wall
    // time when other jobs share the cores, though V8's helper threads count too.
    const cpu: number[] = [];
    const steps: Record<string, number[]> = {};
    let cells = 0;
    for (let k = 0; k < runs; k++) {
      let t = performance.now();
      plainEightSteps(cv, image);
      plain.push(performance.now() - t);
      const c0 = process.cpuUsage();
      const r = segmentImage(cv, image);
      total.push(r.timingsMs.total);
      for (const s of STEP_NAMES) (steps[s] ??= []).push(r.timingsMs[s]);
      t = performance.now();
      cells = measureCells(cv, image, r.labels).cellCount;
      measure.push(performance.now() - t);
      const c = process.cpuUsage(c0);
      cpu.push((c.user + c.system) / 1000);
    }
    return {
      field: name,
      cells,
      plainMs: median(plain),
      segmentMs: median(total),
      measureMs: median(measure),
      cpuMs: median(cpu),
      steps: Object.fromEntries(STEP_NAMES.map((s) => [s, median(steps[s]!)])),
    };
  });
  const avg = (f: (r: (typeof rows)[number]) => number) => rows.reduce((a, r) => a + f(r), 0) / rows.length;
  const fmt = (v: number) => v.toFixed(1).padStart(7);
  console.log(
    `segmentation bench: ${runs} runs per field, median ms, params ${paramsHash(DEFAULT_SEGMENTATION_PARAMS)}`,
  );
  console.log(`field   cells  plain8 segment measure  seg+meas  ratio  cpu(seg+meas)`);
  for (const r of rows)
    console.log(
      `${r.field.padEnd(7)} ${String(r.cells).padStart(5)} ${fmt(r.plainMs)} ${fmt(r.segmentMs)} ${fmt(r.measureMs)} ${fmt(r.segmentMs + r.measureMs)}  ${((r.segmentMs + r.measureMs) / r.plainMs).toFixed(2)}  ${fmt(r.cpuMs)}`,
    );
  const mean = {
    plainMs: avg((r) => r.plainMs),
    segmentMs: avg((r) => r.segmentMs),
    measureMs: avg((r) => r.measureMs),
    cpuMs: avg((r) => r.cpuMs),
  };
  const whole = mean.segmentMs + mean.measureMs;
  console.log(
    `mean          ${fmt(mean.plainMs)} ${fmt(mean.segmentMs)} ${fmt(mean.measureMs)} ${fmt(whole)}  ${(whole / mean.plainMs).toFixed(2)}  ${fmt(mean.cpuMs)}`,
  );
  console.log('\nper step (mean over fields of the per-field medians, ms):');
  const stepMeans = Object.fromEntries(STEP_NAMES.map((s) => [s, avg((r) => r.steps[s]!)]));
  for (const s of STEP_NAMES) console.log(`  ${s.padEnd(13)} ${fmt(stepMeans[s]!)}`);
  console.log(
    JSON.stringify({
      bench: 'segmentation',
      runs,
      plainEightStepsMs: +mean.plainMs.toFixed(2),
      segmentMs: +mean.segmentMs.toFixed(2),
      measureCellsMs: +mean.measureMs.toFixed(2),
      pipelineWithDescriptorsMs: +whole.toFixed(2),
      ratioToPlain: +(whole / mean.plainMs).toFixed(3),
      cpuMsSegmentAndMeasure: +mean.cpuMs.toFixed(2),
      stepsMs: Object.fromEntries(Object.entries(stepMeans).map(([k, v]) => [k, +v.toFixed(2)])),
      fields: rows.map((r) => ({
        field: r.field,
        cells: r.cells,
        plainMs: +r.plainMs.toFixed(2),
        segmentMs: +r.segmentMs.toFixed(2),
        measureMs: +r.measureMs.toFixed(2),
      })),
    }),
  );
}

void main();
