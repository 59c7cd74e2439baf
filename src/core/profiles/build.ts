/**
 * Morphological profiles of wells from per-image sufficient statistics (shared/DESIGN.md §6).
 *
 * For each clone and each time point of the window, the chosen FOVs' statistics are pooled with
 * Chan's merge, giving the mean and sample SD of every descriptor over all their cells. The cost is
 * O(FOVs × descriptors) per time point, never O(cells), so the window × FOV-count grid and the
 * bootstrap resamples are cheap. Missing images or cells give NaN and a note, never an error.
 */
import type { SufficientStats } from '../descriptors/sufficientStats';
import { DESCRIPTORS, TIME_POINTS_H, formatHours } from '../experiment';
import { COLUMNS_PER_TIME_POINT, profileColumns } from './columns';
import { bootstrapFovs, selectFovs } from './select';

/** One image's address and the sufficient statistics of its cells. */
export interface ImageStats {
  clone: string;
  timeH: number;
  fov: number;
  stats: SufficientStats;
}

export type FovChoice =
  | { kind: 'all' }
  | { kind: 'subset'; k: number; seed: number }
  | { kind: 'bootstrap'; seed: number; replicate: number };

export interface ProfileOptions {
  /** Last time point of the window [first, windowEndH], in hours; default 90. */
  windowEndH?: number;
  /** Default: all FOVs. */
  fovs?: FovChoice;
  /** Time points of the experiment; default 6, 12, … 90 h. */
  timePointsH?: readonly number[];
}

export interface Profiles {
  /** Natural order (clone2 before clone10). */
  clones: string[];
  /** Time points inside the window, in hours. */
  timePointsH: number[];
  columns: string[];
  /** clones × columns, row-major; NaN where a statistic is undefined. */
  values: Float64Array;
  /** clones × timePointsH: pooled cells per time point (a cell of a FOV drawn twice counts twice). */
  cellCounts: Float64Array;
  /** Human-readable notes on missing images, cells or FOVs. */
  missing: string[];
}

/** One clone's images: its FOVs (union over time points) and, per time point, stats aligned with them. */
export interface CloneImages {
  fovs: number[];
  byTime: Map<number, (SufficientStats | undefined)[]>;
}

/** Images grouped clone → time → FOV, built once and reused for every profile. */
export interface ImageStatsIndex {
  clones: string[];
  byClone: Map<string, CloneImages>;
  /** Every time point seen in any image, increasing. */
  timesH: number[];
  /** Notes on images given twice (the first is kept). */
  duplicates: string[];
}

const K = DESCRIPTORS.length;

export const naturalOrder = (a: string, b: string): number => a.localeCompare(b, 'en', { numeric: true });

const fovLabel = (fov: number) => `f${String(fov).padStart(2, '0')}`;

export function indexImageStats(images: readonly ImageStats[]): ImageStatsIndex {
  const fovSets = new Map<string, Set<number>>();
  const times = new Set<number>();
  for (const im of images) {
    if (im.stats.n.length !== K)
      throw new RangeError(`${im.clone} ${formatHours(im.timeH)} h ${fovLabel(im.fov)}: ${im.stats.n.length} descriptors, expected ${K}`);
    let set = fovSets.get(im.clone);
    if (!set) fovSets.set(im.clone, (set = new Set()));
    set.add(im.fov);
    times.add(im.timeH);
  }
  const clones = [...fovSets.keys()].sort(naturalOrder);
  const byClone = new Map<string, CloneImages>();
  const position = new Map<string, Map<number, number>>();
  for (const clone of clones) {
    const fovs = [...fovSets.get(clone)!].sort((a, b) => a - b);
    byClone.set(clone, { fovs, byTime: new Map() });
    position.set(clone, new Map(fovs.map((f, i) => [f, i])));
  }
  const duplicates: string[] = [];
  for (const im of images) {
    const entry = byClone.get(im.clone)!;
    let slots = entry.byTime.get(im.timeH);
    if (!slots) entry.byTime.set(im.timeH, (slots = new Array(entry.fovs.length).fill(undefined)));
    const i = position.get(im.clone)!.get(im.fov)!;
    if (slots[i]) duplicates.push(`${im.clone} has two images at ${formatHours(im.timeH)} h ${fovLabel(im.fov)}; the first is used`);
    else slots[i] = im.stats;
  }
  return { clones, byClone, timesH: [...times].sort((a, b) => a - b), duplicates };
}

/** The FOVs of one clone that a choice selects (with repeats for a bootstrap). */
export function chosenFovs(fovs: readonly number[], choice: FovChoice, clone: string): number[] {
  switch (choice.kind) {
    case 'all':
      return [...fovs];
    case 'subset':
      return selectFovs(fovs, choice.k, choice.seed, clone);
    case 'bootstrap':
      return bootstrapFovs(fovs, choice.seed, clone, choice.replicate);
  }
}

export function buildProfiles(images: readonly ImageStats[] | ImageStatsIndex, options: ProfileOptions = {}): Profiles {
  const index = Array.isArray(images) ? indexImageStats(images) : (images as ImageStatsIndex);
  const windowEndH = options.windowEndH ?? 90;
  const choice = options.fovs ?? { kind: 'all' };
  const timePointsH = (options.timePointsH ?? TIME_POINTS_H).filter((h) => h <= windowEndH + 1e-9);
  const columns = profileColumns(timePointsH);
  const { clones } = index;
  const T = timePointsH.length;
  const values = new Float64Array(clones.length * columns.length).fill(NaN);
  const cellCounts = new Float64Array(clones.length * T);
  const missing: string[] = [...index.duplicates];
  if (T === 0) missing.push(`no time point ≤ ${windowEndH} h`);
  const known = new Set(options.timePointsH ?? TIME_POINTS_H);
  const unused = index.timesH.filter((h) => !known.has(h));
  if (unused.length > 0)
    missing.push(`images at ${unused.map((h) => `${formatHours(h)} h`).join(', ')} are not at a time point of the method and were not used`);

  // Scratch accumulators for one pooled time point, reused.
  const n = new Float64Array(K);
  const mean = new Float64Array(K);
  const m2 = new Float64Array(K);

  clones.forEach((clone, c) => {
    const entry = index.byClone.get(clone)!;
    const picked = chosenFovs(entry.fovs, choice, clone);
    if (choice.kind === 'subset' && choice.k > entry.fovs.length)
      missing.push(`${clone} has ${entry.fovs.length} FOVs, fewer than the ${choice.k} asked; all are used`);
    if (picked.length === 0) missing.push(`${clone}: no FOV chosen`);
    // Positions of the picked FOVs in entry.fovs, so each time point is a plain array walk.
    const slotOf = new Map(entry.fovs.map((f, i) => [f, i]));
    const slots = picked.map((f) => slotOf.get(f)!);

    for (let t = 0; t < T; t++) {
      const h = timePointsH[t]!;
      const stats = entry.byTime.get(h);
      const hText = `${formatHours(h)} h`;
      if (!stats) {
        missing.push(`${clone} has no image at ${hText}`);
        continue;
      }
      n.fill(0);
      mean.fill(0);
      m2.fill(0);
      let absent: number[] | undefined;
      for (const slot of slots) {
        const s = stats[slot];
        if (!s) {
          (absent ??= []).push(entry.fovs[slot]!);
          continue;
        }
        pool(s);
      }
      if (absent) {
        const uniq = [...new Set(absent)];
        missing.push(
          uniq.length === new Set(picked).size
            ? `${clone} has no image at ${hText} for the chosen FOVs`
            : `${clone} at ${hText}: no image for ${uniq.map(fovLabel).join(', ')}`,
        );
      }
      cellCounts[c * T + t] = n[0]!;
      if (n[0] === 0 && !(absent && absent.length === slots.length)) missing.push(`${clone} has no cells at ${hText}`);
      const at = c * columns.length + t * COLUMNS_PER_TIME_POINT;
      for (let d = 0; d < K; d++) {
        const nd = n[d]!;
        values[at + 2 * d] = nd > 0 ? mean[d]! : NaN;
        values[at + 2 * d + 1] = nd >= 2 ? Math.sqrt(m2[d]! / (nd - 1)) : NaN;
      }
    }
  });
  return { clones: [...clones], timePointsH, columns, values, cellCounts, missing };

  /** Chan's merge of one image into the accumulators (same arithmetic as mergeStats). */
  function pool(s: SufficientStats): void {
    for (let d = 0; d < K; d++) {
      const nb = s.n[d]!;
      if (nb === 0) continue;
      const na = n[d]!;
      if (na === 0) {
        n[d] = nb;
        mean[d] = s.mean[d]!;
        m2[d] = s.m2[d]!;
        continue;
      }
      const total = na + nb;
      const delta = s.mean[d]! - mean[d]!;
      mean[d] = mean[d]! + (delta * nb) / total;
      m2[d] = m2[d]! + s.m2[d]! + (delta * delta * na * nb) / total;
      n[d] = total;
    }
  }
}
