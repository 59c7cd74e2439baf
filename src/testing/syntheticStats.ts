/**
 * Synthetic per-image statistics for model tests: 16 clones (12 with a potency, 4 to predict) ×
 * 6, 12, 18 h × `fovs` FOVs, whose descriptor means follow a latent potency. Deterministic by seed.
 */
import { createRandom } from '../core/demo/random';
import { DESCRIPTORS } from '../core/experiment';
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
