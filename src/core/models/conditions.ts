/**
 * Which conditions the data-usage grid and the FOV bootstrap evaluate — one definition for the
 * Models view, the CLI, the demo report and the benchmarks.
 */
import { TIME_POINTS_H } from '../experiment';
import { lastTimePoint, type ImageStatsIndex } from '../profiles';
import type { ModelKind } from './grid';

export interface Condition {
  windowEndH: number;
  fovCount: number;
  model: ModelKind;
}

/** The grid's windows 6–t h: every standard time point up to the last one the experiment imaged. */
export function gridWindows(index: ImageStatsIndex): number[] {
  const last = lastTimePoint(index);
  return TIME_POINTS_H.filter((h) => h <= last);
}

/** The most FOVs any well has. */
export function maxFovsOf(index: ImageStatsIndex): number {
  return Math.max(1, ...[...index.byClone.values()].map((c) => c.fovs.length));
}

/** The grid's FOV counts: 1 … the most FOVs any well has. */
export function gridFovCounts(index: ImageStatsIndex): number[] {
  return Array.from({ length: maxFovsOf(index) }, (_, i) => i + 1);
}

/**
 * The paper's six bootstrap conditions — early, middle and full windows (6–30, 6–60, 6–90 h) with
 * a quarter of the FOVs and all of them — cut to the windows and FOVs the experiment has (a window
 * the experiment did not reach becomes its latest window at or before it), for each model.
 */
export function paperConditions(windowsEndH: readonly number[], maxFovs: number, models: readonly ModelKind[]): Condition[] {
  const ks = [...new Set([Math.max(1, Math.floor(maxFovs / 4)), maxFovs])];
  const ws = [...new Set([30, 60, 90].map((h) => windowsEndH.filter((w) => w <= h).at(-1)).filter((w) => w !== undefined))];
  return ws.flatMap((windowEndH) => ks.flatMap((fovCount) => models.map((model) => ({ windowEndH, fovCount, model }))));
}
