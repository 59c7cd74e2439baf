/**
 * What opening Explore and the Models grid costs on the paper-sized demo (15 clones × 15 time points
 * × 64 FOVs = 14,400 fields) once every field is measured: time from the tab click until the view
 * is drawn, and the tab's JavaScript memory: the V8 heap plus the backing stores of array buffers
 * (where per-cell Float32 values live; the heap alone does not count them), peak while loading
 * (sampled every 50 ms) and what stays after a garbage collection. In Debian's Chromium, through
 * the real UI.
 *
 * Segmenting 14,400 fields takes half an hour (`--paper`), so the measurements are written straight
 * into the app's IndexedDB the way the batch run stores them: per field `--cells` cells (on average;
 * the paper-scale run stored ~130 per 1000-px demo field) of 12 Float32 descriptors and their
 * sufficient statistics, under the demo's parameters hash. When the database has the per-image
 * statistics store (`imageStats`, schema v4), the field's statistics go there too, as the batch run
 * writes them.
 *
 *   npx tsx scripts/bench-explore-load.ts [--fovs 64] [--cells 130] [--dist dist] [--baseline-dist DIR] [--migrate-from DIR]
 * `--baseline-dist` serves a second build (e.g. of an earlier commit) on another port (its own
 * origin, so its own database) and prints the ratios of this build to it, measured in one process.
 * `--migrate-from` stores the measurements with an older build (DIR) first, then serves this build
 * on the same origin, so the first open upgrades that database (timed as `upgradeS`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from '@playwright/test';
import { numberOption, parseArgs, stringOption } from '../src/cli/args';
import { DEFAULT_LEARNED_PARAMS, mergeParams, paramsHash } from '../src/core/segmentation/params';
import { waitForServer } from './waitForServer';

interface ViewCost {
  /** Tab click → view drawn, s. */
  seconds: number;
  /** Highest JS memory (heap + array buffers) while loading (sampled), MB. */
  peakHeapMb: number;
  /** JS memory after loading and a full garbage collection, MB. */
  retainedHeapMb: number;
  /** The same before the click, MB. */
  baselineHeapMb: number;
}

interface BuildResult {
  dist: string;
  fields: number;
  cells: number;
  /** Reading the database after injecting (reload until the experiment is open again), s. */
  reopenS: number;
  /** With --migrate-from: the first open by this build of the older build's database, s. */
  upgradeS?: number;
  explore: ViewCost;
  /** Explore's density panel: one clone's per-cell values, read lazily after the view is up. */
  kdeS: number;
  models: ViewCost;
}

/** Writes a measurement for every image of the open experiment, in page, 400 per transaction. */
const INJECT = `async ({ hash, cells }) => {
  const db = await new Promise((resolve, reject) => {
    const r = indexedDB.open('potency-workbench');
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
  const all = (store, index, key) => new Promise((resolve, reject) => {
    const r = db.transaction(store).objectStore(store).index(index).getAll(key);
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
  const experiments = await new Promise((resolve, reject) => {
    const r = db.transaction('experiments').objectStore('experiments').getAll();
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
  const experiment = experiments.sort((a, b) => b.updatedAt - a.updatedAt)[0];
  const images = await all('images', 'byExperiment', experiment.id);
  const withStats = db.objectStoreNames.contains('imageStats');
  let seed = 12345;
  const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296);
  let stored = 0, cellSum = 0;
  for (let at = 0; at < images.length; at += 400) {
    const stores = withStats ? ['measurements', 'imageStats'] : ['measurements'];
    const tx = db.transaction(stores, 'readwrite');
    for (const image of images.slice(at, at + 400)) {
      const count = Math.max(1, Math.round(cells * (0.5 + rand())));
      const values = new Float32Array(count * 12);
      for (let i = 0; i < values.length; i++) values[i] = i % 12 === 0 ? 150 + 3000 * rand() : rand();
      const n = new Array(12).fill(0), mean = new Array(12).fill(0), m2 = new Array(12).fill(0);
      for (let c = 0; c < count; c++)
        for (let d = 0; d < 12; d++) {
          const x = values[c * 12 + d];
          n[d]++;
          const delta = x - mean[d];
          mean[d] += delta / n[d];
          m2[d] += delta * (x - mean[d]);
        }
      const stats = { n, mean, m2 };
      tx.objectStore('measurements').put({ id: image.id, experimentId: experiment.id, paramsHash: hash, cellCount: count, values: values.buffer, stats, elapsedMs: 0, loadMs: 0 });
      if (withStats) tx.objectStore('imageStats').put({ id: image.id, experimentId: experiment.id, paramsHash: hash, cellCount: count, ...stats });
      stored++;
      cellSum += count;
    }
    await new Promise((resolve, reject) => {
      tx.oncomplete = resolve;
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
  }
  db.close();
  return { stored, cells: cellSum, withStats };
}`;

type Cdp = Awaited<ReturnType<ReturnType<Page['context']>['newCDPSession']>>;

/** The tab's JS memory, MB: V8 heap in use plus array-buffer backing stores. */
async function jsMemoryMb(cdp: Cdp): Promise<number> {
  const u = await cdp.send('Runtime.getHeapUsage');
  return (u.usedSize + u.backingStorageSize) / 1e6;
}

async function heapMb(page: Page, gc: boolean): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  if (gc) await cdp.send('HeapProfiler.collectGarbage');
  const mb = await jsMemoryMb(cdp);
  await cdp.detach();
  return mb;
}

/** Clicks `tab`, waits for `drawn`, and samples the heap meanwhile. */
async function viewCost(page: Page, tab: string, drawn: () => Promise<unknown>): Promise<ViewCost> {
  const baselineHeapMb = await heapMb(page, true);
  const cdp = await page.context().newCDPSession(page);
  let peak = baselineHeapMb;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      peak = Math.max(peak, await jsMemoryMb(cdp));
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  const t0 = performance.now();
  await page.getByRole('tab', { name: tab }).click();
  await drawn();
  const seconds = (performance.now() - t0) / 1000;
  sampling = false;
  await sampler;
  peak = Math.max(peak, await jsMemoryMb(cdp));
  await cdp.detach();
  return { seconds, peakHeapMb: peak, retainedHeapMb: await heapMb(page, true), baselineHeapMb };
}

async function reopen(page: Page): Promise<void> {
  await page.reload();
  await page.getByTestId('experiment-name').waitFor();
  await page.getByTestId('tasks').waitFor({ state: 'detached' });
}

async function serve(dist: string, port: number): Promise<ChildProcess> {
  // A server already on the port would be measured instead of `dist`: refuse.
  if (await fetch(`http://127.0.0.1:${port}/`).then(() => true, () => false)) throw new Error(`port ${port} is taken: stop what serves it first`);
  // vite itself, not through npx: killing npx would leave the server running.
  const server = spawn(process.execPath, ['node_modules/vite/bin/vite.js', 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort', '--outDir', dist], { stdio: 'ignore' });
  await waitForServer(`http://127.0.0.1:${port}/`, 30_000);
  return server;
}

async function stop(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null) return;
  const exited = new Promise((r) => server.once('exit', r));
  server.kill();
  await exited;
}

async function measureBuild(browser: Browser, dist: string, port: number, fovs: number, cells: number, migrateFrom?: string): Promise<BuildResult> {
  let server: ChildProcess = await serve(migrateFrom ?? dist, port);
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(600_000);
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.getByLabel('Demo FOVs').fill(String(fovs));
    await page.getByLabel('Demo image size').selectOption('512');
    await page.getByRole('button', { name: 'Open the demo experiment' }).click();
    await page.getByTestId('experiment-name').waitFor();
    await page.getByTestId('tasks').waitFor({ state: 'detached' });
    const saved = await page.evaluate(`new Promise((resolve, reject) => {
      const r = indexedDB.open('potency-workbench');
      r.onerror = () => reject(r.error);
      r.onsuccess = () => {
        const q = r.result.transaction('experiments').objectStore('experiments').getAll();
        q.onsuccess = () => { r.result.close(); resolve(q.result.sort((a, b) => b.updatedAt - a.updatedAt)[0].segmentationParams); };
        q.onerror = () => reject(q.error);
      };
    })`);
    const hash = paramsHash(saved ? mergeParams(saved) : DEFAULT_LEARNED_PARAMS);
    // The app holds its connection open; injecting needs none of its stores locked.
    const injected = (await page.evaluate(`(${INJECT})(${JSON.stringify({ hash, cells })})`)) as { stored: number; cells: number; withStats: boolean };
    console.log(`${migrateFrom ?? dist}: ${injected.stored} fields, ${injected.cells} cells stored${injected.withStats ? ' (with the imageStats store)' : ''}`);
    let upgradeS: number | undefined;
    if (migrateFrom) {
      await stop(server);
      server = await serve(dist, port);
      const tu = performance.now();
      await reopen(page);
      upgradeS = (performance.now() - tu) / 1000;
      console.log(`${dist}: first open of ${migrateFrom}'s database (upgraded) ${upgradeS.toFixed(1)} s`);
    }
    const t0 = performance.now();
    await reopen(page);
    const reopenS = (performance.now() - t0) / 1000;
    const explore = await viewCost(page, 'Explore', () => page.getByTestId('explore-summary').getByText(/profile columns/).waitFor());
    const t1 = performance.now();
    await page.locator('[data-testid=kde-plot] .scatterlayer .trace').first().waitFor({ state: 'attached' });
    const kdeS = (performance.now() - t1) / 1000;
    await reopen(page);
    const models = await viewCost(page, 'Models', () => page.getByTestId('grid-status').getByText(/Every time window|cells/).waitFor());
    return { dist, fields: injected.stored, cells: injected.cells, reopenS, ...(upgradeS !== undefined ? { upgradeS } : {}), explore, kdeS, models };
  } finally {
    await context.close();
    await stop(server);
  }
}

function show(r: BuildResult): void {
  const v = (name: string, c: ViewCost) =>
    `${name}: ${c.seconds.toFixed(2)} s, JS memory (heap + array buffers) peak ${c.peakHeapMb.toFixed(0)} MB (before the click ${c.baselineHeapMb.toFixed(0)} MB), retained after GC ${c.retainedHeapMb.toFixed(0)} MB`;
  console.log(`${r.dist}: ${r.fields} fields, ${r.cells} cells; ${r.upgradeS !== undefined ? `first open after the upgrade ${r.upgradeS.toFixed(1)} s, ` : ''}reopen ${r.reopenS.toFixed(1)} s`);
  console.log(`  ${v('Explore', r.explore)}; its density panel ${r.kdeS.toFixed(2)} s more`);
  console.log(`  ${v('Models (grid view)', r.models)}`);
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), [], ['fovs', 'cells', 'dist', 'baseline-dist', 'migrate-from']);
  const fovs = numberOption(args, 'fovs', 64);
  const cells = numberOption(args, 'cells', 130);
  const dist = stringOption(args, 'dist') ?? 'dist';
  const baselineDist = stringOption(args, 'baseline-dist');
  const migrateFrom = stringOption(args, 'migrate-from');
  for (const d of [dist, baselineDist, migrateFrom]) if (d && !existsSync(`${d}/index.html`)) throw new Error(`no build in ${d}: run \`npx vite build\` first`);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const baseline = baselineDist ? await measureBuild(browser, baselineDist, 4178, fovs, cells) : undefined;
    const current = await measureBuild(browser, dist, 4177, fovs, cells, migrateFrom);
    if (baseline) show(baseline);
    show(current);
    const ratios = baseline
      ? {
          exploreTime: +(current.explore.seconds / baseline.explore.seconds).toFixed(3),
          explorePeakHeap: +((current.explore.peakHeapMb - current.explore.baselineHeapMb) / Math.max(1, baseline.explore.peakHeapMb - baseline.explore.baselineHeapMb)).toFixed(3),
          modelsTime: +(current.models.seconds / baseline.models.seconds).toFixed(3),
          modelsPeakHeap: +((current.models.peakHeapMb - current.models.baselineHeapMb) / Math.max(1, baseline.models.peakHeapMb - baseline.models.baselineHeapMb)).toFixed(3),
        }
      : undefined;
    if (ratios)
      console.log(
        `this build / baseline: Explore ${ratios.exploreTime}× the time, ${ratios.explorePeakHeap}× the JS memory growth while loading; Models ${ratios.modelsTime}× the time, ${ratios.modelsPeakHeap}× the JS memory growth`,
      );
    const round = (c: ViewCost) => ({ seconds: +c.seconds.toFixed(3), peakHeapMb: Math.round(c.peakHeapMb), retainedHeapMb: Math.round(c.retainedHeapMb), baselineHeapMb: Math.round(c.baselineHeapMb) });
    const summary = (r: BuildResult) => ({ fields: r.fields, cells: r.cells, reopenS: +r.reopenS.toFixed(2), ...(r.upgradeS !== undefined ? { upgradeS: +r.upgradeS.toFixed(2) } : {}), explore: round(r.explore), kdeS: +r.kdeS.toFixed(3), models: round(r.models) });
    console.log(JSON.stringify({ bench: 'explore-load', ...summary(current), ...(baseline ? { baseline: summary(baseline), ratios } : {}) }));
  } finally {
    await browser.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
