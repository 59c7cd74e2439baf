import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeWithShared, sharedPath } from '../../testing/shared';
import { readNumericCsv } from './csv';
import { bwNrd0, kdeExact, kdeR42 } from './kde';

describe('bwNrd0', () => {
  it("follows R's fallbacks when min(sd, IQR/1.34) is 0", () => {
    // IQR 0 → sd.
    const tiedQuartiles = Float64Array.of(1, 1, 1, 1, 5);
    expect(bwNrd0(tiedQuartiles)).toBeCloseTo(1.1668727496187892, 14);
    // sd 0 → |first value|, then 1.
    expect(bwNrd0(Float64Array.of(-3, -3, -3))).toBeCloseTo(0.9 * 3 * 3 ** -0.2, 14);
    expect(bwNrd0(Float64Array.of(0, 0))).toBeCloseTo(0.9 * 2 ** -0.2, 14);
    expect(() => bwNrd0(Float64Array.of(1))).toThrow(/at least 2/);
  });
});

describe('kde on a hand-checkable case', () => {
  it('two points: exact sum of two Gaussians, integrating to ~1', () => {
    const kde = kdeExact(Float64Array.of(0, 1), { bw: 0.5, n: 401, from: -4, to: 5 });
    const at = (i: number) => kde.y[i]!;
    const g = (d: number) => Math.exp(-0.5 * (d / 0.5) ** 2) / (0.5 * Math.sqrt(2 * Math.PI));
    const i = 200; // x = 0.5
    expect(kde.x[i]).toBeCloseTo(0.5, 14);
    expect(at(i)).toBeCloseTo((g(0.5) + g(0.5)) / 2, 14);
    const dx = kde.x[1]! - kde.x[0]!;
    expect(kde.y.reduce((s, v) => s + v, 0) * dx).toBeCloseTo(1, 6);
  });
});

describeWithShared('kde vs R density() (shared/reference/kde.json)', () => {
  const ref = JSON.parse(readFileSync(sharedPath('reference/kde.json'), 'utf8')) as {
    bw: number;
    from: number;
    to: number;
    x: number[];
    y: number[];
    y_exact: number[];
  };
  const table = readNumericCsv(readFileSync(sharedPath('reference/cells/set18.csv'), 'utf8'));
  const logArea = table.column('area').map(Math.log10);

  it('bandwidth and x grid', () => {
    expect(logArea.length).toBe(52);
    const kde = kdeExact(logArea);
    expect(Math.abs(kde.bw - ref.bw) / ref.bw).toBeLessThanOrEqual(1e-12);
    expect(Math.abs(bwNrd0(logArea) - ref.bw) / ref.bw).toBeLessThanOrEqual(1e-12);
    expect(kde.x.length).toBe(512);
    kde.x.forEach((x, i) => expect(Math.abs(x - ref.x[i]!)).toBeLessThanOrEqual(1e-12));
  });

  it('kdeExact = the exact kernel sum (y_exact), relative 1e-9', () => {
    const { y } = kdeExact(logArea);
    let worst = 0;
    y.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - ref.y_exact[i]!) / ref.y_exact[i]!)));
    expect(worst).toBeLessThanOrEqual(1e-9);
  });

  it("kdeR42 = R 4.2's binned estimate (y), relative 1e-6 + 1e-9·max in the tails", () => {
    const kde = kdeR42(logArea);
    const maxY = Math.max(...ref.y);
    let worst = 0;
    kde.y.forEach((v, i) => {
      const want = ref.y[i]!;
      const err = Math.abs(v - want);
      expect(err, `y[${i}]`).toBeLessThanOrEqual(1e-6 * want + 1e-9 * maxY);
      if (want > 1e-3 * maxY) worst = Math.max(worst, err / want);
    });
    expect(worst).toBeLessThan(1e-6);
    kde.x.forEach((x, i) => expect(Math.abs(x - ref.x[i]!)).toBeLessThanOrEqual(1e-12));
    // And the two methods really differ (R's binning), by ~0.1 %, not by a bug-sized amount.
    const exact = kdeExact(logArea).y;
    const gap = Math.max(...kde.y.map((v, i) => (v > 1e-3 * maxY ? Math.abs(v - exact[i]!) / v : 0)));
    expect(gap).toBeGreaterThan(1e-4);
    expect(gap).toBeLessThan(2e-2);
  });
});
