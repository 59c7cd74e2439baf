/**
 * Handles for `npm run bench` (scripts/bench-browser.ts), attached to `window.potencyBench` only
 * when the page is opened with `?bench`: timing inside a real Chromium worker, and throughput of
 * the pool on demo fields.
 */
import * as Comlink from 'comlink';
import { DEFAULT_LEARNED_PARAMS, DEFAULT_SEGMENTATION_PARAMS } from '../core/segmentation/params';
import { imagePool, measureField } from '../workers/imageClient';
import { syntheticExperiment } from './syntheticStats';
import { TIME_POINTS_H } from '../core/experiment';
import { paperConditions } from '../core/models/conditions';
import { bootstrapJob, gridWindowJob, modelPool } from '../workers/modelClient';
import type { ModelInput } from '../workers/modelApi';

export const benchHooks = {
  async segmentationInWorker(width: number, height: number, data: Uint8Array, runs: number) {
    return imagePool().run((api) => api.benchSegmentation(Comlink.transfer({ width, height, data }, [data.buffer]), runs));
  },
  /** The learned segmentation of one field in one worker, beside the classical pipeline. */
  async learnedInWorker(width: number, height: number, data: Uint8Array, runs: number) {
    return imagePool().run((api) => api.benchLearned(Comlink.transfer({ width, height, data }, [data.buffer]), runs));
  },
  /**
   * Real image files decoded, segmented by `method` and measured through the whole pool (the
   * batch run's path); one warm-up field per worker first (the network opens there), not counted.
   */
  async realFieldPool(files: { name: string; bytes: Uint8Array }[], fields: number, method: 'learned' | 'classical') {
    const params = method === 'learned' ? DEFAULT_LEARNED_PARAMS : DEFAULT_SEGMENTATION_PARAMS;
    const one = (i: number) => {
      const f = files[i % files.length]!;
      return measureField({ source: 'bytes', bytes: f.bytes.slice().buffer, fileName: f.name }, params);
    };
    const workers = imagePool().size;
    await Promise.all(Array.from({ length: workers }, (_, i) => one(i)));
    const started = performance.now();
    let cells = 0;
    await Promise.all(
      Array.from({ length: fields }, async (_, i) => {
        const m = await one(i);
        cells += m.cellCount;
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    return { method, fields, workers, seconds, fieldsPerSecond: fields / seconds, cells };
  },
  /** The paper-scale model grid (15 windows × 64 FOV counts, nested LASSO) and 50 × 6 bootstraps. */
  async gridTiming(replicates = 50) {
    const { images, potency } = syntheticExperiment(1);
    const input: ModelInput = {
      key: 'bench-synthetic',
      potency: [...potency.entries()],
      images: images.map((i) => ({ clone: i.clone, timeH: i.timeH, fov: i.fov, n: i.stats.n, mean: i.stats.mean, m2: i.stats.m2 })),
    };
    const fovCounts = Array.from({ length: 64 }, (_, i) => i + 1);
    const options = { seed: 1, rfTrees: 100 };
    const t0 = performance.now();
    const cells = (await Promise.all([...TIME_POINTS_H].reverse().map((w) => gridWindowJob(input, w, fovCounts, ['lasso'], options, () => undefined)))).flat();
    const gridSeconds = (performance.now() - t0) / 1000;
    const conditions = paperConditions(TIME_POINTS_H, 64, ['lasso']);
    const t1 = performance.now();
    await Promise.all(conditions.map((c) => bootstrapJob(input, c, replicates, options, () => undefined)));
    const bootstrapSeconds = (performance.now() - t1) / 1000;
    return { cells: cells.length, gridSeconds, bootstrapSeconds, totalSeconds: gridSeconds + bootstrapSeconds, workers: modelPool().size };
  },
  async poolThroughput(fields: number, size: number) {
    const started = performance.now();
    let cells = 0;
    const jobs = Array.from({ length: fields }, (_, i) => ({
      seed: 1,
      nClones: 15,
      size,
      clone: `clone${String((i % 15) + 1).padStart(2, '0')}`,
      timeH: 6 * ((Math.floor(i / 15) % 15) + 1),
      fov: Math.floor(i / 225) + 1,
    }));
    await Promise.all(
      jobs.map(async (demo) => {
        const m = await measureField({ source: 'demo', demo }, DEFAULT_SEGMENTATION_PARAMS);
        cells += m.cellCount;
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    return { fields, workers: imagePool().size, seconds, fieldsPerSecond: fields / seconds, cells };
  },
};
