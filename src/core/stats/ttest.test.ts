import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeWithShared, sharedPath } from '../../testing/shared';
import { readNumericCsv } from './csv';
import { tTest } from './ttest';

const rel = (got: number, want: number) => Math.abs(got - want) / Math.abs(want);

describe('tTest on small data', () => {
  it('equal spreads: Welch and pooled agree when n and variances match', () => {
    const x = Float64Array.of(1, 2, 3, 4, 5);
    const y = Float64Array.of(3, 4, 5, 6, 7);
    const welch = tTest(x, y);
    const pooled = tTest(x, y, { equalVar: true });
    // mean difference −2, se = sqrt(2.5/5 + 2.5/5) = 1, so t = −2 on 8 df either way.
    expect(welch.t).toBeCloseTo(-2, 14);
    expect(welch.df).toBeCloseTo(8, 12);
    expect(pooled.t).toBeCloseTo(-2, 14);
    expect(pooled.df).toBe(8);
    expect(welch.p).toBeCloseTo(0.08051623795726, 12); // 2 * pt(-2, 8)
    expect(welch.meanX).toBe(3);
    expect(welch.meanY).toBe(5);
  });

  it('refuses too few or constant data', () => {
    expect(() => tTest(Float64Array.of(1), Float64Array.of(1, 2))).toThrow(/not enough x/);
    expect(() => tTest(Float64Array.of(2, 2), Float64Array.of(2, 2))).toThrow(/essentially constant/);
  });
});

describeWithShared('tTest vs R t.test (shared/reference/ttest.json)', () => {
  const ref = JSON.parse(readFileSync(sharedPath('reference/ttest.json'), 'utf8')) as Record<string, number>;
  const logArea = (set: string) =>
    readNumericCsv(readFileSync(sharedPath(`reference/cells/${set}.csv`), 'utf8'))
      .column('area')
      .map(Math.log10);
  const x = logArea('set18');
  const y = logArea('set22');

  it('Welch', () => {
    const r = tTest(x, y);
    expect(rel(r.t, ref.welch_statistic!)).toBeLessThanOrEqual(1e-10);
    expect(rel(r.df, ref.welch_df!)).toBeLessThanOrEqual(1e-10);
    expect(rel(r.p, ref.welch_p_value!)).toBeLessThanOrEqual(1e-8);
    expect(rel(r.meanX, ref.mean_x!)).toBeLessThanOrEqual(1e-14);
    expect(rel(r.meanY, ref.mean_y!)).toBeLessThanOrEqual(1e-14);
  });

  it('pooled (var.equal = TRUE)', () => {
    const r = tTest(x, y, { equalVar: true });
    expect(rel(r.t, ref.pooled_statistic!)).toBeLessThanOrEqual(1e-10);
    expect(r.df).toBe(ref.pooled_df);
    expect(rel(r.p, ref.pooled_p_value!)).toBeLessThanOrEqual(1e-8);
  });
});
