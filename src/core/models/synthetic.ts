/**
 * Synthetic per-image statistics for timing the model grid at paper scale (15 clones × 15 time
 * points × 64 FOVs) without segmenting 14,400 images: shaped like real ones (cells per image grow
 * with time, FOV-to-FOV noise that pooling averages away, a clone effect unrelated to potency, a
 * potency signal in a few descriptors that grows with time). Used by scripts/bench-grid.ts (Node)
 * and the browser bench hook (Chromium), so both time the same work.
 */
import { createRandom } from '../demo/random';
import { DESCRIPTORS, TIME_POINTS_H } from '../experiment';
import type { ImageStats } from '../profiles';

const CLONES = 15;
const FOVS = 64;

/** Synthetic per-image sufficient statistics with a potency signal; potencies spread like the demo's (SD ≈ 1.5). */
export function syntheticExperiment(seed = 1): { images: ImageStats[]; potency: Map<string, number> } {
  const random = createRandom(seed);
  const K = DESCRIPTORS.length;
  const base = Array.from({ length: K }, (_, d) => 50 + 10 * d);
  // 3 descriptors carry the signal in their means, 1 in its spread
  const loading = Array.from({ length: K }, (_, d) => (d === 0 ? 4 : d === 3 ? -3 : d === 7 ? 2 : 0));
  const potency = new Map<string, number>();
  const images: ImageStats[] = [];
  for (let c = 1; c <= CLONES; c++) {
    const clone = `clone${String(c).padStart(2, '0')}`;
    const y = 2.5 + 1.5 * random.normal();
    potency.set(clone, y);
    const cloneEffect = Array.from({ length: K }, () => random.normal(0, 1.5));
    for (const timeH of TIME_POINTS_H) {
      const grown = timeH / 90;
      for (let fov = 1; fov <= FOVS; fov++) {
        const cells = Math.max(2, Math.round(random.normal(15 + 60 * grown, 6)));
        const n = new Float64Array(K).fill(cells);
        const mean = new Float64Array(K);
        const m2 = new Float64Array(K);
        for (let d = 0; d < K; d++) {
          // FOV noise of SD 6: one FOV hides the signal, 64 pooled show it
          mean[d] = base[d]! + loading[d]! * (y - 2.5) * (0.3 + grown) + cloneEffect[d]! + random.normal(0, 6);
          const sd = 8 + (d === 5 ? 1.2 * (y - 2.5) * grown : 0) + random.normal(0, 0.5);
          m2[d] = Math.max(0.5, sd) ** 2 * (cells - 1);
        }
        images.push({ clone, timeH, fov, stats: { n, mean, m2 } });
      }
    }
  }
  return { images, potency };
}

