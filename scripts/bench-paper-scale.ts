/**
 * Paper scale in one Chromium tab: the demo generator's 15 clones × 15 time points × N FOVs of
 * S × S px (the paper: 64 FOVs, 1000 px = 14,400 fields), opened, segmented, measured and profiled
 * through the real UI. Reports total time, fields per second, the memory of the browser's
 * processes (resident set summed over the tab, its workers and the browser, by process type, and
 * as PSS) and the tab's JS heap at 10, 25, 50, 75 and 100 % of the run, and the IndexedDB usage.
 *
 *   npx tsx scripts/bench-paper-scale.ts [--fovs 64] [--size 1000]
 * Needs a build (`npx vite build`); starts `vite preview` on port 4176. Takes long at full scale.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { numberOption, parseArgs } from '../src/cli/args';

const PORT = 4176;

/**
 * Resident memory (MB) of a process and all its descendants, in total and by Chromium process
 * type, and the proportional set size (PSS: pages shared between processes counted once, not once
 * per process as RSS does).
 */
function browserMemoryMb(rootPid: number): { total: number; pss: number; byType: Record<string, number> } {
  const out = execFileSync('ps', ['-eo', 'pid=,ppid=,rss='], { encoding: 'utf8' });
  const rows = out
    .trim()
    .split('\n')
    .map((l) => l.trim().split(/\s+/).map(Number) as [number, number, number]);
  const children = new Map<number, number[]>();
  for (const [pid, ppid] of rows) children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  const rss = new Map(rows.map(([pid, , r]) => [pid, r]));
  let total = 0;
  let pss = 0;
  const byType: Record<string, number> = {};
  const stack = [rootPid];
  while (stack.length) {
    const pid = stack.pop()!;
    const mb = (rss.get(pid) ?? 0) / 1024;
    total += mb;
    pss += pssMb(pid);
    const type = processType(pid);
    byType[type] = Math.round((byType[type] ?? 0) + mb);
    stack.push(...(children.get(pid) ?? []));
  }
  return { total, pss, byType };
}

function pssMb(pid: number): number {
  try {
    const kb = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** Chromium's --type of a process ("renderer" holds the tab and its workers), "browser" if none. */
function processType(pid: number): string {
  try {
    const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return /--type=([\w-]+)/.exec(cmd)?.[1] ?? (cmd.includes('chrom') ? 'browser' : 'other');
  } catch {
    return 'gone';
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const fovs = numberOption(args, 'fovs', 64);
  const size = numberOption(args, 'size', 1000);
  const fields = 15 * 15 * fovs;
  if (!existsSync('dist/index.html')) throw new Error('no build: run `npx vite build` first');
  const server = spawn('npx', ['vite', 'preview', '--host', '127.0.0.1', '--port', String(PORT), '--strictPort'], {
    stdio: 'ignore',
  });
  // A browser server, so that its process (and so the tab's and workers' processes) is known.
  const browserServer = await chromium.launchServer({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const browserPid = browserServer.process().pid!;
  const browser = await chromium.connect(browserServer.wsEndpoint());
  try {
    for (let i = 0; i < 100; i++) {
      try {
        if ((await fetch(`http://127.0.0.1:${PORT}/`)).ok) break;
      } catch {
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    const page = await browser.newPage();
    page.setDefaultTimeout(0);
    await page.goto(`http://127.0.0.1:${PORT}/`);
    const t0 = Date.now();
    await page.getByLabel('Demo FOVs').fill(String(fovs));
    await page.getByLabel('Demo image size').selectOption(String(size));
    await page.getByRole('button', { name: 'Open the demo experiment' }).click();
    await page.getByTestId('experiment-name').waitFor();
    await page.getByTestId('tasks').waitFor({ state: 'detached' });
    const openedS = (Date.now() - t0) / 1000;
    await page.getByRole('tab', { name: 'Segmentation' }).click();
    await page.getByRole('button', { name: 'Segment and measure all fields' }).click();
    const t1 = Date.now();
    await page
      .getByTestId('tasks')
      .getByText(/Segmenting/)
      .waitFor({ timeout: 60_000 });
    const marks = [0.1, 0.25, 0.5, 0.75, 1];
    const memory: {
      at: string;
      fields: number;
      rssMb: number;
      pssMb: number;
      byType: Record<string, number>;
      tabJsHeapMb: number;
      seconds: number;
    }[] = [];
    // The tab's main-thread JS heap (the stores, tables, plots): if it were what grows, the
    // per-field state would be leaking; workers live in the renderer process's RSS.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const tabHeapMb = async () => {
      // After a full collection, so garbage not yet collected is not mistaken for held state.
      await cdp.send('HeapProfiler.collectGarbage');
      const { metrics } = await cdp.send('Performance.getMetrics');
      return Math.round((metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? NaN) / 1e6);
    };
    let peak = 0;
    let peakPss = 0;
    const recordMark = async (share: number, done: number) => {
      const { total, pss, byType } = browserMemoryMb(browserPid);
      peak = Math.max(peak, total);
      peakPss = Math.max(peakPss, pss);
      const tabJsHeapMb = await tabHeapMb();
      const seconds = Math.round((Date.now() - t1) / 1000);
      memory.push({
        at: `${share * 100} %`,
        fields: done,
        rssMb: Math.round(total),
        pssMb: Math.round(pss),
        byType,
        tabJsHeapMb,
        seconds,
      });
      console.log(
        `${share * 100} %: ${done} fields, browser RSS ${Math.round(total)} MB (${JSON.stringify(byType)}), PSS ${Math.round(pss)} MB, tab JS heap ${tabJsHeapMb} MB, ${seconds} s`,
      );
    };
    for (;;) {
      // Read without waiting: the progress panel disappears when the run ends.
      const text = await page.evaluate(
        () =>
          (
            globalThis as unknown as { document: { querySelector(s: string): { textContent: string | null } | null } }
          ).document.querySelector('[data-testid=tasks]')?.textContent ?? '',
      );
      const done = Number(/(\d+) \/ \d+/.exec(text)?.[1] ?? fields);
      const { total: rss, pss } = browserMemoryMb(browserPid);
      peak = Math.max(peak, rss);
      peakPss = Math.max(peakPss, pss);
      while (marks.length && done >= marks[0]! * fields) await recordMark(marks.shift()!, done);
      if (!text.includes('Segmenting')) break;
      await new Promise((r) => setTimeout(r, 2000));
    }
    const segmentS = (Date.now() - t1) / 1000;
    // The progress panel may vanish before the last poll sees the end.
    if (marks.length) await recordMark(1, fields);
    const t2 = Date.now();
    await page.getByRole('tab', { name: 'Explore' }).click();
    await page
      .getByTestId('explore-summary')
      .getByText(/profile columns/)
      .waitFor();
    const profileS = (Date.now() - t2) / 1000;
    const usage = await page.evaluate(
      async () =>
        (
          await (
            globalThis as unknown as { navigator: { storage: { estimate(): Promise<{ usage?: number }> } } }
          ).navigator.storage.estimate()
        ).usage ?? 0,
    );
    // Worker time per field (draw + segment + measure, timed inside the worker), from the stored
    // measurements: separates per-field compute from page overhead.
    const [workerMsPerField, drawMsPerField] = (await page.evaluate(`new Promise((resolve, reject) => {
        const open = indexedDB.open('potency-workbench');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          let sum = 0, load = 0, n = 0;
          const cursor = open.result.transaction('measurements').objectStore('measurements').openCursor();
          cursor.onerror = () => reject(cursor.error);
          cursor.onsuccess = () => {
            const c = cursor.result;
            if (!c) return resolve([sum / n, load / n]);
            sum += c.value.elapsedMs;
            load += c.value.loadMs ?? NaN;
            n++;
            c.continue();
          };
        };
      })`)) as [number, number];
    const total = (Date.now() - t0) / 1000;
    console.log(
      `\n${fields} fields of ${size}×${size} px: opened in ${openedS.toFixed(1)} s, segmented + measured in ${segmentS.toFixed(0)} s (${(fields / segmentS).toFixed(1)} fields/s), profiles in ${profileS.toFixed(1)} s; total ${total.toFixed(0)} s`,
    );
    console.log(
      `peak browser memory ${Math.round(peak)} MB RSS, ${Math.round(peakPss)} MB PSS; IndexedDB ${(usage / 1e6).toFixed(0)} MB; worker time ${workerMsPerField.toFixed(0)} ms per field, of which drawing the demo field ${drawMsPerField.toFixed(0)} ms (the rest: segment + measure)`,
    );
    console.log(
      JSON.stringify({
        bench: 'paper-scale',
        fields,
        size,
        openedS,
        segmentS,
        fieldsPerSecond: +(fields / segmentS).toFixed(2),
        profileS,
        totalS: Math.round(total),
        peakRssMb: Math.round(peak),
        peakPssMb: Math.round(peakPss),
        indexedDbMb: Math.round(usage / 1e6),
        workerMsPerField: Math.round(workerMsPerField),
        drawMsPerField: Math.round(drawMsPerField),
        memory,
      }),
    );
  } finally {
    await browser.close();
    await browserServer.close();
    server.kill();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
