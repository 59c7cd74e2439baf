/**
 * Handles for `npm run bench` (scripts/bench-browser.ts), attached to `window.potencyBench` only
 * when the page is opened with `?bench`: timing inside a real Chromium worker, and throughput of
 * the pool on demo fields.
 */
import * as Comlink from 'comlink';
import { DEFAULT_SEGMENTATION_PARAMS } from '../core/segmentation/params';
import { imagePool, measureField } from './imageClient';

export const benchHooks = {
  async segmentationInWorker(width: number, height: number, data: Uint8Array, runs: number) {
    return imagePool().run((api) => api.benchSegmentation(Comlink.transfer({ width, height, data }, [data.buffer]), runs));
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
