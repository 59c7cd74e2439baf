import { describe, expect, it } from 'vitest';
import { emptyStats, mergeStats, statsToMeanSd, summarize } from './sufficientStats';

/** A small seeded generator (mulberry32), so failures reproduce. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Cells × 12 with descriptor-like scales (thousands for area, ~0.5 for ratios) and some NaNs. */
function cells(n: number, random: () => number): Float64Array {
  const v = new Float64Array(n * 12);
  for (let i = 0; i < v.length; i++) {
    const d = i % 12;
    v[i] = d === 5 && random() < 0.1 ? NaN : 10 ** (4 - d / 3) * (1 + random());
  }
  return v;
}

function expectClose(a: Float64Array, b: Float64Array, rel: number) {
  for (let d = 0; d < a.length; d++)
    expect(Math.abs(a[d]! - b[d]!), `descriptor ${d}`).toBeLessThanOrEqual(rel * Math.abs(b[d]!));
}

describe('sufficient statistics', () => {
  it('summarize gives the two-pass mean and sum of squared deviations', () => {
    const v = Float64Array.from([1, 10, 2, 20, 4, NaN, 7, 40]); // 4 cells × 2 descriptors
    const s = summarize(v, 2);
    expect(Array.from(s.n)).toEqual([4, 3]);
    expect(s.mean[0]).toBe(3.5);
    expect(s.m2[0]).toBeCloseTo(6.25 + 2.25 + 0.25 + 12.25, 12);
    expect(s.mean[1]).toBeCloseTo(70 / 3, 12);
    const { mean, sd } = statsToMeanSd(s);
    expect(mean[0]).toBe(3.5);
    expect(sd[0]).toBeCloseTo(Math.sqrt(21 / 3), 12);
    expect(sd[1]).toBeCloseTo(Math.sqrt(((10 - 70 / 3) ** 2 + (20 - 70 / 3) ** 2 + (40 - 70 / 3) ** 2) / 2), 12);
  });

  it('merging the stats of random splits equals the stats of the whole, to 1e-12', () => {
    const random = rng(70423);
    for (let trial = 0; trial < 20; trial++) {
      const n = 5 + Math.floor(random() * 300);
      const all = cells(n, random);
      const whole = summarize(all);
      // split into 1…8 consecutive chunks of random sizes, some possibly empty
      const cuts = Array.from({ length: Math.floor(random() * 8) }, () => Math.floor(random() * (n + 1)));
      const bounds = [0, ...cuts.sort((a, b) => a - b), n];
      let merged = emptyStats();
      for (let k = 0; k + 1 < bounds.length; k++)
        merged = mergeStats(merged, summarize(all.subarray(bounds[k]! * 12, bounds[k + 1]! * 12)));
      expect(Array.from(merged.n)).toEqual(Array.from(whole.n));
      expectClose(merged.mean, whole.mean, 1e-12);
      expectClose(merged.m2, whole.m2, 1e-12);
    }
  });

  it('merge order does not matter and float32 input is accepted', () => {
    const random = rng(1);
    const a = summarize(Float32Array.from(cells(40, random)));
    const b = summarize(Float32Array.from(cells(70, random)));
    const ab = mergeStats(a, b);
    const ba = mergeStats(b, a);
    expectClose(ab.mean, ba.mean, 1e-14);
    expectClose(ab.m2, ba.m2, 1e-13);
  });

  it('SD is NaN below two values, mean NaN with none', () => {
    const s = summarize(Float64Array.from([5, NaN]), 2);
    const { mean, sd } = statsToMeanSd(s);
    expect(mean[0]).toBe(5);
    expect(sd[0]).toBeNaN();
    expect(mean[1]).toBeNaN();
    expect(() => summarize(new Float64Array(13))).toThrow(RangeError);
    expect(() => mergeStats(emptyStats(12), emptyStats(3))).toThrow(RangeError);
  });
});
