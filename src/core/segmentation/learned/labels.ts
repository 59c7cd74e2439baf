/**
 * The one post-processing of the network's maps into cells, used by the worker, the CLI and the
 * tests alike: foreground where the background probability is low; one seed per cell where the
 * predicted distance to the cell's edge is high; a watershed from the seeds over the foreground,
 * flooding from the cells' centres outwards (by the distance map); foreground left without a seed
 * becomes a cell of its own; then small cells and (step 8) cells touching the border are dropped.
 */
import { compactLabels, labelComponents } from '../masks';

export interface CellMapParams {
  /** Foreground where 1 − P(background) exceeds this. */
  foreground: number;
  /** Seeds where the predicted normalised distance (0 edge … 1 centre) exceeds this. */
  seed: number;
  /** Seeds smaller than this (px, at the field's size) are ignored. */
  minSeedArea: number;
  /** Cells smaller than this (px) are dropped. */
  minArea: number;
  /** Step 8: drop cells touching the image border. */
  removeBorder: boolean;
}

export interface CellMaps {
  width: number;
  height: number;
  /** P(background), 0..1. */
  background: Float32Array;
  /** Predicted normalised distance to the cell edge, 0..1. */
  distance: Float32Array;
}

const LEVELS = 256;

export function cellsFromMaps(maps: CellMaps, p: CellMapParams): { labels: Int32Array; count: number } {
  const { width, height, background, distance } = maps;
  const n = width * height;
  const fg = new Uint8Array(n);
  const seedMask = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    if (1 - background[i]! > p.foreground) {
      fg[i] = 1;
      if (distance[i]! > p.seed) seedMask[i] = 1;
    }
  }
  const seeds = labelComponents(seedMask, width, height);
  const labels = seeds.labels;
  // Seeds too small to be a cell's centre are left to be flooded by their neighbours.
  if (p.minSeedArea > 1) {
    const area = new Int32Array(seeds.count + 1);
    for (let i = 0; i < n; i++) area[labels[i]!]!++;
    for (let i = 0; i < n; i++) if (labels[i]! > 0 && area[labels[i]!]! < p.minSeedArea) labels[i] = 0;
  }
  flood(labels, fg, distance, width, height);
  // Foreground components that no seed reached: cells too thin for a seed.
  let next = seeds.count;
  const rest = new Uint8Array(n);
  let any = false;
  for (let i = 0; i < n; i++)
    if (fg[i] && labels[i] === 0) {
      rest[i] = 1;
      any = true;
    }
  if (any) {
    const extra = labelComponents(rest, width, height);
    for (let i = 0; i < n; i++) if (extra.labels[i]! > 0) labels[i] = next + extra.labels[i]!;
    next += extra.count;
  }
  const count = compactLabels(labels, width, height, p.minArea, p.removeBorder);
  return { labels, count };
}

/**
 * Watershed by a bucket queue (4-connected, 256 levels of 1 − distance): each foreground pixel
 * takes the label of the seed whose flood reaches it first. O(pixels).
 */
function flood(labels: Int32Array, fg: Uint8Array, distance: Float32Array, width: number, height: number): void {
  const n = width * height;
  const nextInQueue = new Int32Array(n).fill(-1);
  const head = new Int32Array(LEVELS).fill(-1);
  const tail = new Int32Array(LEVELS).fill(-1);
  const queued = new Uint8Array(n);
  const levelOf = (i: number) => {
    const l = Math.floor((1 - distance[i]!) * (LEVELS - 1));
    return l < 0 ? 0 : l >= LEVELS ? LEVELS - 1 : l;
  };
  const push = (i: number, level: number) => {
    queued[i] = 1;
    if (tail[level]! < 0) head[level] = i;
    else nextInQueue[tail[level]!] = i;
    tail[level] = i;
  };
  for (let i = 0; i < n; i++) if (labels[i]! > 0) push(i, levelOf(i));
  for (let level = 0; level < LEVELS; level++) {
    while (head[level]! >= 0) {
      const i = head[level]!;
      head[level] = nextInQueue[i]!;
      if (head[level]! < 0) tail[level] = -1;
      const label = labels[i]!;
      const x = i % width;
      const visit = (j: number) => {
        if (queued[j] || !fg[j]) return;
        labels[j] = label;
        push(j, Math.max(level, levelOf(j)));
      };
      if (x > 0) visit(i - 1);
      if (x < width - 1) visit(i + 1);
      if (i >= width) visit(i - width);
      if (i < n - width) visit(i + width);
    }
  }
}
