/**
 * One field's analysis, the step every path shares (the browser's batch run, `analyze`, the demo
 * report and the benchmarks): segment by the parameters' method, measure the 12 descriptors of
 * every cell, and summarise them into the per-image sufficient statistics profiles are built from.
 */
import type { CV } from './cv';
import { measureCells, summarize, type SufficientStats } from './descriptors';
import type { Grey8 } from './experiment';
import type { SegmentationParams } from './segmentation/params';
import { segmentField, type SegmentOptions } from './segmentation/segmentField';

export interface FieldAnalysis {
  cellCount: number;
  /** The segmentation label of each row. */
  labelIds: Int32Array;
  /** cells × 12 descriptors, row-major, in DESCRIPTORS order. */
  values: Float64Array;
  /** Per-descriptor n, mean and M2 of the rows (NaN values left out). */
  stats: SufficientStats;
  segmentMs: number;
  measureMs: number;
}

export async function analyzeField(cv: CV, image: Grey8, params: SegmentationParams, options: SegmentOptions = {}): Promise<FieldAnalysis> {
  const t0 = performance.now();
  const { labels } = await segmentField(cv, image, params, options);
  const t1 = performance.now();
  const m = measureCells(cv, image, labels);
  const stats = summarize(m.values);
  return { cellCount: m.cellCount, labelIds: m.labelIds, values: m.values, stats, segmentMs: t1 - t0, measureMs: performance.now() - t1 };
}
