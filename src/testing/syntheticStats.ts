/**
 * Synthetic per-image statistics for model tests: 16 clones (12 with a potency, 4 to predict) ×
 * 6, 12, 18 h × `fovs` FOVs, whose descriptor means follow a latent potency. Deterministic by seed.
 */
import { createRandom } from '../core/demo/random';
import { DESCRIPTORS, TIME_POINTS_H } from '../core/experiment';
import type { ImageStats } from '../core/profiles';

export function syntheticImageStats(options: {
  seed: number;
  fovs: number;
  /** Potencies rounded to one decimal, as a lab table would give them. */
  roundPotency?: boolean;
  /** Keep only these time points (all are still drawn, so the numbers do not change). */
  times?: readonly number[];
}): { images: ImageStats[]; potency: Map<string, number | null> } {
  const rnd = createRandom(options.seed);
  const images: ImageStats[] = [];
  const potency = new Map<string, number | null>();
  const K = DESCRIPTORS.length;
  for (let c = 1; c <= 16; c++) {
    const clone = `clone${String(c).padStart(2, '0')}`;
    const z = rnd.normal();
    const p = 10 + 1.5 * z + rnd.normal(0, 0.3);
    potency.set(clone, c <= 12 ? (options.roundPotency ? Math.round(p * 10) / 10 : p) : null);
    for (const timeH of [6, 12, 18])
      for (let fov = 1; fov <= options.fovs; fov++) {
        const n = new Float64Array(K);
        const mean = new Float64Array(K);
        const m2 = new Float64Array(K);
        for (let d = 0; d < K; d++) {
          n[d] = 20 + rnd.int(20);
          mean[d] = 10 + d + (d % 3 === 0 ? z * (1 + timeH / 12) : 0) + rnd.normal(0, 0.8);
          m2[d] = (n[d]! - 1) * (1 + 0.2 * Math.abs(z) + rnd.range(0, 0.5));
        }
        if (!options.times || options.times.includes(timeH)) images.push({ clone, timeH, fov, stats: { n, mean, m2 } });
      }
  }
  return { images, potency };
}

/**
 * Paper-scale synthetic per-image statistics for timing the model grid at paper scale (15 clones × 15 time
 * points × 64 FOVs) without segmenting 14,400 images: shaped like real ones (cells per image grow
 * with time, FOV-to-FOV noise that pooling averages away, a clone effect unrelated to potency, a
 * potency signal in a few descriptors that grows with time). Used by scripts/bench-grid.ts (Node)
 * and the browser bench hook (Chromium), so both time the same work.
 */
const PAPER_CLONES = 15;
const PAPER_FOVS = 64;

/** Synthetic per-image sufficient statistics with a potency signal; potencies spread like the demo's (SD ≈ 1.5). */
export function syntheticExperiment(seed = 1): { images: ImageStats[]; potency: Map<string, number> } {
  const random = createRandom(seed);
  const K = DESCRIPTORS.length;
  const base = Array.from({ length: K }, (_, d) => 50 + 10 * d);
  // 3 descriptors carry the signal in their means, 1 in its spread
  const loading = Array.from({ length: K }, (_, d) => (d === 0 ? 4 : d === 3 ? -3 : d === 7 ? 2 : 0));
  const potency = new Map<string, number>();
  const images: ImageStats[] = [];
  for (let c = 1; c <= PAPER_CLONES; c++) {
    const clone = `clone${String(c).padStart(2, '0')}`;
    const y = 2.5 + 1.5 * random.normal();
    potency.set(clone, y);
    const cloneEffect = Array.from({ length: K }, () => random.normal(0, 1.5));
    for (const timeH of TIME_POINTS_H) {
      const grown = timeH / 90;
      for (let fov = 1; fov <= PAPER_FOVS; fov++) {
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

