/**
 * Speed inside Debian's Chromium: the segmentation pipeline + 12 descriptors on the six shared
 * fields, single-threaded in one image worker (with the plain eight steps as the baseline measured
 * in the same worker), and fields per second through the worker pool on demo fields.
 *
 *   npx tsx scripts/bench-browser.ts [--runs 5] [--fields 120]
 * Needs a build (`npx vite build`); starts `vite preview` itself on port 4175.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { decode } from 'fast-png';
import { numberOption, parseArgs } from '../src/cli/args';
import { FIELD_NAMES, hasShared, sharedPath } from '../src/testing/shared';

const PORT = 4175;

async function waitForServer(url: string, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`vite preview did not answer at ${url}`);
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const runs = numberOption(args, 'runs', 5);
  const fields = numberOption(args, 'fields', 120);
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
      }),
    );
  } finally {
    await browser.close();
    server.kill();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
