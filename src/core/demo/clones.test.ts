import { describe, expect, it } from 'vitest';
import { DEMO_POTENCIES, makeDemoClones } from './clones';

function pearson(a: number[], b: number[]): number {
  const ma = a.reduce((s, v) => s + v, 0) / a.length;
  const mb = b.reduce((s, v) => s + v, 0) / b.length;
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += (a[i]! - ma) * (b[i]! - mb);
    aa += (a[i]! - ma) ** 2;
    bb += (b[i]! - mb) ** 2;
  }
  return ab / Math.sqrt(aa * bb);
}
describe('demo clones', () => {
  const clones = makeDemoClones(1);

  it('has 15 clones named clone01..clone15 with the potency set spread over 7–13', () => {
    expect(clones.map((c) => c.id)).toEqual(
      Array.from({ length: 15 }, (_, i) => `clone${String(i + 1).padStart(2, '0')}`),
    );
    expect(clones.map((c) => c.potency).sort((a, b) => a - b)).toEqual([...DEMO_POTENCIES]);
    expect(new Set(clones.map((c) => c.potency))).toEqual(new Set([7, 8, 9, 10, 11, 12, 13]));
  });

  it('marks two middle-potency wells as bulk, with a mixed population', () => {
    const bulk = clones.filter((c) => c.group === 'bulk');
    expect(bulk).toHaveLength(2);
    for (const c of bulk) {
      expect(c.potency).toBe(10);
      expect(c.mixtureSd).toBeGreaterThan(0.3);
    }
    expect(clones.filter((c) => c.group === 'REC').every((c) => c.mixtureSd === 0)).toBe(true);
  });

  it('is deterministic per seed and differs between seeds', () => {
    expect(makeDemoClones(1)).toEqual(clones);
    const other = makeDemoClones(2);
    expect(other.map((c) => c.potency)).not.toEqual(clones.map((c) => c.potency));
  });

  it('ties the latent traits to potency the way the paper reports, with clone noise', () => {
    // Pool several seeds so the check is about the rule, not one draw.
    const pool = [1, 2, 3, 4].flatMap((s) => makeDemoClones(s)).filter((c) => c.group === 'REC');
    const p = pool.map((c) => c.potency);
    const r = (f: (c: (typeof pool)[number]) => number): number => pearson(pool.map(f), p);
    expect(r((c) => Math.log(c.traits.meanAreaPx))).toBeLessThan(-0.75); // high potency: small
    expect(r((c) => c.traits.areaLogSd)).toBeLessThan(-0.75); // … uniform
    expect(r((c) => c.traits.meanAspect)).toBeGreaterThan(0.75); // … spindle-shaped
    expect(r((c) => c.traits.textureLogSd)).toBeLessThan(-0.75); // … less texture spread
    // Growth is only weakly tied to potency (the paper: growth rate vs potency has a low R²).
    expect(Math.abs(r((c) => c.traits.divisionRatePerH))).toBeLessThan(0.6);
    // but not perfectly: clone-to-clone noise
    expect(r((c) => Math.log(c.traits.meanAreaPx))).toBeGreaterThan(-0.97);
    for (const c of pool) {
      expect(c.traits.meanAreaPx).toBeGreaterThan(250);
      expect(c.traits.meanAreaPx).toBeLessThan(2000);
      expect(c.traits.divisionRatePerH).toBeGreaterThanOrEqual(0.01);
      expect(c.traits.divisionRatePerH).toBeLessThanOrEqual(0.026);
    }
  });

  it('keeps 7 and 13 for other clone counts and rejects impossible ones', () => {
    for (const n of [2, 5, 30]) {
      const set = makeDemoClones(3, n);
      expect(set).toHaveLength(n);
      const ps = set.map((c) => c.potency);
      expect(Math.min(...ps)).toBe(7);
      expect(Math.max(...ps)).toBe(13);
    }
    expect(makeDemoClones(3, 5).some((c) => c.group === 'bulk')).toBe(false);
    expect(makeDemoClones(3, 100)[99]!.id).toBe('clone100');
    expect(() => makeDemoClones(1, 0)).toThrow(/1\.\.999/);
    expect(() => makeDemoClones(1, 2.5)).toThrow();
  });
});
