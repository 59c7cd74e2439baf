/** `plan`: the hand-worked case without a model, and a model + analysis with a known growth. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { imageStatsFileText, imageStatsRecord } from '../core/profiles';
import { DEFAULT_SEGMENTATION_PARAMS, paramsHash } from '../core/segmentation';
import { syntheticImageStats } from '../testing/syntheticStats';
import { run as plan } from './commands/plan';
import { run as train } from './commands/train';

const root = mkdtempSync(join(tmpdir(), 'plan-cli-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function capture(args: string[], fn = plan) {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  const error = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  try {
    return { code: await fn(args), stdout: out.join('\n'), stderr: err.join('\n') };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

interface PlanOut {
  clones: Record<string, { bank_passage: number | null; cells: number | null; vials: number | null; remaining: number[] | null; risk: number | null; fold: number | null; status: string }>;
  portfolio?: { clones: string[]; vials: number };
}

describe('npm run cli -- plan', () => {
  it('--potency 10 --lower 9.2 --fold 4: bank at 6, 6.4e7 cells, 64 vials', async () => {
    const r = await capture(['--potency', '10', '--lower', '9.2', '--fold', '4', '--start-passage', '3', '--start-cells', '1e6', '--vial-cells', '1e6', '--reserve', '3', '--risk', 'lower']);
    expect(r.code).toBe(0);
    const c = (JSON.parse(r.stdout) as PlanOut).clones.clone!;
    expect(c.bank_passage).toBe(6);
    expect(c.cells).toBeCloseTo(6.4e7, 0);
    expect(c.vials).toBe(64);
    expect(c.remaining![0]).toBeCloseTo(3.2, 6);
    expect(c.remaining![1]).toBeCloseTo(4, 6);
    expect(c.remaining![2]).toBeCloseTo(4.8, 6);
    expect(c.risk!).toBeCloseTo(0.0199, 3);
  });

  it('below p0 + R: do not bank; no fold: no size; F ≤ 1: bank at p0', async () => {
    const none = (JSON.parse((await capture(['--potency', '6.5', '--lower', '5.9', '--fold', '4'])).stdout) as PlanOut).clones.clone!;
    expect(none).toMatchObject({ bank_passage: null, vials: null, status: 'do-not-bank' });
    const noFold = (JSON.parse((await capture(['--potency', '10', '--lower', '9.2'])).stdout) as PlanOut).clones.clone!;
    expect(noFold).toMatchObject({ bank_passage: 6, cells: null, vials: null, status: 'no-growth' });
    const flat = (JSON.parse((await capture(['--potency', '10', '--lower', '9.2', '--fold', '1'])).stdout) as PlanOut).clones.clone!;
    expect(flat).toMatchObject({ bank_passage: 3, cells: 1e6, vials: 1 });
  });

  it('refuses a bad risk level or a missing --lower (exit 2 by UsageError)', async () => {
    await expect(capture(['--potency', '10', '--lower', '9', '--risk', 'q50'])).rejects.toThrow('--risk must be one of');
    await expect(capture(['--potency', '10'])).rejects.toThrow('--lower');
  });

  it('--model --analysis: every clone planned with its growth-derived fold (doubling 24 h, 7-day passage → F = 128)', async () => {
    const hash = paramsHash(DEFAULT_SEGMENTATION_PARAMS);
    const dir = join(root, 'analysis');
    mkdirSync(dir, { recursive: true });
    const { images, potency } = syntheticImageStats({ seed: 21, fovs: 6, roundPotency: true });
    const records = images.map((im) => imageStatsRecord(im, `${im.clone}_t${im.timeH}h_f${im.fov}.png`, 20 * 2 ** ((im.timeH - 6) / 24)));
    writeFileSync(join(dir, 'image_stats.json'), imageStatsFileText(records, { segmentationParams: DEFAULT_SEGMENTATION_PARAMS, segmentationParamsHash: hash }, potency));
    const modelFile = join(root, 'model.json');
    expect((await capture(['--analysis', dir, '--window-end', '18', '--fovs', '4', '--kind', 'lasso', '--out', modelFile], train)).code).toBe(0);
    const r = await capture(['--model', modelFile, '--analysis', dir, '--reserve', '3']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as PlanOut;
    expect(Object.keys(out.clones)).toHaveLength(16);
    for (const c of Object.values(out.clones)) {
      expect(c.fold!).toBeCloseTo(128, 6);
      if (c.status === 'bank') {
        expect(c.vials).toBe(Math.floor(128 ** (c.bank_passage! - 3)));
        expect(c.remaining![0]!).toBeGreaterThanOrEqual(3 - 1e-9);
        expect(c.remaining![0]! - 1).toBeLessThan(3);
      }
    }
    expect(out.portfolio!.vials).toBeGreaterThan(0);
  });
});
