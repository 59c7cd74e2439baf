import { describe, expect, it } from 'vitest';
import { splitTouchingCells, type SplitOptions } from './watershed';

/** Two overlapping discs (a "figure 8") and its exact distance-to-background depth map. */
function figureEight(gap: number) {
  const width = 80;
  const height = 40;
  const discs = [
    [20, 20, 14],
    [20 + gap, 20, 14],
  ] as const;
  const mask = new Uint8Array(width * height);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      if (discs.some(([cx, cy, r]) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r)) mask[y * width + x] = 1;
  const depth = new Float32Array(width * height);
  for (let p = 0; p < mask.length; p++) {
    if (!mask[p]) continue;
    let best = Infinity;
    for (let q = 0; q < mask.length; q++)
      if (!mask[q])
        best = Math.min(best, Math.hypot((p % width) - (q % width), Math.floor(p / width) - Math.floor(q / width)));
    depth[p] = best;
  }
  return { width, height, mask, floodMask: mask, depth };
}

const options: SplitOptions = { minPeakDistance: 10, minPeakDepth: 3, mergeRatio: 0.9, haloWeight: 0 };
const labelAt = (l: Int32Array, x: number) => l[20 * 80 + x]!;

describe('splitTouchingCells', () => {
  const eight = figureEight(24);

  it('splits two discs joined by a waist at the waist', () => {
    const labels = splitTouchingCells(eight, options);
    const ids = new Set([...labels].filter((v) => v !== 0));
    expect(ids.size).toBe(2);
    expect(labelAt(labels, 20)).not.toBe(labelAt(labels, 44));
    // The split line lies at the waist (x = 32), every mask pixel is labelled.
    expect(labelAt(labels, 30)).toBe(labelAt(labels, 20));
    expect(labelAt(labels, 34)).toBe(labelAt(labels, 44));
    for (let i = 0; i < labels.length; i++) expect(labels[i] !== 0).toBe(eight.mask[i] === 1);
  });

  it('merges them again when the waist is nearly as deep as the peaks', () => {
    // Waist depth ~7.2 px against peaks of 14 px: a ratio of ~0.5.
    const cells = (mergeRatio: number) =>
      new Set([...splitTouchingCells(eight, { ...options, mergeRatio })].filter((v) => v !== 0)).size;
    expect(cells(0.45)).toBe(1);
    expect(cells(0.6)).toBe(2);
  });

  it('keeps one marker when the peaks are closer than minPeakDistance', () => {
    const labels = splitTouchingCells(eight, { ...options, minPeakDistance: 30 });
    expect(new Set([...labels].filter((v) => v !== 0)).size).toBe(1);
  });
});
