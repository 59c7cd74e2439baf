/**
 * Profile-building speed: `npx tsx scripts/bench-profiles.ts`.
 * Synthetic per-image statistics for 15 clones × 15 time points × 64 FOVs, then
 * (a) the window × FOV-count grid: 15 windows × 64 subset sizes = 960 profile sets of 15 clones;
 *      once with 960 buildProfiles calls, once with buildSubsetGrid's single incremental pass;
 * (b) 50 bootstrap profile sets for each of 6 conditions (windows), built per window and (b′) cut
 *     from 50 full-window sets.
 */
import { createRandom } from '../src/core/demo/random';
import { DESCRIPTORS, TIME_POINTS_H } from '../src/core/experiment';
import { buildProfiles, buildSubsetGrid, indexImageStats, profileWindow, type ImageStats } from '../src/core/profiles';

const K = DESCRIPTORS.length;
const random = createRandom(1);
const images: ImageStats[] = [];
for (let c = 1; c <= 15; c++)
  for (const timeH of TIME_POINTS_H)
    for (let fov = 1; fov <= 64; fov++) {
      const n = new Float64Array(K).fill(50 + random.int(100));
      const mean = Float64Array.from({ length: K }, () => random.range(0, 1000));
      const m2 = Float64Array.from({ length: K }, (_, d) => n[d]! * random.range(1, 100));
      images.push({ clone: `clone${String(c).padStart(2, '0')}`, timeH, fov, stats: { n, mean, m2 } });
    }

function time(label: string, f: () => number): void {
  f(); // warm-up
  const runs = 3;
  const ms: number[] = [];
  let check = 0;
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    check += f();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  console.log(
    `${label}: median ${ms[1]!.toFixed(1)} ms (min ${ms[0]!.toFixed(1)}, max ${ms[2]!.toFixed(1)})  [checksum ${check.toFixed(3)}]`,
  );
}

let t0 = performance.now();
const index = indexImageStats(images);
console.log(`index of ${images.length} images: ${(performance.now() - t0).toFixed(1)} ms`);

time('(a) grid 15 windows × 64 FOV counts = 960 profile sets × 15 clones', () => {
  let s = 0;
  for (const windowEndH of TIME_POINTS_H)
    for (let k = 1; k <= 64; k++)
      s += buildProfiles(index, { windowEndH, fovs: { kind: 'subset', k, seed: 1 } }).values[0]!;
  return s;
});

time('(a′) the same grid in one incremental pass (buildSubsetGrid)', () => {
  const grid = buildSubsetGrid(index, { seed: 1, maxK: 64 });
  return grid.reduce((s, row) => s + row.reduce((t, p) => t + p.values[0]!, 0), 0);
});

const windows = [24, 36, 48, 60, 72, 90];
time('(b) 50 bootstraps × 6 windows = 300 profile sets × 15 clones', () => {
  let s = 0;
  for (const windowEndH of windows)
    for (let replicate = 0; replicate < 50; replicate++)
      s += buildProfiles(index, { windowEndH, fovs: { kind: 'bootstrap', seed: 1, replicate } }).values[0]!;
  return s;
});

time('(b′) 50 full-window bootstraps, each cut into the 6 windows (profileWindow)', () => {
  let s = 0;
  for (let replicate = 0; replicate < 50; replicate++) {
    const full = buildProfiles(index, { fovs: { kind: 'bootstrap', seed: 1, replicate } });
    for (const windowEndH of windows) s += profileWindow(full, windowEndH).values[0]!;
  }
  return s;
});

t0 = performance.now();
buildProfiles(images);
console.log(`one full profile set from the raw image list (index included): ${(performance.now() - t0).toFixed(1)} ms`);
