import { describe, expect, it } from 'vitest';
import { StreamingSummary } from './streamingSummary';
import { tTest, tTestFromSummaries } from './ttest';
import { mean, variance } from './describe';

describe('StreamingSummary', () => {
  it('gives the exact n, mean and variance and a bounded sample; the t-test from summaries equals the full one', () => {
    const xs = Array.from({ length: 5000 }, (_, i) => Math.sin(i) * 3 + i / 1000);
    const ys = Array.from({ length: 3000 }, (_, i) => Math.cos(i) * 2 + 2.45);
    const a = new StreamingSummary(100);
    const b = new StreamingSummary(100);
    xs.forEach((x) => a.add(x));
    ys.forEach((y) => b.add(y));
    expect(a.n).toBe(5000);
    expect(a.summary().mean).toBeCloseTo(mean(xs), 10);
    expect(a.summary().variance).toBeCloseTo(variance(xs), 9);
    expect(a.sample).toHaveLength(100);
    const full = tTest(xs, ys);
    const streamed = tTestFromSummaries(a.summary(), b.summary());
    expect(streamed.t).toBeCloseTo(full.t, 8);
    expect(streamed.df).toBeCloseTo(full.df, 6);
    expect(streamed.p / full.p).toBeCloseTo(1, 6);
  });
});
