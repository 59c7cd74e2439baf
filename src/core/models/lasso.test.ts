import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createRandom } from '../demo/random';
import { describeWithShared, sharedPath } from '../../testing/shared';
import { fitLassoPath, predictLasso, type LassoPath } from './lasso';
import { parseProfilesCsv } from './profilesCsv';

interface GlmnetPathRef {
  n_lambda: number;
  lambda: number[];
  a0: number[];
  df: number[];
  dev_ratio: number[];
  nulldev: number;
  conv_max_abs_diff: number[];
  conv_max_abs_diff_std: number[];
  conv_a0_abs_diff: number[];
  beta: Record<string, number>[];
}

/** Largest error beyond the reference tolerance per λ (≤ 0 means within), and the raw maxima. */
function compareWithGlmnet(fit: LassoPath, ref: GlmnetPathRef, columns: string[]) {
  const at = new Map(columns.map((c, j) => [c, j] as const));
  const out = {
    lambdaRel: 0,
    devRatio: 0,
    coefOrig: 0,
    coefStd: 0,
    a0: 0,
    excessOrig: -1,
    excessStd: -1,
    excessA0: -1,
    activeMismatches: 0,
  };
  ref.lambda.forEach((lam, k) => {
    out.lambdaRel = Math.max(out.lambdaRel, Math.abs(fit.lambda[k]! / lam - 1));
    out.devRatio = Math.max(out.devRatio, Math.abs(fit.devRatio[k]! - ref.dev_ratio[k]!));
    const refBeta = new Float64Array(columns.length);
    for (const [c, v] of Object.entries(ref.beta[k]!)) refBeta[at.get(c)!] = v;
    let orig = 0;
    let std = 0;
    for (let j = 0; j < columns.length; j++) {
      const b = fit.beta[k]![j]!;
      if ((b !== 0) !== (refBeta[j] !== 0)) out.activeMismatches++;
      orig = Math.max(orig, Math.abs(b - refBeta[j]!));
      std = Math.max(std, Math.abs(b - refBeta[j]!) * fit.sds[j]!);
    }
    const a0 = Math.abs(fit.a0[k]! - ref.a0[k]!);
    out.coefOrig = Math.max(out.coefOrig, orig);
    out.coefStd = Math.max(out.coefStd, std);
    out.a0 = Math.max(out.a0, a0);
    out.excessOrig = Math.max(out.excessOrig, orig - (1e-5 + ref.conv_max_abs_diff[k]!));
    out.excessStd = Math.max(out.excessStd, std - (1e-6 + ref.conv_max_abs_diff_std[k]!));
    out.excessA0 = Math.max(out.excessA0, a0 - (1e-5 + ref.conv_a0_abs_diff[k]!));
  });
  return out;
}

describeWithShared('LASSO path against glmnet 4.1-6 (glmnet_path.json)', () => {
  const table = parseProfilesCsv(readFileSync(sharedPath('reference', 'profiles.csv'), 'utf8'));
  const ref = JSON.parse(readFileSync(sharedPath('reference', 'glmnet_path.json'), 'utf8')) as GlmnetPathRef;
  const n = table.clones.length;
  const p = table.columns.length;
  const y = table.y!;

  it('coordinate descent reproduces glmnet: 98 λ, df, active sets, deviance, coefficients to 1e-9', () => {
    const fit = fitLassoPath(table.x, n, p, y);
    expect(fit.solver).toBe('glmnet');
    expect(ref.n_lambda).toBe(98);
    expect(fit.lambda).toHaveLength(98); // early stop: dev.ratio 0.99906 > 0.999 at λ 98
    expect(fit.df).toEqual(ref.df);
    expect(fit.nullDev).toBeCloseTo(30.4, 12);
    expect(fit.dropped).toEqual([]);
    const c = compareWithGlmnet(fit, ref, table.columns);
    expect(c.lambdaRel).toBeLessThan(1e-12);
    expect(c.activeMismatches).toBe(0);
    expect(c.devRatio).toBeLessThan(1e-6);
    expect(c.excessOrig).toBeLessThanOrEqual(0);
    expect(c.excessStd).toBeLessThanOrEqual(0);
    expect(c.excessA0).toBeLessThanOrEqual(0);
    // Same algorithm and stopping rule as glmnet, so even its unconverged tail (4e-3 from the
    // minimiser at λ 97) is reproduced: measured 8e-11 original scale, 2e-11 intercept.
    expect(c.coefOrig).toBeLessThan(1e-9);
    expect(c.a0).toBeLessThan(1e-9);
    expect(c.devRatio).toBeLessThan(1e-12);
  });

  it('the exact solver gives the converged minimiser, within the reference tolerances', () => {
    const fit = fitLassoPath(table.x, n, p, y, { solver: 'exact' });
    expect(fit.solver).toBe('exact');
    expect(fit.lambda).toHaveLength(98);
    expect(fit.df).toEqual(ref.df);
    const c = compareWithGlmnet(fit, ref, table.columns);
    expect(c.lambdaRel).toBeLessThan(1e-12);
    expect(c.activeMismatches).toBe(0);
    expect(c.devRatio).toBeLessThan(1e-6);
    expect(c.excessOrig).toBeLessThanOrEqual(0);
    expect(c.excessStd).toBeLessThanOrEqual(0);
    expect(c.excessA0).toBeLessThanOrEqual(0);
    // glmnet's own distance from the minimiser, README §3: 4.0e-3 original, 1.5e-4 standardised
    expect(c.coefOrig).toBeGreaterThan(3.9e-3);
    expect(c.coefOrig).toBeLessThan(4.1e-3);
  });

  it('an explicit λ sequence is fitted in full (no early stop), and one λ alone gives that λ of the path', () => {
    const lambda = [...ref.lambda, 0.01, 0.012]; // unsorted on purpose
    const fit = fitLassoPath(table.x, n, p, y, { lambda, solver: 'exact' });
    expect(fit.lambda).toHaveLength(100);
    expect(fit.lambda[99]).toBe(0.01);
    expect(fit.devRatio[99]).toBeGreaterThan(0.999);
    const one = fitLassoPath(table.x, n, p, y, { lambda: [ref.lambda[29]!] });
    expect(one.lambda).toEqual([ref.lambda[29]]);
    expect(one.df).toEqual([ref.df[29]]);
    for (const [c, v] of Object.entries(ref.beta[29]!))
      expect(Math.abs(one.beta[0]![table.columns.indexOf(c)]! - v)).toBeLessThan(1e-5 + ref.conv_max_abs_diff[29]!);
  });

  it('predicts a row as intercept + x·β', () => {
    const fit = fitLassoPath(table.x, n, p, y, { solver: 'exact' });
    const row = table.x.subarray(3 * p, 4 * p);
    let manual = fit.a0[29]!;
    for (let j = 0; j < p; j++) manual += fit.beta[29]![j]! * row[j]!;
    expect(predictLasso(fit, 29, row)).toBeCloseTo(manual, 12);
    expect(predictLasso(fit, 0, row)).toBeCloseTo(9.8, 12); // λ_max: the mean potency
    expect(() => predictLasso(fit, 200, row)).toThrow(/does not exist/);
  });
});

/** A small problem with a known sparse truth. */
function synthetic(n: number, p: number, seed: number) {
  const r = createRandom(seed);
  const x = new Float64Array(n * p);
  for (let i = 0; i < x.length; i++) x[i] = r.normal(0, 1) * (1 + (i % p)) + 3 * (i % p);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) y[i] = 2 * x[i * p]! - 0.5 * x[i * p + 3]! + r.normal(0, 1);
  return { x, y };
}

describe('LASSO solvers on synthetic data', () => {
  it('coordinate descent (tight threshold) and homotopy agree on the minimiser, n > p and n < p', () => {
    for (const [n, p] of [
      [40, 10],
      [12, 30],
    ] as const) {
      const { x, y } = synthetic(n, p, n + p);
      const cd = fitLassoPath(x, n, p, y, { thresh: 1e-24, solver: 'glmnet' });
      const ex = fitLassoPath(x, n, p, y, { solver: 'exact' });
      expect(ex.lambda).toEqual(cd.lambda);
      expect(ex.df).toEqual(cd.df);
      let worst = 0;
      cd.beta.forEach((b, k) => {
        for (let j = 0; j < p; j++) worst = Math.max(worst, Math.abs(b[j]! - ex.beta[k]![j]!) * cd.sds[j]!);
      });
      expect(worst).toBeLessThan(1e-7);
      // KKT of the exact solution at λ 20 on the standardised scale: |z_jᵀr|/n ≤ λ, = λ on the active set
      const k = 20;
      const lam = ex.lambda[k]!;
      for (let j = 0; j < p; j++) {
        let g = 0;
        for (let i = 0; i < n; i++) {
          let fitted = ex.a0[k]!;
          for (let l = 0; l < p; l++) fitted += ex.beta[k]![l]! * x[i * p + l]!;
          g += ((x[i * p + j]! - ex.means[j]!) / ex.sds[j]!) * (y[i]! - fitted);
        }
        g /= n;
        if (ex.beta[k]![j] !== 0) expect(Math.abs(Math.abs(g) - lam)).toBeLessThan(1e-10);
        else expect(Math.abs(g)).toBeLessThanOrEqual(lam * (1 + 1e-10));
      }
    }
  });

  it('leaves constant columns out with a note, and gives the same fit as without them', () => {
    const n = 20;
    const p = 6;
    const { x, y } = synthetic(n, p, 7);
    const withConst = new Float64Array(n * (p + 1));
    for (let i = 0; i < n; i++) {
      withConst.set(x.subarray(i * p, (i + 1) * p), i * (p + 1));
      withConst[i * (p + 1) + p] = 4.5;
    }
    const a = fitLassoPath(x, n, p, y);
    const b = fitLassoPath(withConst, n, p + 1, y);
    expect(b.dropped).toEqual([p]);
    expect(b.notes.join(' ')).toMatch(/constant column/);
    expect(b.lambda).toEqual(a.lambda);
    b.beta.forEach((beta, k) => {
      expect(beta[p]).toBe(0);
      for (let j = 0; j < p; j++) expect(beta[j]).toBeCloseTo(a.beta[k]![j]!, 12);
    });
  });

  it('rejects bad input with clear messages', () => {
    const x = new Float64Array([1, 2, 3, 4, 5, 6]);
    expect(() => fitLassoPath(x, 3, 2, new Float64Array([1, 1, 1]))).toThrow(/y is constant/);
    expect(() => fitLassoPath(x, 3, 2, new Float64Array([1, 2]))).toThrow(/y has 2 values/);
    const bad = Float64Array.from(x);
    bad[3] = NaN;
    expect(() => fitLassoPath(bad, 3, 2, new Float64Array([1, 2, 3]))).toThrow(/row 2, column 2/);
    expect(() => fitLassoPath(x, 3, 2, new Float64Array([1, 2, 3]), { lambda: [-1] })).toThrow(/λ must be/);
  });
});
