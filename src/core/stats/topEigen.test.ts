import { describe, expect, it } from 'vitest';
import { pca } from './pca';

describe('PCA of tall data by subspace iteration', () => {
  it('equals the full SVD on the leading components', () => {
    const n = 120;
    const p = 30;
    const m = new Float64Array(n * p);
    let s = 1;
    const rand = () => ((s = (s * 16807) % 2147483647) / 2147483647) - 0.5;
    // Three strong latent directions plus noise.
    for (let r = 0; r < n; r++) {
      const a = 3 * rand();
      const b = 2 * rand();
      const c = rand();
      for (let j = 0; j < p; j++) m[r * p + j] = a * Math.sin(j) + b * Math.cos(2 * j) + c * (j % 3) + 0.1 * rand();
    }
    const full = pca(m, n, p);
    const top = pca(m, n, p, { components: 3 });
    expect(top.nComponents).toBe(3);
    for (let pc = 0; pc < 3; pc++) {
      expect(top.sdev[pc]).toBeCloseTo(full.sdev[pc]!, 9);
      expect(top.varianceExplained[pc]).toBeCloseTo(full.varianceExplained[pc]!, 9);
      for (let j = 0; j < p; j++) expect(Math.abs(top.rotation[j * 3 + pc]! - full.rotation[j * full.nComponents + pc]!)).toBeLessThan(1e-7);
      for (let r = 0; r < n; r++) expect(Math.abs(top.scores[r * 3 + pc]! - full.scores[r * full.nComponents + pc]!)).toBeLessThan(1e-6);
    }
  });
});
