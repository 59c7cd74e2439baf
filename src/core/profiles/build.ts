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
import { bootstrapFovs, fovPermutation } from './select';

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
  /** k draws with replacement (default: as many as the clone has FOVs). */
  | { kind: 'bootstrap'; seed: number; replicate: number; k?: number };

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
  /** Per note, the time point it is about (null: not tied to one), so `profileWindow` can keep the right notes. */
  missingAtH: (number | null)[];
}

/**
 * One clone's images packed for fast pooling: its FOVs (union over time points) and, for every
 * (time point of the index, FOV), the 3 × 12 numbers n, mean, M2 in one typed array.
 */
export interface CloneImages {
  fovs: number[];
  /** timesH.length × fovs.length × STATS_STRIDE: n[12], mean[12], m2[12]. */
  stats: Float64Array;
  /** timesH.length × fovs.length: 1 where there is an image. */
  present: Uint8Array;
}

/** Images grouped clone → time → FOV, built once and reused for every profile. */
export interface ImageStatsIndex {
  clones: string[];
  byClone: Map<string, CloneImages>;
  /** Every time point seen in any image, increasing; the time axis of CloneImages. */
  timesH: number[];
  /** Notes on images given twice (the first is kept). */
  duplicates: string[];
}

const K = DESCRIPTORS.length;
const STATS_STRIDE = 3 * K;

export const naturalOrder = (a: string, b: string): number => a.localeCompare(b, 'en', { numeric: true });

const fovLabel = (fov: number) => `f${String(fov).padStart(2, '0')}`;

export function indexImageStats(images: readonly ImageStats[]): ImageStatsIndex {
  const fovSets = new Map<string, Set<number>>();
  const times = new Set<number>();
  for (const im of images) {
    if (im.stats.n.length !== K)
      throw new RangeError(
        `${im.clone} ${formatHours(im.timeH)} h ${fovLabel(im.fov)}: ${im.stats.n.length} descriptors, expected ${K}`,
      );
    let set = fovSets.get(im.clone);
    if (!set) fovSets.set(im.clone, (set = new Set()));
    set.add(im.fov);
    times.add(im.timeH);
  }
  const clones = [...fovSets.keys()].sort(naturalOrder);
  const timesH = [...times].sort((a, b) => a - b);
  const timeSlot = new Map(timesH.map((h, i) => [h, i]));
  const byClone = new Map<string, CloneImages>();
  const fovSlot = new Map<string, Map<number, number>>();
  for (const clone of clones) {
    const fovs = [...fovSets.get(clone)!].sort((a, b) => a - b);
    byClone.set(clone, {
      fovs,
      stats: new Float64Array(timesH.length * fovs.length * STATS_STRIDE),
      present: new Uint8Array(timesH.length * fovs.length),
    });
    fovSlot.set(clone, new Map(fovs.map((f, i) => [f, i])));
  }
  const duplicates: string[] = [];
  for (const im of images) {
    const entry = byClone.get(im.clone)!;
    const slot = timeSlot.get(im.timeH)! * entry.fovs.length + fovSlot.get(im.clone)!.get(im.fov)!;
    if (entry.present[slot]) {
      duplicates.push(
        `${im.clone} has two images at ${formatHours(im.timeH)} h ${fovLabel(im.fov)}; the first is used`,
      );
      continue;
    }
    entry.present[slot] = 1;
    const at = slot * STATS_STRIDE;
    entry.stats.set(im.stats.n, at);
    entry.stats.set(im.stats.mean, at + K);
    entry.stats.set(im.stats.m2, at + 2 * K);
  }
  return { clones, byClone, timesH, duplicates };
}

/**
 * The last time point of the method at which any image was taken: the natural end of the "full"
 * window of an experiment that stopped early (or `fallback` when no image is at a time point).
 */
export function lastTimePoint(
  images: readonly ImageStats[] | ImageStatsIndex,
  timePointsH: readonly number[] = TIME_POINTS_H,
  fallback = 90,
): number {
  const index = asIndex(images);
  const known = new Set(timePointsH);
  const seen = index.timesH.filter((h) => known.has(h));
  return seen.length > 0 ? seen[seen.length - 1]! : fallback;
}

/**
 * The FOVs of one clone that a choice selects, in the order they are pooled: all in increasing
 * order, a subset as the first k of the clone's seeded permutation (see select.ts), a bootstrap
 * with repeats.
 */
export function chosenFovs(fovs: readonly number[], choice: FovChoice, clone: string): number[] {
  switch (choice.kind) {
    case 'all':
      return [...fovs].sort((a, b) => a - b);
    case 'subset':
      return fovPermutation(fovs, choice.seed, clone).slice(0, Math.max(0, Math.floor(choice.k)));
    case 'bootstrap':
      return bootstrapFovs(fovs, choice.seed, clone, choice.replicate, choice.k);
  }
}

/** A note tied to a time point (null: the whole clone), so windows can keep only their own. */
interface Note {
  hours: number | null;
  text: string;
}

/** Everything about the time axis that does not depend on clones or FOVs. */
function timeAxis(index: ImageStatsIndex, options: ProfileOptions) {
  const windowEndH = options.windowEndH ?? 90;
  const all = options.timePointsH ?? TIME_POINTS_H;
  const timePointsH = all.filter((h) => h <= windowEndH + 1e-9);
  const slotOfTime = new Map(index.timesH.map((h, i) => [h, i]));
  const notes: string[] = [...index.duplicates];
  if (timePointsH.length === 0) notes.push(`no time point ≤ ${windowEndH} h`);
  const known = new Set(all);
  const unused = index.timesH.filter((h) => !known.has(h));
  if (unused.length > 0)
    notes.push(
      `images at ${unused.map((h) => `${formatHours(h)} h`).join(', ')} are not at a time point of the method and were not used`,
    );
  return { timePointsH, timeSlots: timePointsH.map((h) => slotOfTime.get(h)), notes };
}

/**
 * Pools one clone's FOVs in the given order, time point by time point, and hands the running
 * statistics to `emit` after each prefix length in `checkpoints` (increasing). One pass serves a
 * single profile (one checkpoint) and the nested FOV-count series (a checkpoint per k) alike, with
 * bit-identical arithmetic.
 */
function poolPrefixes(
  clone: string,
  entry: CloneImages,
  order: readonly number[],
  timePointsH: readonly number[],
  timeSlots: readonly (number | undefined)[],
  checkpoints: readonly number[],
  emit: (checkpoint: number, t: number, acc: Float64Array | null, note: Note | null) => void,
): void {
  const F = entry.fovs.length;
  const slotOfFov = new Map(entry.fovs.map((f, i) => [f, i]));
  const slots = order.map((f) => slotOfFov.get(f) ?? -1);
  const acc = new Float64Array(STATS_STRIDE);
  const { stats, present } = entry;
  for (let t = 0; t < timePointsH.length; t++) {
    const hours = timePointsH[t]!;
    const hText = `${formatHours(hours)} h`;
    const ts = timeSlots[t];
    let any = false;
    if (ts !== undefined) for (let f = 0; f < F && !any; f++) any = present[ts * F + f] === 1;
    if (ts === undefined || !any) {
      const note = { hours, text: `${clone} has no image at ${hText}` };
      for (let j = 0; j < checkpoints.length; j++) emit(j, t, null, note);
      continue;
    }
    acc.fill(0);
    const absent: number[] = [];
    let i = 0;
    for (let j = 0; j < checkpoints.length; j++) {
      const upTo = checkpoints[j]!;
      while (i < upTo) {
        const slot = slots[i]!;
        let times = 1; // a run of the same FOV (bootstrap repeats) is merged once
        while (i + times < upTo && slots[i + times] === slot) times++;
        const at = ts * F + slot;
        if (slot < 0 || present[at] !== 1) absent.push(order[i]!);
        else poolInto(acc, stats, at * STATS_STRIDE, times);
        i += times;
      }
      let note: Note | null = null;
      if (absent.length === upTo && upTo > 0)
        note = { hours, text: `${clone} has no image at ${hText} for the chosen FOVs` };
      else if (absent.length > 0)
        note = {
          hours,
          text: `${clone} at ${hText}: no image for ${[...new Set(absent)]
            .sort((a, b) => a - b)
            .map(fovLabel)
            .join(', ')}`,
        };
      else if (acc[0] === 0) note = { hours, text: `${clone} has no cells at ${hText}` };
      emit(j, t, acc, note);
    }
  }
}

/**
 * Chan's merge of one image (n, mean, M2 at `at` in `stats`), taken `times` times, into `acc`.
 * Cells counted m times have m·n values, the same mean and m·M2, so a FOV drawn twice in a
 * bootstrap costs one merge.
 */
function poolInto(acc: Float64Array, stats: Float64Array, at: number, times: number): void {
  for (let d = 0; d < K; d++) {
    const nb = stats[at + d]! * times;
    if (nb === 0) continue;
    const na = acc[d]!;
    const meanB = stats[at + K + d]!;
    const m2b = stats[at + 2 * K + d]! * times;
    if (na === 0) {
      acc[d] = nb;
      acc[K + d] = meanB;
      acc[2 * K + d] = m2b;
      continue;
    }
    const total = na + nb;
    const share = nb / total;
    const delta = meanB - acc[K + d]!;
    acc[d] = total;
    acc[K + d] = acc[K + d]! + delta * share;
    acc[2 * K + d] = acc[2 * K + d]! + m2b + delta * delta * na * share;
  }
}

/** Mean and sample SD per descriptor from `acc` into 24 profile values at `at`. */
function writeMeanSd(acc: Float64Array, values: Float64Array, at: number): void {
  for (let d = 0; d < K; d++) {
    const n = acc[d]!;
    values[at + 2 * d] = n > 0 ? acc[K + d]! : NaN;
    values[at + 2 * d + 1] = n >= 2 ? Math.sqrt(acc[2 * K + d]! / (n - 1)) : NaN;
  }
}

function emptyProfiles(clones: string[], timePointsH: number[]): Profiles {
  const columns = profileColumns(timePointsH);
  return {
    clones: [...clones],
    timePointsH: [...timePointsH],
    columns,
    values: new Float64Array(clones.length * columns.length).fill(NaN),
    cellCounts: new Float64Array(clones.length * timePointsH.length),
    missing: [],
    missingAtH: [],
  };
}

function addNote(p: Profiles, text: string, hours: number | null = null): void {
  p.missing.push(text);
  p.missingAtH.push(hours);
}

function asIndex(images: readonly ImageStats[] | ImageStatsIndex): ImageStatsIndex {
  return Array.isArray(images) ? indexImageStats(images) : (images as ImageStatsIndex);
}

/** The profile of every clone for one time window and one choice of FOVs. */
export function buildProfiles(images: readonly ImageStats[] | ImageStatsIndex, options: ProfileOptions = {}): Profiles {
  const index = asIndex(images);
  const choice = options.fovs ?? { kind: 'all' };
  const { timePointsH, timeSlots, notes } = timeAxis(index, options);
  const out = emptyProfiles(index.clones, timePointsH);
  const T = timePointsH.length;
  const width = out.columns.length;
  for (const text of notes) addNote(out, text);
  index.clones.forEach((clone, c) => {
    const entry = index.byClone.get(clone)!;
    const order = chosenFovs(entry.fovs, choice, clone);
    if (choice.kind === 'subset' && choice.k > entry.fovs.length)
      addNote(out, `${clone} has ${entry.fovs.length} FOVs, fewer than the ${choice.k} asked; all are used`);
    if (order.length === 0) addNote(out, `${clone}: no FOV chosen`);
    poolPrefixes(clone, entry, order, timePointsH, timeSlots, [order.length], (_j, t, acc, note) => {
      if (note) addNote(out, note.text, note.hours);
      if (!acc) return;
      out.cellCounts[c * T + t] = acc[0]!;
      writeMeanSd(acc, out.values, c * width + t * COLUMNS_PER_TIME_POINT);
    });
  });
  return out;
}

/**
 * The same profiles cut to the window [first time point, windowEndH]: a prefix of the columns and
 * time points, with the notes about later time points dropped. Equal, bit for bit, to building
 * the shorter window directly with the same FOVs, because FOV choices do not depend on the window.
 */
export function profileWindow(p: Profiles, windowEndH: number): Profiles {
  const Tw = p.timePointsH.filter((h) => h <= windowEndH + 1e-9).length;
  const T = p.timePointsH.length;
  const width = p.columns.length;
  const ww = Tw * COLUMNS_PER_TIME_POINT;
  const out = emptyProfiles(p.clones, p.timePointsH.slice(0, Tw));
  for (let c = 0; c < p.clones.length; c++) {
    out.values.set(p.values.subarray(c * width, c * width + ww), c * ww);
    out.cellCounts.set(p.cellCounts.subarray(c * T, c * T + Tw), c * Tw);
  }
  p.missing.forEach((text, i) => {
    const h = p.missingAtH[i] ?? null;
    if (h === null || h <= windowEndH + 1e-9) addNote(out, text, h);
  });
  if (Tw === 0 && T > 0) addNote(out, `no time point ≤ ${windowEndH} h`);
  return out;
}

/**
 * The whole window × FOV-count grid at once: `grid[w][k - 1]` is exactly (bit for bit)
 * `buildProfiles(index, { windowEndH: windowsEndH[w], fovs: { kind: 'subset', k, seed } })`.
 * Nested subsets and prefix windows let one incremental pass per clone and time point serve every
 * cell of the grid: O(clones × time points × FOVs × descriptors) in all.
 */
export function buildSubsetGrid(
  images: readonly ImageStats[] | ImageStatsIndex,
  options: { seed: number; maxK: number; windowsEndH?: readonly number[]; timePointsH?: readonly number[] },
): Profiles[][] {
  const index = asIndex(images);
  const all = options.timePointsH ?? TIME_POINTS_H;
  const windows = options.windowsEndH ?? all;
  const maxK = Math.max(0, Math.floor(options.maxK));
  const axis = timeAxis(index, { timePointsH: all, windowEndH: Math.max(...windows, -Infinity) });
  const T = axis.timePointsH.length;
  const width = T * COLUMNS_PER_TIME_POINT;
  const full = Array.from({ length: maxK }, () => {
    const p = emptyProfiles(index.clones, axis.timePointsH);
    for (const text of axis.notes) addNote(p, text);
    return p;
  });

  index.clones.forEach((clone, c) => {
    const entry = index.byClone.get(clone)!;
    const perm = fovPermutation(entry.fovs, options.seed, clone);
    const checkpoints = Array.from({ length: Math.min(maxK, perm.length) }, (_, j) => j + 1);
    for (let k = perm.length + 1; k <= maxK; k++)
      addNote(full[k - 1]!, `${clone} has ${perm.length} FOVs, fewer than the ${k} asked; all are used`);
    poolPrefixes(clone, entry, perm, axis.timePointsH, axis.timeSlots, checkpoints, (j, t, acc, note) => {
      // k beyond the clone's FOVs pools all of them: the numbers and notes of the last checkpoint.
      const last = j === checkpoints.length - 1 ? maxK : j + 1;
      for (let k = j + 1; k <= last; k++) {
        const p = full[k - 1]!;
        if (note) addNote(p, note.text, note.hours);
        if (!acc) continue;
        p.cellCounts[c * T + t] = acc[0]!;
        writeMeanSd(acc, p.values, c * width + t * COLUMNS_PER_TIME_POINT);
      }
    });
  });
  return windows.map((windowEndH) => full.map((p) => profileWindow(p, windowEndH)));
}
