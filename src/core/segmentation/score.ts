/**
 * Scoring a segmentation against hand-drawn labels, on interior cells: objects touching the 1-px
 * image border are dropped from both sides first (step 8 drops them from the prediction anyway).
 * Foreground Dice, and object precision / recall / F1 with one-to-one matching at IoU >= 0.5.
 */
import { borderLabels } from './masks';

export type LabelImage = Int32Array | Uint8Array | Uint16Array | Uint32Array;

export interface SegmentationScore {
  dice: number;
  precision: number;
  recall: number;
  f1: number;
  tp: number;
  fp: number;
  fn: number;
  predCount: number;
  truthCount: number;
}

/** Label ids (0 = background) with the border-touching ones set to 0, and the area of each id. */
function interior(labels: LabelImage, width: number, height: number): { ids: Int32Array; areas: Map<number, number> } {
  const drop = borderLabels(labels, width, height);
  const ids = new Int32Array(labels.length);
  const areas = new Map<number, number>();
  for (let i = 0; i < labels.length; i++) {
    const v = labels[i]!;
    if (v === 0 || drop.has(v)) continue;
    ids[i] = v;
    areas.set(v, (areas.get(v) ?? 0) + 1);
  }
  return { ids, areas };
}

export function scoreSegmentation(
  pred: LabelImage,
  truth: LabelImage,
  width: number,
  height: number,
): SegmentationScore {
  const n = width * height;
  if (pred.length !== n || truth.length !== n) throw new Error('label images must be width × height');
  const p = interior(pred, width, height);
  const t = interior(truth, width, height);

  let both = 0;
  let predFg = 0;
  let truthFg = 0;
  const overlap = new Map<number, number>();
  let truthMax = 0;
  for (const id of t.areas.keys()) if (id > truthMax) truthMax = id;
  const stride = truthMax + 1;
  for (let i = 0; i < n; i++) {
    const a = p.ids[i]!;
    const b = t.ids[i]!;
    if (a !== 0) predFg++;
    if (b !== 0) truthFg++;
    if (a !== 0 && b !== 0) {
      both++;
      const key = a * stride + b;
      overlap.set(key, (overlap.get(key) ?? 0) + 1);
    }
  }
  const dice = predFg + truthFg > 0 ? (2 * both) / (predFg + truthFg) : 1;

  // IoU > 0.5 pairs are unique on both sides by construction; greedy by IoU settles ties at 0.5.
  const candidates: { a: number; b: number; iou: number }[] = [];
  for (const [key, inter] of overlap) {
    const a = Math.floor(key / stride);
    const b = key % stride;
    const iou = inter / (p.areas.get(a)! + t.areas.get(b)! - inter);
    if (iou >= 0.5) candidates.push({ a, b, iou });
  }
  candidates.sort((u, v) => v.iou - u.iou || u.a - v.a || u.b - v.b);
  const usedA = new Set<number>();
  const usedB = new Set<number>();
  let tp = 0;
  for (const c of candidates) {
    if (usedA.has(c.a) || usedB.has(c.b)) continue;
    usedA.add(c.a);
    usedB.add(c.b);
    tp++;
  }
  const predCount = p.areas.size;
  const truthCount = t.areas.size;
  const fp = predCount - tp;
  const fn = truthCount - tp;
  const precision = predCount > 0 ? tp / predCount : 0;
  const recall = truthCount > 0 ? tp / truthCount : 0;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { dice, precision, recall, f1, tp, fp, fn, predCount, truthCount };
}
