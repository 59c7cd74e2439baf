import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it, vi } from 'vitest';
import { describeWithShared, sharedPath } from '../testing/shared.ts';
import { computeModel, run } from './commands/model.ts';

interface NestedOut {
  lambda_min: Record<string, number>;
  lambda_min_index: Record<string, number>;
  predictions: Record<string, number>;
  rmse: number;
}

describeWithShared('cli model lasso', () => {
  const csv = sharedPath('reference', 'profiles.csv');
  const nested = JSON.parse(readFileSync(sharedPath('reference', 'glmnet_nested_loocv.json'), 'utf8')) as {
    lambda_min: number[];
    lambda_min_index: number[];
    prediction: number[];
    rmse: number;
  };
  const fixed = JSON.parse(readFileSync(sharedPath('reference', 'glmnet_loocv_fixed.json'), 'utf8')) as {
    lambda: number;
    prediction: number[];
    rmse: number;
  };
  const dir = mkdtempSync(join(tmpdir(), 'model-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('--nested prints λ per clone, predictions per clone and RMSE 0.7621', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    let code: number;
    let printed: string;
    try {
      code = await run(['lasso', csv, '--target', 'potency', '--nested']);
      printed = String(log.mock.calls[0]![0]);
    } finally {
      log.mockRestore();
    }
    expect(code).toBe(0);
    const out = JSON.parse(printed) as NestedOut;
    const clones = Object.keys(out.predictions);
    expect(clones).toHaveLength(15);
    expect(clones.map((c) => out.lambda_min_index[c])).toEqual(nested.lambda_min_index);
    clones.forEach((c, i) => {
      expect(Math.abs(out.lambda_min[c]! / nested.lambda_min[i]! - 1)).toBeLessThan(1e-10);
      expect(Math.abs(out.predictions[c]! - nested.prediction[i]!)).toBeLessThan(1e-4);
    });
    expect(Math.abs(out.rmse - nested.rmse)).toBeLessThan(1e-4);
  });

  it('--lambda L --loocv matches the fixed-λ reference; --path gives the 98-λ path', () => {
    const loo = computeModel(['lasso', csv, '--lambda', String(fixed.lambda), '--loocv']) as {
      predictions: Record<string, number>;
      rmse: number;
    };
    Object.values(loo.predictions).forEach((v, i) => expect(Math.abs(v - fixed.prediction[i]!)).toBeLessThan(1e-4));
    expect(Math.abs(loo.rmse - fixed.rmse)).toBeLessThan(1e-5);

    const path = computeModel(['lasso', csv, '--path']) as {
      lambda: number[];
      intercept: number[];
      coef: Record<string, number[]>;
    };
    expect(path.lambda).toHaveLength(98);
    expect(path.intercept[0]).toBeCloseTo(9.8, 12);
    expect(path.coef['breadth_sd_048h']).toHaveLength(98);
    expect(path.coef['breadth_sd_048h']![1]).toBeGreaterThan(0); // the first column to enter
    expect(path.coef['area_mean_006h']).toBeUndefined(); // never selected
  });

  it('reads potencies from a separate file and reports errors with exit code 2', async () => {
    const profiles = join(dir, 'profiles.csv');
    const targets = join(dir, 'potency.csv');
    const lines = readFileSync(csv, 'utf8').trim().split('\n');
    const cells = lines.map((l) => l.split(','));
    writeFileSync(profiles, cells.map((c) => c.slice(0, -1).join(',')).join('\n'));
    writeFileSync(targets, ['clone,potency', ...cells.slice(1).map((c) => `${c[0]},${c[c.length - 1]}`)].join('\n'));
    const out = computeModel([
      'lasso',
      profiles,
      '--target-file',
      targets,
      '--lambda',
      String(fixed.lambda),
      '--loocv',
    ]) as {
      rmse: number;
    };
    expect(Math.abs(out.rmse - fixed.rmse)).toBeLessThan(1e-5);

    const err = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      expect(await run(['lasso', csv, '--loocv'])).toBe(2);
      expect(String(err.mock.calls[0]![0])).toMatch(/--loocv needs one --lambda/);
      expect(await run(['lasso', profiles, '--nested'])).toBe(2);
      expect(String(err.mock.calls[1]![0])).toMatch(/no target column "potency"/);
      expect(await run(['forest', csv])).toBe(2);
      expect(String(err.mock.calls[2]![0])).toMatch(/unknown model "forest"/);
    } finally {
      err.mockRestore();
    }
  });
});
