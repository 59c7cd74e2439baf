/** `train` then `predict` on an analysis folder whose image_stats.json is written from synthetic statistics. */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { modelFromJson } from '../core/models/modelFile';
import { modelProfiles, predictWithModel, usedColumns } from '../core/models/prediction';
import { predictionIntervals } from '../core/models/intervals';
import { imageStatsFileText, imageStatsRecord, indexImageStats, type ImageStats } from '../core/profiles';
import { DEFAULT_SEGMENTATION_PARAMS, paramsHash } from '../core/segmentation';
import { run as predict } from './commands/predict';
import { syntheticImageStats } from '../testing/syntheticStats';
import { run as train } from './commands/train';

const root = mkdtempSync(join(tmpdir(), 'predict-cli-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** 16 clones (12 with a potency, 4 to predict) × 3 time points × 6 FOVs; means follow a latent potency. */
function writeAnalysis(dir: string, options: { hash: string; times?: number[] }): ImageStats[] {
  const { images, potency } = syntheticImageStats({ seed: 21, fovs: 6, roundPotency: true, times: options.times });
  mkdirSync(dir, { recursive: true });
  const records = images.map((im) => imageStatsRecord(im, `${im.clone}_t${im.timeH}h_f${im.fov}.png`, im.stats.n[0]!));
  const provenance = { segmentationParams: DEFAULT_SEGMENTATION_PARAMS, segmentationParamsHash: options.hash };
  writeFileSync(join(dir, 'image_stats.json'), imageStatsFileText(records, provenance, potency));
  return images;
}

/** Runs a command, returning its exit code, stdout (console.log) and stderr (console.error). */
async function capture(fn: (args: string[]) => Promise<number>, args: string[]) {
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

interface PredictOutput {
  model: { kind: string; condition: { windowEndH: number; fovCount: number; seed: number }; loocvRmse: number };
  predictions: Record<
    string,
    { prediction: number; lo: number; hi: number; interval_method: string; problems: string[] }
  >;
}

describe('npm run cli -- train / predict', () => {
  const hash = paramsHash(DEFAULT_SEGMENTATION_PARAMS);
  const analysis = join(root, 'analysis');
  const images = writeAnalysis(analysis, { hash });
  const modelFile = join(root, 'model.json');

  it('train writes a LASSO model of the 12 labelled clones', async () => {
    const r = await capture(train, [
      '--analysis',
      analysis,
      '--window-end',
      '18',
      '--fovs',
      '4',
      '--kind',
      'lasso',
      '--seed',
      '5',
      '--out',
      modelFile,
    ]);
    expect(r.code).toBe(0);
    const model = modelFromJson(readFileSync(modelFile, 'utf8'));
    expect(model.kind).toBe('lasso');
    expect(model.condition).toEqual({ windowEndH: 18, fovCount: 4, seed: 5 });
    expect(model.training.clones).toHaveLength(12);
    expect(model.columns).toHaveLength(72);
    expect(model.segmentation.paramsHash).toBe(hash);
    expect(model.appVersion).toBe('0.1.0');
    const summary = JSON.parse(r.stdout) as { loocvRmse: number; clones: number };
    expect(summary.clones).toBe(12);
    expect(summary.loocvRmse).toBe(model.training.loocvRmse);
    expect(summary.loocvRmse).toBeLessThan(1.5);
    expect(
      await capture(train, ['--analysis', analysis, '--kind', 'svm', '--out', modelFile]).then((x) => x.code),
    ).toBe(2);
  });

  it('predict gives the 4 unlabelled clones the core numbers, with intervals', async () => {
    const r = await capture(predict, [
      '--model',
      modelFile,
      '--analysis',
      analysis,
      '--replicates',
      '20',
      '--seed',
      '9',
    ]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as PredictOutput;
    expect(Object.keys(out.predictions)).toEqual(['clone13', 'clone14', 'clone15', 'clone16']);
    const model = modelFromJson(readFileSync(modelFile, 'utf8'));
    expect(out.model).toEqual({ kind: 'lasso', condition: model.condition, loocvRmse: model.training.loocvRmse });
    const index = indexImageStats(images);
    const expected = predictWithModel(model, modelProfiles(model, index));
    const intervals = predictionIntervals(model, index, ['clone13', 'clone14', 'clone15', 'clone16'], {
      replicates: 20,
      seed: 9,
    });
    for (const [clone, p] of Object.entries(out.predictions)) {
      expect(p.prediction).toBe(expected.find((e) => e.clone === clone)!.prediction);
      expect(p.lo).toBe(intervals.get(clone)!.lo);
      expect(p.hi).toBe(intervals.get(clone)!.hi);
      expect(p.lo).toBeLessThan(p.prediction);
      expect(p.hi).toBeGreaterThan(p.prediction);
      expect(p.problems).toEqual([]);
      expect(p.interval_method).toMatch(
        /^FOV bootstrap \(20 resamples\) combined with the leave-one-out residual spread \(RMSE /,
      );
    }
    const every = JSON.parse(
      (await capture(predict, ['--model', modelFile, '--analysis', analysis, '--replicates', '5', '--all'])).stdout,
    ) as PredictOutput;
    expect(Object.keys(every.predictions)).toHaveLength(16);
  });

  it('refuses (exit 2) an analysis made with other segmentation parameters or without a needed time point', async () => {
    const other = join(root, 'other');
    writeAnalysis(other, { hash: '1a2b3c4d5e6f7a8b' });
    const r = await capture(predict, ['--model', modelFile, '--analysis', other]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(
      `The model was trained on segmentation parameters ${hash}; this experiment uses 1a2b3c4d5e6f7a8b: re-segment with the model's parameters (they are inside the model file) or retrain`,
    );
    const model = modelFromJson(readFileSync(modelFile, 'utf8'));
    const lastHour = Math.max(...usedColumns(model).map((c) => Number(/_(\d+)h$/.exec(c)![1])));
    const short = join(root, 'short');
    writeAnalysis(short, { hash, times: [6, 12, 18].filter((h) => h !== lastHour) });
    const s = await capture(predict, ['--model', modelFile, '--analysis', short]);
    expect(s.code).toBe(2);
    expect(s.stderr).toContain(`this experiment has no images at ${String(lastHour).padStart(3, '0')} h`);
    const bad = join(root, 'bad.json');
    writeFileSync(bad, JSON.stringify({ format: 'potency-workbench-model', version: 2 }));
    const v = await capture(predict, ['--model', bad, '--analysis', analysis]);
    expect(v.code).toBe(2);
    expect(v.stderr).toContain('model format version 2 is newer than this app supports');
  });

  it('trains a random forest the same way', async () => {
    const rfFile = join(root, 'rf.json');
    const r = await capture(train, [
      '--analysis',
      analysis,
      '--window-end',
      '12',
      '--fovs',
      '6',
      '--kind',
      'rf',
      '--trees',
      '40',
      '--out',
      rfFile,
    ]);
    expect(r.code).toBe(0);
    const model = modelFromJson(readFileSync(rfFile, 'utf8'));
    expect(model.rf!.trees).toHaveLength(40);
    expect(model.columns).toHaveLength(48);
    const p = await capture(predict, ['--model', rfFile, '--analysis', analysis, '--replicates', '10']);
    expect(p.code).toBe(0);
    const out = JSON.parse(p.stdout) as PredictOutput;
    for (const v of Object.values(out.predictions)) {
      expect(v.lo).toBeLessThanOrEqual(v.hi);
      expect(v.interval_method).toMatch(/^FOV bootstrap quantiles/);
    }
  });
});
