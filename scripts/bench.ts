/**
 * `npm run bench`: every benchmark, one after another (never in parallel: they time the CPU).
 * Each prints its own table and a final JSON line; this prints the headline figures at the end.
 * Speed is measured here, not in tests. Ratios are against baselines measured in the same run.
 *
 *   npm run bench [-- --only segmentation,learned,browser,explore-load,profiles,lasso,rf,grid,grid-r] [--quick]
 *   (`--only learned`: the learned segmentation in Node and, without the rest of `browser`, in Chromium)
 *   `--only explore-load [--baseline-dist DIR]`: Explore and the Models grid opened on the 64-FOV demo
 *   (time, JS memory), with ratios to another build (e.g. of an earlier commit) when DIR is given
 *   `--paper [--paper-fovs N]`: also the paper-scale run in one tab (64 FOVs unless N)
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs, stringOption } from '../src/cli/args';
import { hasShared, sharedDir } from '../src/testing/shared';
import { SEGMENTER_CARD } from '../src/core/segmentation/learned/card';

interface Bench {
  name: string;
  command: string[];
  needs?: string;
  /** Runs only when `--only` names it or its group (the default set has it inside another bench). */
  group?: string;
}

const args = parseArgs(process.argv.slice(2), ['quick', 'paper'], ['only', 'baseline-dist', 'paper-fovs']);
const quick = args.options.has('quick');
// The paper-scale run (14,400 fields of 1000 px in one tab) takes long: only with --paper.
const paper = args.options.has('paper');
const only = stringOption(args, 'only')?.split(',');
const baselineDist = stringOption(args, 'baseline-dist');
const paperFovs = stringOption(args, 'paper-fovs');

const benches: Bench[] = [
  { name: 'segmentation', command: ['npx', 'tsx', 'scripts/bench-segmentation.ts', '--runs', quick ? '3' : '7'], needs: 'shared' },
  { name: 'learned', command: ['npx', 'tsx', 'scripts/bench-learned.ts', '--runs', quick ? '3' : '5', '--pool-fields', quick ? '12' : '24'], needs: 'shared' },
  { name: 'native', command: ['/usr/bin/python3', 'scripts/native_plain8.py', sharedDir, quick ? '3' : '7'], needs: 'cv2' },
  { name: 'browser', command: ['npx', 'tsx', 'scripts/bench-browser.ts', '--runs', quick ? '3' : '5', '--fields', quick ? '60' : '240'], needs: 'build' },
  // `browser` times the learned segmentation too; this is that part alone, for `--only learned`.
  { name: 'learned-browser', group: 'learned', command: ['npx', 'tsx', 'scripts/bench-browser.ts', '--learned-only', '--runs', quick ? '3' : '5', '--fields', quick ? '12' : '24'], needs: 'build' },
  {
    name: 'explore-load',
    command: ['npx', 'tsx', 'scripts/bench-explore-load.ts', '--fovs', quick ? '16' : '64', ...(baselineDist ? ['--baseline-dist', baselineDist] : [])],
    needs: 'build',
  },
  { name: 'paper', command: ['npx', 'tsx', 'scripts/bench-paper-scale.ts', ...(paperFovs ? ['--fovs', paperFovs] : [])], needs: 'paper' },
  { name: 'profiles', command: ['npx', 'tsx', 'scripts/bench-profiles.ts'] },
  { name: 'lasso', command: ['npx', 'tsx', 'scripts/bench-lasso.ts'] },
  { name: 'rf', command: ['npx', 'tsx', 'scripts/bench-rf.ts'] },
  { name: 'grid', command: ['npx', 'tsx', 'scripts/bench-grid.ts', ...(quick ? ['--no-rf'] : [])] },
  { name: 'grid-r', command: ['npx', 'tsx', 'scripts/bench-grid.ts', '--r', '--step', quick ? '32' : '16'], needs: 'glmnet' },
];

function available(b: Bench): string | null {
  if (b.command[1] === 'tsx' && !existsSync(b.command[2]!)) return `${b.command[2]} not present`;
  if (b.needs === 'paper' && !paper && !only?.includes('paper')) return 'paper scale runs only with --paper (it takes long)';
  if (b.needs === 'shared' && !hasShared) return `../shared not found at ${sharedDir}`;
  if (b.needs === 'cv2') {
    if (!hasShared) return '../shared not found';
    const probe = spawnSync('/usr/bin/python3', ['-c', 'import cv2'], { encoding: 'utf8' });
    if (probe.status !== 0) return 'native OpenCV absent (apt-get install -y python3-opencv)';
  }
  if (b.needs === 'glmnet' && spawnSync('Rscript', ['-e', 'library(glmnet)'], { encoding: 'utf8' }).status !== 0)
    return 'Rscript or the R package glmnet absent (apt-get install -y r-cran-glmnet)';
  return null;
}

const results: Record<string, Record<string, unknown>> = {};
const selected = (b: Bench) => (only ? only.includes(b.name) || (b.group !== undefined && only.includes(b.group)) : b.group === undefined);
if (benches.some((b) => b.needs === 'build' && selected(b)) || only?.includes('paper')) {
  if (!existsSync('dist/index.html') || distModelIsStale()) spawnSync('npx', ['vite', 'build'], { stdio: 'inherit' });
}

/** The build serves another model than the card names (the card is bundled into the app too). */
function distModelIsStale(): boolean {
  const built = join('dist', SEGMENTER_CARD.url);
  if (!existsSync(SEGMENTER_CARD.file)) return false;
  return !existsSync(built) || createHash('sha256').update(readFileSync(built)).digest('hex') !== SEGMENTER_CARD.sha256;
}
for (const b of benches) {
  if (!selected(b)) continue;
  const why = available(b);
  console.log(`\n=== ${b.name} ===`);
  if (why) {
    console.log(`skipped: ${why}`);
    continue;
  }
  const r = spawnSync(b.command[0]!, b.command.slice(1), { encoding: 'utf8', maxBuffer: 64 << 20 });
  process.stdout.write(r.stdout);
  if (r.status !== 0) {
    process.stdout.write(r.stderr);
    console.log(`(${b.name} failed with exit code ${r.status})`);
    continue;
  }
  const last = r.stdout.trim().split('\n').reverse().find((l) => l.startsWith('{'));
  if (last) results[b.name] = JSON.parse(last) as Record<string, unknown>;
}

console.log('\n=== summary ===');
const seg = results.segmentation;
const native = results.native;
const browser = results.browser;
if (seg) console.log(`Node: pipeline + 12 descriptors ${seg.pipelineWithDescriptorsMs} ms/field = ${seg.ratioToPlain}× the plain eight steps in OpenCV.js (${seg.plainEightStepsMs} ms, same process)`);
if (browser && browser.pipelineWithDescriptorsMs)
  console.log(`Chromium worker: ${browser.pipelineWithDescriptorsMs} ms/field = ${browser.ratioToPlain}× the plain eight steps (${browser.plainEightStepsMs} ms, same worker)`);
if (browser) console.log(`Pool: ${browser.poolFieldsPerSecond} demo fields/s on ${browser.poolWorkers} workers`);
if (browser?.gridSeconds !== undefined) console.log(`Chromium model grid: ${browser.gridSeconds} s (960 nested-LOOCV LASSO cells) + ${browser.gridBootstrapSeconds} s (50 × 6 bootstraps), goal < 10 s in all`);
if (native) {
  const n = Number(native.plainEightStepsMs);
  console.log(`Native OpenCV ${native.opencv}, plain eight steps, 1 thread: ${n} ms/field (goal: pipeline ≤ 2.5× = ${(2.5 * n).toFixed(0)} ms)`);
  if (seg) console.log(`  Node pipeline / native plain: ${(Number(seg.pipelineWithDescriptorsMs) / n).toFixed(2)}×`);
  if (browser?.pipelineWithDescriptorsMs) console.log(`  Chromium pipeline / native plain: ${(Number(browser.pipelineWithDescriptorsMs) / n).toFixed(2)}×`);
}
const learned = results.learned;
if (learned)
  console.log(
    `Node learned segmentation: network ${learned.networkMs} ms, with pre/post-processing ${learned.learnedMs} ms/field = ` +
      `${learned.ratioLearnedToClassical}× the classical pipeline (${learned.classicalMs} ms, same process; network alone ${learned.ratioNetworkToClassical}×)` +
      (learned.poolWorkers ? `; analyze pool on ${learned.poolWorkers} workers: learned ${learned.poolLearnedFieldsPerSecond}, classical ${learned.poolClassicalFieldsPerSecond} fields/s` : ''),
  );
const learnedBrowser = (browser?.learned ?? results['learned-browser']?.learned) as Record<string, unknown> | undefined;
if (learnedBrowser)
  console.log(
    `Chromium worker learned segmentation (${learnedBrowser.backend}): network ${learnedBrowser.networkMs} ms, with pre/post-processing ${learnedBrowser.learnedMs} ms/field = ` +
      `${learnedBrowser.ratioLearnedToClassical}× the classical pipeline (${learnedBrowser.classicalMs} ms, same worker; network alone ${learnedBrowser.ratioNetworkToClassical}×)` +
      (learnedBrowser.poolWorkers ? `; pool of ${learnedBrowser.poolWorkers} workers on real fields: learned ${learnedBrowser.poolLearnedFieldsPerSecond}, classical ${learnedBrowser.poolClassicalFieldsPerSecond} fields/s` : ''),
  );
if (results.paper) console.log(`paper scale: ${JSON.stringify(results.paper)}`);
const load = results['explore-load'] as { fields: number; explore: { seconds: number; peakHeapMb: number }; models: { seconds: number; peakHeapMb: number }; ratios?: Record<string, number> } | undefined;
if (load)
  console.log(
    `Explore on ${load.fields} measured fields: ${load.explore.seconds} s, JS memory peak ${load.explore.peakHeapMb} MB; Models grid view ${load.models.seconds} s, ${load.models.peakHeapMb} MB` +
      (load.ratios ? ` (vs baseline build: ${JSON.stringify(load.ratios)})` : ''),
  );
for (const name of ['profiles', 'lasso', 'rf']) if (results[name]) console.log(`${name}: ${JSON.stringify(results[name])}`);
if (results.grid) console.log(`grid (15 × 64 nested LASSO + 50 × 6 bootstraps): ${results.grid.totalSeconds} s on ${results.grid.workers} workers (goal < 10 s); ${JSON.stringify(results.grid)}${results['grid-r'] ? `; R/glmnet is ${results['grid-r'].ratio}× Node's time per matrix` : ''}`);
