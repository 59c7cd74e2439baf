/**
 * Speed inside Debian's Chromium: the segmentation pipeline + 12 descriptors on the six shared
 * fields, single-threaded in one image worker (with the plain eight steps as the baseline measured
 * in the same worker), and fields per second through the worker pool on demo fields; the learned
 * segmentation (network alone, and with pre/post-processing) beside the classical pipeline in the
 * same worker, and both methods through the pool on the real fields (decode + segment + measure).
 *
 *   npx tsx scripts/bench-browser.ts [--runs 5] [--fields 120] [--real-fields 24] [--learned-only]
 * Needs a build (`npx vite build`); starts `vite preview` itself on port 4175.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { decode } from 'fast-png';
import { numberOption, parseArgs } from '../src/cli/args';
import { decodeImage, to8bit } from '../src/core/image';
import { FIELD_NAMES, hasShared, sharedPath } from '../src/testing/shared';
import type { LearnedBench } from '../src/workers/imageApi';
import { waitForServer } from './waitForServer';

const PORT = 4175;

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), ['learned-only'], ['runs', 'fields', 'real-fields']);
  const runs = numberOption(args, 'runs', 5);
  const fields = numberOption(args, 'fields', 120);
  const realFields = numberOption(args, 'real-fields', 24);
  const learnedOnly = args.options.has('learned-only');
  if (!existsSync('dist/index.html')) throw new Error('no build: run `npx vite build` first');
  const server = spawn('npx', ['vite', 'preview', '--host', '127.0.0.1', '--port', String(PORT), '--strictPort'], { stdio: 'ignore' });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    await waitForServer(`http://127.0.0.1:${PORT}/`, 30_000);
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${PORT}/?bench`);
    await page.waitForFunction(() => 'potencyBench' in globalThis, null, { timeout: 30_000 });
    const learned = hasShared ? await benchLearned(page, runs, learnedOnly ? fields : realFields) : undefined;
    if (!hasShared) console.log('(shared fields absent: learned segmentation timing skipped)');
    if (learnedOnly) {
      console.log(JSON.stringify({ bench: 'learned-browser', runs, learned }));
      return;
    }
    const perField: { field: string; cells: number; plainMs: number; segmentMs: number; measureMs: number; stepsMs: Record<string, number> }[] = [];
    if (hasShared) {
      for (const name of FIELD_NAMES) {
        const png = decode(readFileSync(sharedPath('data/phase-contrast/fields', name, 'phase8.png')));
        const b64 = Buffer.from(png.data as Uint8Array).toString('base64');
        const r = await page.evaluate(
          async ({ w, h, b64, runs }) => {
            const raw = atob(b64);
            const data = new Uint8Array(raw.length);
            for (let i = 0; i < raw.length; i++) data[i] = raw.charCodeAt(i);
            const hooks = (globalThis as unknown as { potencyBench: { segmentationInWorker: (w: number, h: number, d: Uint8Array, r: number) => Promise<unknown> } }).potencyBench;
            return hooks.segmentationInWorker(w, h, data, runs);
          },
          { w: png.width, h: png.height, b64, runs },
        );
        perField.push({ field: name, ...(r as Omit<(typeof perField)[number], 'field'>) });
      }
    } else console.log('(shared fields absent: single-field timing skipped)');
    const pool = (await page.evaluate(
      ({ fields }) => (globalThis as unknown as { potencyBench: { poolThroughput: (n: number, s: number) => Promise<unknown> } }).potencyBench.poolThroughput(fields, 512),
      { fields },
    )) as { fields: number; workers: number; seconds: number; fieldsPerSecond: number; cells: number };

    const grid = (await page.evaluate(() => (globalThis as unknown as { potencyBench: { gridTiming: () => Promise<unknown> } }).potencyBench.gridTiming())) as {
      cells: number;
      gridSeconds: number;
      bootstrapSeconds: number;
      totalSeconds: number;
      workers: number;
    };
    console.log(
      `model grid in Chromium: ${grid.cells} cells (15 windows × 64 FOV counts, nested-LOOCV LASSO) in ${grid.gridSeconds.toFixed(1)} s + 50 × 6 bootstraps in ${grid.bootstrapSeconds.toFixed(1)} s = ${grid.totalSeconds.toFixed(1)} s on ${grid.workers} workers`,
    );
    const mean = (f: (r: (typeof perField)[number]) => number) => perField.reduce((s, r) => s + f(r), 0) / Math.max(1, perField.length);
    if (perField.length) {
      console.log(`Chromium worker, single thread, median of ${runs} runs per 1022×1024 field (ms):`);
      console.log('field   cells  plain8 segment measure seg+meas ratio');
      for (const r of perField)
        console.log(
          `${r.field.padEnd(7)} ${String(r.cells).padStart(5)} ${r.plainMs.toFixed(1).padStart(7)} ${r.segmentMs.toFixed(1).padStart(7)} ${r.measureMs.toFixed(1).padStart(7)} ${(r.segmentMs + r.measureMs).toFixed(1).padStart(8)} ${((r.segmentMs + r.measureMs) / r.plainMs).toFixed(2)}`,
        );
      const steps = Object.keys(perField[0]!.stepsMs);
      console.log('per step (mean ms): ' + steps.map((s) => `${s} ${mean((r) => r.stepsMs[s]!).toFixed(1)}`).join(', '));
    }
    console.log(`pool: ${pool.fields} demo fields (512 px, generated + segmented + measured) on ${pool.workers} workers in ${pool.seconds.toFixed(1)} s = ${pool.fieldsPerSecond.toFixed(1)} fields/s`);
    console.log(
      JSON.stringify({
        bench: 'browser',
        runs,
        plainEightStepsMs: +mean((r) => r.plainMs).toFixed(2),
        segmentMs: +mean((r) => r.segmentMs).toFixed(2),
        measureCellsMs: +mean((r) => r.measureMs).toFixed(2),
        pipelineWithDescriptorsMs: +mean((r) => r.segmentMs + r.measureMs).toFixed(2),
        ratioToPlain: +(mean((r) => r.segmentMs + r.measureMs) / mean((r) => r.plainMs)).toFixed(3),
        poolFieldsPerSecond: +pool.fieldsPerSecond.toFixed(2),
        poolWorkers: pool.workers,
        gridSeconds: +grid.gridSeconds.toFixed(2),
        gridBootstrapSeconds: +grid.bootstrapSeconds.toFixed(2),
        ...(learned ? { learned } : {}),
      }),
    );
  } finally {
    await browser.close();
    server.kill();
  }
}

type Page = Awaited<ReturnType<Awaited<ReturnType<typeof chromium.launch>>['newPage']>>;


/**
 * The learned segmentation in one image worker on the six shared fields (raw.tif → 8 bit here, as
 * the app does), beside the classical pipeline in the same worker; then both methods through the
 * pool on the raw files. Prints its table and returns the figures for the JSON line.
 */
async function benchLearned(page: Page, runs: number, poolFields: number): Promise<Record<string, unknown>> {
  const rows: (LearnedBench & { field: string })[] = [];
  const files: { name: string; b64: string }[] = [];
  for (const name of FIELD_NAMES) {
    const bytes = readFileSync(sharedPath('data/phase-contrast/fields', name, 'raw.tif'));
    files.push({ name: `${name}.tif`, b64: bytes.toString('base64') });
    const image = to8bit(decodeImage(new Uint8Array(bytes), 'raw.tif').pages[0]!);
    const r = (await page.evaluate(
      async ({ w, h, b64, runs }) => {
        const raw = atob(b64);
        const data = new Uint8Array(raw.length);
        for (let i = 0; i < raw.length; i++) data[i] = raw.charCodeAt(i);
        const hooks = (globalThis as unknown as { potencyBench: { learnedInWorker: (w: number, h: number, d: Uint8Array, r: number) => Promise<unknown> } }).potencyBench;
        return hooks.learnedInWorker(w, h, data, runs);
      },
      { w: image.width, h: image.height, b64: Buffer.from(image.data).toString('base64'), runs },
    )) as LearnedBench;
    rows.push({ field: name, ...r });
  }
  const pool = async (method: 'learned' | 'classical') =>
    (await page.evaluate(
      async ({ files, poolFields, method }) => {
        const decoded = files.map((f) => {
          const raw = atob(f.b64);
          const bytes = new Uint8Array(raw.length);
          for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
          return { name: f.name, bytes };
        });
        const hooks = (globalThis as unknown as { potencyBench: { realFieldPool: (f: unknown, n: number, m: string) => Promise<unknown> } }).potencyBench;
        return hooks.realFieldPool(decoded, poolFields, method);
      },
      { files, poolFields, method },
    )) as { workers: number; seconds: number; fieldsPerSecond: number; cells: number };
  let poolRuns = poolFields > 0 ? { classical: await pool('classical'), learned: await pool('learned') } : undefined;
  // The pool's cell counts tell which method ran: each must be the per-field counts of its method.
  const expected = (f: (r: (typeof rows)[number]) => number) => Array.from({ length: poolFields }, (_, i) => f(rows[i % rows.length]!)).reduce((a, b) => a + b, 0);
  if (poolRuns && (poolRuns.learned.cells !== expected((r) => r.cells) || poolRuns.classical.cells !== expected((r) => r.classicalCells))) {
    console.log(
      `pool: cell counts are not those of each method (learned ${poolRuns.learned.cells}, expected ${expected((r) => r.cells)}; ` +
        `classical ${poolRuns.classical.cells}, expected ${expected((r) => r.classicalCells)}): the worker's measureField does not ` +
        'segment by the parameters\' method, so the pool figures are left out',
    );
    poolRuns = undefined;
  }

  const mean = (f: (r: (typeof rows)[number]) => number) => rows.reduce((s, r) => s + f(r), 0) / rows.length;
  const fmt = (v: number) => v.toFixed(1).padStart(8);
  console.log(
    `Chromium worker, learned segmentation (${rows[0]!.backend}, network opened in ${rows[0]!.openMs.toFixed(0)} ms), single thread, median of ${runs} runs per 1024×1022 field (ms):`,
  );
  console.log('field   cells(l/c)  prepare  network    cells    total classical  net/cl  total/cl');
  for (const r of rows)
    console.log(
      `${r.field.padEnd(7)} ${`${r.cells}/${r.classicalCells}`.padStart(10)} ${fmt(r.prepareMs)} ${fmt(r.networkMs)} ${fmt(r.cellsMs)} ${fmt(r.totalMs)} ${fmt(r.classicalMs)}  ${(r.networkMs / r.classicalMs).toFixed(2).padStart(6)}  ${(r.totalMs / r.classicalMs).toFixed(2).padStart(8)}`,
    );
  const m = { prepare: mean((r) => r.prepareMs), network: mean((r) => r.networkMs), cells: mean((r) => r.cellsMs), total: mean((r) => r.totalMs), classical: mean((r) => r.classicalMs) };
  console.log(
    `mean               ${fmt(m.prepare)} ${fmt(m.network)} ${fmt(m.cells)} ${fmt(m.total)} ${fmt(m.classical)}  ${(m.network / m.classical).toFixed(2).padStart(6)}  ${(m.total / m.classical).toFixed(2).padStart(8)}`,
  );
  if (poolRuns)
    console.log(
      `pool: ${poolFields} real fields (raw.tif decoded + segmented + measured) on ${poolRuns.learned.workers} workers: ` +
        `learned ${poolRuns.learned.fieldsPerSecond.toFixed(2)} fields/s, classical ${poolRuns.classical.fieldsPerSecond.toFixed(2)} fields/s ` +
        `(learned / classical time ${(poolRuns.learned.seconds / poolRuns.classical.seconds).toFixed(2)}×)`,
    );
  const r2 = (v: number) => +v.toFixed(2);
  return {
    backend: rows[0]!.backend,
    openMs: r2(rows[0]!.openMs),
    networkMs: r2(m.network),
    learnedMs: r2(m.total),
    stepsMs: { prepare: r2(m.prepare), network: r2(m.network), cells: r2(m.cells) },
    classicalMs: r2(m.classical),
    ratioNetworkToClassical: +(m.network / m.classical).toFixed(3),
    ratioLearnedToClassical: +(m.total / m.classical).toFixed(3),
    ...(poolRuns
      ? {
          poolFields,
          poolWorkers: poolRuns.learned.workers,
          poolLearnedBenchsPerSecond: r2(poolRuns.learned.fieldsPerSecond),
          poolClassicalFieldsPerSecond: r2(poolRuns.classical.fieldsPerSecond),
        }
      : {}),
  };
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
