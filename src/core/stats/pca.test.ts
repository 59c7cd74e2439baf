import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeWithShared, sharedPath } from '../../testing/shared';
import { readNumericCsv } from './csv';
import { jacobiSvd } from './jacobiSvd';
import { pca, project } from './pca';

/** Largest |got − sign·want| after flipping got to point the same way as want. */
function alignedError(got: ArrayLike<number>, want: ArrayLike<number>): number {
  let dot = 0;
  for (let i = 0; i < want.length; i++) dot += got[i]! * want[i]!;
  const sign = dot < 0 ? -1 : 1;
  let worst = 0;
  for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(sign * got[i]! - want[i]!));
  return worst;
}

const component = (m: Float64Array, rows: number, k: number, pc: number) =>
  Float64Array.from({ length: rows }, (_, r) => m[r * k + pc]!);

describe('jacobiSvd', () => {
  it('reconstructs a small matrix with orthonormal factors', () => {
    const cols = [Float64Array.of(1, 2, 0, 1), Float64Array.of(0, 1, 3, -1), Float64Array.of(2, 0, 1, 1)];
    const { sigma, u, v } = jacobiSvd(cols);
    expect(sigma[0]!).toBeGreaterThanOrEqual(sigma[1]!);
    expect(sigma[1]!).toBeGreaterThanOrEqual(sigma[2]!);
    for (let i = 0; i < 4; i++)
      for (let j = 0; j < 3; j++) {
        let sum = 0;
        for (let c = 0; c < 3; c++) sum += u[c]![i]! * sigma[c]! * v[c]![j]!;
        expect(sum).toBeCloseTo(cols[j]![i]!, 13);
      }
    for (let a = 0; a < 3; a++)
      for (let b = 0; b < 3; b++) {
        const d = u[a]!.reduce((s, x, i) => s + x * u[b]![i]!, 0);
        expect(d).toBeCloseTo(a === b ? 1 : 0, 13);
      }
    // Σσ² = squared Frobenius norm = 1+4+1 + 1+9+1 + 4+1+1 = 23.
    expect(sigma.reduce((s, x) => s + x * x, 0)).toBeCloseTo(23, 12);
  });
});

describe('pca on small data', () => {
  it('two standardised columns with correlation r have component variances 1 ± r', () => {
    const x = [1, 2, 3, 4, 6];
    const y = [2, 1, 4, 3, 7];
    const matrix = Float64Array.from(x.flatMap((xi, i) => [xi, y[i]!]));
    const model = pca(matrix, 5, 2);
    const mx = 3.2,
      my = 3.4;
    const sxy = x.reduce((s, xi, i) => s + (xi - mx) * (y[i]! - my), 0);
    const sxx = x.reduce((s, xi) => s + (xi - mx) ** 2, 0);
    const syy = y.reduce((s, yi) => s + (yi - my) ** 2, 0);
    const r = sxy / Math.sqrt(sxx * syy);
    expect(model.nComponents).toBe(2);
    expect(model.sdev[0]! ** 2).toBeCloseTo(1 + r, 13);
    expect(model.sdev[1]! ** 2).toBeCloseTo(1 - r, 13);
    expect(Math.abs(model.rotation[0]!)).toBeCloseTo(Math.SQRT1_2, 13);
    expect(model.varianceExplained[0]!).toBeCloseTo((1 + r) / 2, 13);
  });

  it('drops constant columns instead of failing, and projects new rows on the same axes', () => {
    // 4 clones × 3 columns; the middle column is constant.
    const matrix = Float64Array.of(1, 7, 10, 2, 7, 30, 4, 7, 20, 5, 7, 45);
    const model = pca(matrix, 4, 3);
    expect(model.droppedColumns).toEqual([1]);
    expect(model.nComponents).toBe(2);
    expect(model.rotation[1 * 2 + 0]).toBe(0);
    expect(model.rotation[1 * 2 + 1]).toBe(0);
    // Total variance of 2 standardised columns is 2.
    expect(model.sdev[0]! ** 2 + model.sdev[1]! ** 2).toBeCloseTo(2, 13);
    const again = project(model, matrix);
    again.forEach((v, i) => expect(v).toBeCloseTo(model.scores[i]!, 12));
    // The column means project to the origin, whatever the constant column holds.
    const centre = project(model, Float64Array.of(3, 99, 26.25));
    expect(centre[0]).toBeCloseTo(0, 13);
    expect(centre[1]).toBeCloseTo(0, 13);
  });

  it('refuses non-finite values with their position', () => {
    expect(() => pca(Float64Array.of(1, 2, NaN, 4), 2, 2)).toThrow(/row 2, column 1/);
  });
});

describeWithShared('pca vs R prcomp (shared/reference/pca.json)', () => {
  const ref = JSON.parse(readFileSync(sharedPath('reference/pca.json'), 'utf8')) as Record<string, number[]> & {
    columns: string[];
    clones: string[];
  };
  const table = readNumericCsv(readFileSync(sharedPath('reference/profiles.csv'), 'utf8'));
  const columns = ref.columns;
  const n = table.rows.length;
  const p = columns.length;
  const matrix = new Float64Array(n * p);
  columns.forEach((name, j) => table.column(name).forEach((v, r) => (matrix[r * p + j] = v)));
  const model = pca(matrix, n, p);
  const k = model.nComponents;

  it('profiles.csv is read as 15 clones × 360 columns in the reference order', () => {
    expect(n).toBe(15);
    expect(p).toBe(360);
    expect(table.header.filter((h) => h !== 'clone' && h !== 'potency')).toEqual(columns);
    expect(table.rows.map((r) => r[0])).toEqual(ref.clones);
  });

  it('sdev: relative 1e-9 for the 14 non-null components; the 15th is ~0', () => {
    expect(model.sdev.length).toBe(15);
    for (let i = 0; i < 14; i++) {
      expect(Math.abs(model.sdev[i]! - ref.sdev![i]!) / ref.sdev![i]!, `sdev[${i}]`).toBeLessThanOrEqual(1e-9);
    }
    expect(model.sdev[14]!).toBeLessThan(1e-10);
    model.varianceExplained.forEach((v, i) =>
      expect(Math.abs(v - ref.variance_explained![i]!)).toBeLessThanOrEqual(1e-12),
    );
  });

  it('loadings and scores of PC1–PC3: absolute 1e-8 after sign alignment', () => {
    for (let pc = 0; pc < 3; pc++) {
      const loadings = component(model.rotation, p, k, pc);
      const scores = component(model.scores, n, k, pc);
      expect(alignedError(loadings, ref[`rotation_pc${pc + 1}`]!)).toBeLessThanOrEqual(1e-8);
      expect(alignedError(scores, ref[`scores_pc${pc + 1}`]!)).toBeLessThanOrEqual(1e-8);
    }
  });

  it('projecting the fitted rows gives back their scores (fixed axes)', () => {
    const projected = project(model, matrix);
    let worst = 0;
    projected.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - model.scores[i]!))));
    expect(worst).toBeLessThan(1e-10);
  });
});
