import { describe, expect, it } from 'vitest';
import {
  cloneGrowth,
  DEFAULT_PLAN_INPUTS,
  foldFor,
  foldFromGrowth,
  normalCdf,
  planClone,
  planPortfolio,
  potencyAtRisk,
  predictionCdf,
  predictionQuantile,
  type PlanInputs,
} from './plan';

// The case: F = 4, lower bound 9.2, R = 3, p0 = 3, N0 = 1e6, 1e6 cells per vial, all carried on.
const inputs: PlanInputs = { ...DEFAULT_PLAN_INPUTS, startPassage: 3, startCells: 1e6, vialCells: 1e6, reserve: 3, carryFraction: 1, risk: 'lower' };
const entered = (fold: number) => ({ fold, source: 'entered' });
const z95 = 1.6448536;

describe('planClone', () => {
  it('F = 4, lower 9.2, R = 3: bank at 6 with 6.4e7 cells, 64 vials', () => {
    const p = planClone('a', { prediction: 10, lo: 9.2, hi: 10.8 }, entered(4), inputs);
    expect(p.status).toBe('bank');
    expect(p.bankPassage).toBe(6); // ⌊9.2 − 3⌋
    expect(p.cells).toBeCloseTo(6.4e7, 0); // 1e6 · 4^(6−3)
    expect(p.vials).toBe(64);
    expect(p.remaining![0]).toBeCloseTo(3.2, 12);
    expect(p.remaining![1]).toBeCloseTo(4, 12);
    expect(p.remaining![2]).toBeCloseTo(4.8, 12);
    // P(potency < 9), sd = 0.8 / z(0.95)
    expect(p.risk!).toBeCloseTo(normalCdf(-1 / (0.8 / z95)), 6);
    expect(p.risk!).toBeCloseTo(0.0199, 3);
    expect(p.candidates.map((c) => c.passage)).toEqual([3, 4, 5, 6, 7, 8, 9, 10]);
    expect(p.candidates.map((c) => c.vials)).toEqual([1, 4, 16, 64, 256, 1024, 4096, 16384]);
  });

  it('a larger reserve moves the bank earlier', () => {
    const p = planClone('a', { prediction: 10, lo: 9.2, hi: 10.8 }, entered(4), { ...inputs, reserve: 4 });
    expect(p.bankPassage).toBe(5);
    expect(p.vials).toBe(16);
  });

  it('the carried fraction shrinks the expansion: N0 · (s·F)^(b − p0)', () => {
    const p = planClone('a', { prediction: 10, lo: 9.2, hi: 10.8 }, entered(4), { ...inputs, carryFraction: 0.5 });
    expect(p.cells).toBeCloseTo(8e6, 0);
    expect(p.vials).toBe(8);
  });

  it('an interval below p0 + R: do not bank', () => {
    const p = planClone('a', { prediction: 6.5, lo: 5.9, hi: 7.1 }, entered(4), inputs);
    expect(p.status).toBe('do-not-bank');
    expect(p.bankPassage).toBeNull();
    expect(p.vials).toBeNull();
    expect(p.note).toContain('do not bank');
    expect(p.risk!).toBeCloseTo(normalCdf(-0.5 / (0.6 / z95)), 6); // P(potency < p0 + R = 6)
  });

  it('F ≤ 1: no expansion, bank at p0', () => {
    const p = planClone('a', { prediction: 10, lo: 9.2, hi: 10.8 }, entered(1), inputs);
    expect(p.status).toBe('bank');
    expect(p.bankPassage).toBe(3);
    expect(p.cells).toBe(1e6);
    expect(p.vials).toBe(1);
    expect(p.note).toContain('no expansion');
    const q = planClone('a', { prediction: 10, lo: 9.2, hi: 10.8 }, entered(0.8), inputs);
    expect(q.bankPassage).toBe(3);
    expect(q.cells).toBe(1e6);
  });

  it('missing growth: the passage is given, the size is not', () => {
    const fold = foldFor('a', undefined, inputs);
    expect(fold.fold).toBeNaN();
    const p = planClone('a', { prediction: 10, lo: 9.2, hi: 10.8 }, fold, inputs);
    expect(p.status).toBe('no-growth');
    expect(p.bankPassage).toBe(6);
    expect(p.cells).toBeNull();
    expect(p.vials).toBeNull();
    expect(p.note).toContain('enter a fold');
  });

  it('no prediction: nothing planned', () => {
    const p = planClone('a', { prediction: NaN, lo: NaN, hi: NaN }, entered(4), inputs);
    expect(p.status).toBe('no-prediction');
  });

  it('quantile risk levels: q05 is the 90 % interval lower bound, q10 lies above it', () => {
    const d = { prediction: 10, lo: 9.2, hi: 10.8 };
    expect(potencyAtRisk(d, 'q05')).toBeCloseTo(9.2, 6);
    expect(potencyAtRisk(d, 'q10')).toBeCloseTo(10 - 1.2815516 * (0.8 / z95), 6);
    // q10 = 9.377: still b* = 6; with lower 9.0 → 6 at 'lower', q10 = 9.22 → 6.
    expect(planClone('a', { prediction: 10.4, lo: 8.9, hi: 11.9 }, entered(4), inputs).bankPassage).toBe(5);
    expect(planClone('a', { prediction: 10.4, lo: 8.9, hi: 11.9 }, entered(4), { ...inputs, risk: 'q10' }).bankPassage).toBe(6);
  });

  it('asymmetric intervals: each side keeps its own spread', () => {
    const d = { prediction: 10, lo: 9, hi: 12 };
    expect(predictionQuantile(d, 0.05)).toBeCloseTo(9, 6);
    expect(predictionQuantile(d, 0.95)).toBeCloseTo(12, 6);
    expect(predictionCdf(d, 10)).toBeCloseTo(0.5, 6);
    expect(predictionCdf(d, 12)).toBeCloseTo(0.95, 6);
  });
});

describe('growth → fold', () => {
  it('F = 2^(T / doubling time) from the log-linear growth rate', () => {
    const rate = Math.LN2 / 24; // doubling every 24 h
    const images = [6, 30, 54, 78].flatMap((t) => [0, 1].map((fov) => ({ clone: 'a', timeH: t, fov, cells: 10 * 2 ** ((t - 6) / 24) })));
    const g = cloneGrowth(images).get('a')!;
    expect(g.ratePerH).toBeCloseTo(rate, 12);
    expect(g.doublingH).toBeCloseTo(24, 9);
    expect(foldFromGrowth(g.ratePerH, 168)).toBeCloseTo(128, 6); // 2^7
    const f = foldFor('a', g, inputs);
    expect(f.fold).toBeCloseTo(128, 6);
    expect(f.source).toContain('doubling 24.0 h');
    expect(foldFor('a', g, { ...inputs, folds: { a: 3 } })).toEqual({ fold: 3, source: 'entered' });
  });

  it('one time point: no growth', () => {
    expect(cloneGrowth([{ clone: 'a', timeH: 6, cells: 10 }]).get('a')!.ratePerH).toBeNaN();
  });
});

describe('planPortfolio', () => {
  it('greedy by risk until the target is reached', () => {
    const plan = (clone: string, prediction: number, lo: number) => planClone(clone, { prediction, lo, hi: 2 * prediction - lo }, entered(4), inputs);
    const plans = [plan('low', 10, 9.2), plan('safe', 12, 11.5), plan('mid', 11, 10.1), plan('none', 6, 5)];
    const p = planPortfolio(plans, 1000);
    // safe: b* = 8, 1024 vials, risk P(<11) tiny → reaches the target alone.
    expect(p.clones).toEqual(['safe']);
    expect(p.vials).toBe(1024);
    expect(p.reached).toBe(true);
    const all = planPortfolio(plans, 1e6);
    expect(all.clones).toEqual(['safe', 'low', 'mid']); // low: P(<9) = 2.0 %, mid: P(<10) = 3.4 %
    expect(all.reached).toBe(false);
    expect(all.text).toContain('falls short');
  });
});
