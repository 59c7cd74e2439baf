/**
 * Splitting touching cells: a marker-based priority-flood watershed written in TypeScript.
 *
 * OpenCV's watershed orders pixels by grey difference to their neighbours and splits poorly on a
 * distance map; this is the textbook flood instead: markers at the maxima of the smoothed distance
 * to the background (at least `minPeakDistance` apart within one object), pixels flooded in order
 * of depth from a bucket queue, and neighbouring regions merged again when the line between them
 * is nearly as deep as their peaks (a waist, not a true gap between two cells).
 */
import { labelComponents } from './masks';

export interface SplitOptions {
  /** Marker maxima closer than this (px) within one object are reduced to the deepest. */
  minPeakDistance: number;
  /** Markers need `depth >= minPeakDepth`. */
  minPeakDepth: number;
  /** Merge neighbours when saddle depth >= mergeRatio × the smaller peak depth. */
  mergeRatio: number;
  /** Weight of brightness (0..1 scaled) in the flood elevation, in depth units. */
  haloWeight: number;
}

export interface SplitInput {
  width: number;
  height: number;
  /** Objects to split (1 = cell); markers are found here, one object never shares a label with another. */
  mask: Uint8Array;
  /** Pixels the labels may flood (a superset of `mask`, e.g. mask plus regrown rim). */
  floodMask: Uint8Array;
  /** Smoothed depth (distance to the edge of `mask`, px); higher = deeper inside a cell. */
  depth: Float32Array;
  /** Image brightness (8-bit), used when haloWeight > 0. */
  brightness?: Uint8Array;
}

const LEVELS = 1024;

/** Instance labels (0 = background, 1..k, not necessarily contiguous after merging). */
export function splitTouchingCells(input: SplitInput, opt: SplitOptions): Int32Array {
  const { width, height, mask, floodMask, depth } = input;
  const n = width * height;
  const objects = labelComponents(mask, width, height);
  const markers = findMarkers(input, objects.labels, objects.count, opt);

  // Flood elevation: deep pixels first; bright (halo) pixels later, so split lines follow halos.
  const elevation = new Float32Array(n);
  let lo = Infinity;
  let hi = -Infinity;
  const w = opt.haloWeight / 255;
  const bright = input.brightness;
  for (let i = 0; i < n; i++) {
    if (floodMask[i] === 0) continue;
    const e = -depth[i]! + (bright && w > 0 ? w * bright[i]! : 0);
    elevation[i] = e;
    if (e < lo) lo = e;
    if (e > hi) hi = e;
  }
  const toLevel = hi > lo ? (LEVELS - 1) / (hi - lo) : 0;
  const levels = new Int32Array(n);
  for (let i = 0; i < n; i++) if (floodMask[i] !== 0) levels[i] = ((elevation[i]! - lo) * toLevel) | 0;
  const level = (i: number) => levels[i]!;

  // Bucket queue: FIFO lists per level, linked through `next`.
  const head = new Int32Array(LEVELS).fill(-1);
  const tail = new Int32Array(LEVELS).fill(-1);
  const next = new Int32Array(n);
  const push = (p: number, l: number) => {
    next[p] = -1;
    if (tail[l]! < 0) head[l] = p;
    else next[tail[l]!] = p;
    tail[l] = p;
  };

  const labels = new Int32Array(n);
  const peak = new Float64Array(markers.length + 1);
  markers.forEach((p, k) => {
    labels[p] = k + 1;
    peak[k + 1] = depth[p]!;
    push(p, level(p));
  });

  // Saddle depth between two regions: the deepest point where their fronts meet.
  const saddles = new Map<number, number>();
  const stride = markers.length + 1;
  for (let l = 0; l < LEVELS; l++) {
    while (head[l]! >= 0) {
      const p = head[l]!;
      head[l] = next[p]!;
      if (head[l]! < 0) tail[l] = -1;
      const a = labels[p]!;
      const x = p % width;
      for (let k = 0; k < 4; k++) {
        let q: number;
        if (k === 0) {
          if (x === 0) continue;
          q = p - 1;
        } else if (k === 1) {
          if (x === width - 1) continue;
          q = p + 1;
        } else if (k === 2) {
          if (p < width) continue;
          q = p - width;
        } else {
          if (p >= n - width) continue;
          q = p + width;
        }
        if (floodMask[q] === 0) continue;
        const b = labels[q]!;
        if (b === 0) {
          labels[q] = a;
          const lq = level(q);
          push(q, lq > l ? lq : l);
        } else if (b !== a) {
          const key = a < b ? a * stride + b : b * stride + a;
          const s = Math.min(depth[p]!, depth[q]!);
          if (s > (saddles.get(key) ?? -Infinity)) saddles.set(key, s);
        }
      }
    }
  }

  // Merge waists: deepest saddles first, with the peak of a merged region being its deepest.
  const parent = Int32Array.from({ length: stride }, (_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  const pairs = [...saddles.entries()].sort((u, v) => v[1] - u[1]);
  for (const [key, s] of pairs) {
    const ra = find(Math.floor(key / stride));
    const rb = find(key % stride);
    if (ra === rb) continue;
    if (s >= opt.mergeRatio * Math.min(peak[ra]!, peak[rb]!)) {
      parent[rb] = ra;
      peak[ra] = Math.max(peak[ra]!, peak[rb]!);
    }
  }
  for (let i = 0; i < n; i++) if (labels[i] !== 0) labels[i] = find(labels[i]!);
  return labels;
}

/**
 * Pixel indices of the markers: local maxima of depth inside `mask`, at least `minPeakDepth` deep,
 * greedily kept from the deepest down when no kept marker of the same object is within
 * `minPeakDistance`. An object without any such maximum gets its deepest pixel as marker.
 */
export function findMarkers(input: SplitInput, objects: Int32Array, objectCount: number, opt: SplitOptions): number[] {
  const { width, height, mask, depth } = input;
  const candidates: number[] = [];
  const deepest = new Int32Array(objectCount + 1).fill(-1);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = y * width + x;
      if (mask[p] === 0) continue;
      const d = depth[p]!;
      const o = objects[p]!;
      const best = deepest[o]!;
      if (best < 0 || d > depth[best]!) deepest[o] = p;
      if (d < opt.minPeakDepth) continue;
      let isMax = true;
      for (let dy = -1; dy <= 1 && isMax; dy++) {
        const yy = y + dy;
        if (yy < 0 || yy >= height) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const xx = x + dx;
          if (xx < 0 || xx >= width || (dx === 0 && dy === 0)) continue;
          const q = yy * width + xx;
          if (mask[q] !== 0 && depth[q]! > d) {
            isMax = false;
            break;
          }
        }
      }
      if (isMax) candidates.push(p);
    }
  }
  candidates.sort((a, b) => depth[b]! - depth[a]!);
  const kept = new Map<number, number[]>();
  const min2 = opt.minPeakDistance * opt.minPeakDistance;
  const markers: number[] = [];
  for (const p of candidates) {
    const o = objects[p]!;
    const list = kept.get(o) ?? [];
    const px = p % width;
    const py = (p - px) / width;
    let ok = true;
    for (const q of list) {
      const qx = q % width;
      const dx = qx - px;
      const dy = (q - qx) / width - py;
      if (dx * dx + dy * dy < min2) {
        ok = false;
        break;
      }
    }
    if (!ok) continue;
    list.push(p);
    kept.set(o, list);
    markers.push(p);
  }
  for (let o = 1; o <= objectCount; o++) if (!kept.has(o) && deepest[o]! >= 0) markers.push(deepest[o]!);
  return markers;
}
