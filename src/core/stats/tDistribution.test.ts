import { describe, expect, it } from 'vitest';
import { incompleteBeta, logGamma, studentTCdf, studentTTwoSidedP } from './tDistribution';

const rel = (got: number, want: number) => Math.abs(got - want) / Math.abs(want);

describe('t distribution', () => {
  it('log-gamma matches known values', () => {
    expect(rel(logGamma(0.5), Math.log(Math.sqrt(Math.PI)))).toBeLessThan(1e-14);
    expect(Math.abs(logGamma(1))).toBeLessThan(1e-15);
    expect(rel(logGamma(10), Math.log(362880))).toBeLessThan(1e-14);
    expect(rel(logGamma(46.5), 131.03553699956865)).toBeLessThan(1e-14); // lgamma(46.5) in R/Python
    expect(rel(logGamma(0.1), 2.2527126517342055)).toBeLessThan(1e-13);
  });

  it('incomplete beta: closed forms', () => {
    // I_x(a, 1) = x^a and I_x(1, b) = 1 − (1 − x)^b.
    expect(rel(incompleteBeta(0.3, 2.5, 1), 0.3 ** 2.5)).toBeLessThan(1e-13);
    expect(rel(incompleteBeta(0.7, 1, 4), 1 - 0.3 ** 4)).toBeLessThan(1e-13);
    expect(incompleteBeta(0, 2, 3)).toBe(0);
    expect(incompleteBeta(1, 2, 3)).toBe(1);
  });

  it('CDF agrees with closed forms for 1 and 2 df', () => {
    for (const t of [-30, -2.5, -0.4, 0, 0.7, 3, 50]) {
      expect(Math.abs(studentTCdf(t, 1) - (0.5 + Math.atan(t) / Math.PI))).toBeLessThan(1e-14);
      expect(Math.abs(studentTCdf(t, 2) - (0.5 + t / (2 * Math.sqrt(2 + t * t))))).toBeLessThan(1e-14);
    }
  });

  it('CDF at known values (R pt / scipy t.cdf)', () => {
    const cases: [number, number, number][] = [
      [2.0, 10, 0.9633059826146299],
      [-1.69193, 92.9906, 0.047003918207905705],
      [-8, 3, 0.002038288793892733],
      [-40, 5, 9.205981085886477e-8],
      [0.3, 2.5, 0.6063288142524014],
      [-3, 150, 0.0015811383041614581],
      [1.5, 0.7, 0.7798174514903798],
      [-12, 30, 2.7900927075996303e-13],
    ];
    for (const [t, df, want] of cases) expect(rel(studentTCdf(t, df), want), `pt(${t}, ${df})`).toBeLessThan(1e-12);
    expect(studentTCdf(Infinity, 4)).toBe(1);
    expect(studentTCdf(-Infinity, 4)).toBe(0);
  });

  it('two-sided p = 2·pt(−|t|)', () => {
    expect(rel(studentTTwoSidedP(-12, 30), 2 * 2.7900927075996303e-13)).toBeLessThan(1e-12);
    expect(rel(studentTTwoSidedP(2, 10), 2 * (1 - 0.9633059826146299))).toBeLessThan(1e-12);
    expect(studentTTwoSidedP(0, 7)).toBe(1);
  });
});
