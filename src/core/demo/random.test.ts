import { describe, expect, it } from 'vitest';
import { createRandom, forkRandom, hashKeys } from './random';

function moments(values: number[]): { mean: number; sd: number } {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1);
  return { mean, sd: Math.sqrt(variance) };
}

describe('demo random streams', () => {
  it('gives the same sequence for the same keys and different ones otherwise', () => {
    const a = forkRandom(1, 'image', 'clone07', 30, 12);
    const b = forkRandom(1, 'image', 'clone07', 30, 12);
    const seqA = Array.from({ length: 20 }, () => a.uniform());
    const seqB = Array.from({ length: 20 }, () => b.uniform());
    expect(seqA).toEqual(seqB);
    const c = forkRandom(1, 'image', 'clone07', 30, 13);
    expect(Array.from({ length: 20 }, () => c.uniform())).not.toEqual(seqA);
    const d = forkRandom(2, 'image', 'clone07', 30, 12);
    expect(Array.from({ length: 20 }, () => d.uniform())).not.toEqual(seqA);
  });

  it('keeps key boundaries apart and mixes neighbouring seeds', () => {
    expect(hashKeys(1, 'a', 1)).not.toBe(hashKeys(1, 'a1'));
    expect(hashKeys(1, 12, 3)).not.toBe(hashKeys(1, 1, 23));
    const hashes = new Set(Array.from({ length: 1000 }, (_, s) => hashKeys(s, 'x')));
    expect(hashes.size).toBe(1000);
  });

  it('draws uniform, normal, quick-normal, integer and Poisson values with the right moments', () => {
    const r = createRandom(12345);
    const n = 50_000;
    const u = Array.from({ length: n }, () => r.uniform());
    expect(Math.min(...u)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...u)).toBeLessThan(1);
    expect(moments(u).mean).toBeCloseTo(0.5, 2);
    expect(moments(u).sd).toBeCloseTo(Math.sqrt(1 / 12), 2);

    const z = moments(Array.from({ length: n }, () => r.normal(3, 2)));
    expect(Math.abs(z.mean - 3)).toBeLessThan(0.05);
    expect(Math.abs(z.sd - 2)).toBeLessThan(0.05);

    const q = moments(Array.from({ length: n }, () => r.quickNormal()));
    expect(Math.abs(q.mean)).toBeLessThan(0.03);
    expect(Math.abs(q.sd - 1)).toBeLessThan(0.03);

    const ints = Array.from({ length: n }, () => r.int(7));
    expect(new Set(ints)).toEqual(new Set([0, 1, 2, 3, 4, 5, 6]));

    for (const lambda of [0.5, 4, 50]) {
      const p = moments(Array.from({ length: 20_000 }, () => r.poisson(lambda)));
      expect(Math.abs(p.mean - lambda) / lambda).toBeLessThan(0.05);
      expect(Math.abs(p.sd ** 2 - lambda) / lambda).toBeLessThan(0.1);
    }
    expect(r.poisson(0)).toBe(0);
  });

  it('shuffles into a permutation', () => {
    const items = Array.from({ length: 50 }, (_, i) => i);
    const shuffled = createRandom(7).shuffle([...items]);
    expect(shuffled).not.toEqual(items);
    expect([...shuffled].sort((a, b) => a - b)).toEqual(items);
  });
});
