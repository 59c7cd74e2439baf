/**
 * `npm run bench`'s timing of the learned segmentation inside an image worker (single thread):
 * the network alone and with its pre- and post-processing (segmentLearned's timingsMs), beside the
 * classical pipeline on the same field in the same worker, medians over runs.
 */
import { getCv } from '../core/cv';
import type { Grey8 } from '../core/experiment';
import { SEGMENTER_CARD } from '../core/segmentation/learned/card';
import { segmentLearned } from '../core/segmentation/learned/segment';
import { DEFAULT_LEARNED_PARAMS, DEFAULT_SEGMENTATION_PARAMS } from '../core/segmentation/params';
import { segmentImage } from '../core/segmentation/pipeline';
import type { LearnedBench } from './imageApi';
import { workerNetwork } from './network';

export async function benchLearnedField(image: Grey8, runs: number): Promise<LearnedBench> {
  const cv = await getCv();
  const t0 = performance.now();
  const net = await workerNetwork();
  const openMs = performance.now() - t0;
  const options = {
    pixelSizeUm: DEFAULT_LEARNED_PARAMS.pixelSizeUm,
    networkUmPerPx: SEGMENTER_CARD.network_um_per_px,
    removeBorder: DEFAULT_LEARNED_PARAMS.removeBorder,
  };
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
  // Warm-up: JIT, wasm tiers and the session's first run.
  segmentImage(cv, image, DEFAULT_SEGMENTATION_PARAMS);
  await segmentLearned(cv, net, image, DEFAULT_LEARNED_PARAMS.learned, options);
  const classical: number[] = [];
  const learned: Record<'prepare' | 'network' | 'cells' | 'total', number[]> = { prepare: [], network: [], cells: [], total: [] };
  let cells = 0;
  let classicalCells = 0;
  for (let k = 0; k < runs; k++) {
    const c = segmentImage(cv, image, DEFAULT_SEGMENTATION_PARAMS);
    classical.push(c.timingsMs.total);
    classicalCells = c.count;
    const l = await segmentLearned(cv, net, image, DEFAULT_LEARNED_PARAMS.learned, options);
    for (const key of ['prepare', 'network', 'cells', 'total'] as const) learned[key].push(l.timingsMs[key] ?? NaN);
    cells = l.count;
  }
  return {
    backend: net.backend,
    openMs,
    cells,
    classicalCells,
    classicalMs: median(classical),
    prepareMs: median(learned.prepare),
    networkMs: median(learned.network),
    cellsMs: median(learned.cells),
    totalMs: median(learned.total),
  };
}
