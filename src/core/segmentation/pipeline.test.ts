import { readFileSync } from 'node:fs';
import { decode } from 'fast-png';
import { beforeAll, describe, expect, it } from 'vitest';
import { getCv, type CV } from '../cv';
import type { Grey8 } from '../experiment';
import { describeWithShared, FIELD_NAMES, sharedPath } from '../../testing/shared';
import { DEFAULT_SEGMENTATION_PARAMS, paramsHash, validateParams, withParam } from './params';
import { segmentImage, STEP_NAMES } from './pipeline';
import { scoreSegmentation } from './score';

/** Flat, slightly noisy background with dark textured discs (cx, cy, r); seeded. */
function blobs(width: number, height: number, discs: [number, number, number][]): Grey8 {
  let s = 12345;
  const rand = () => (s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32;
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const inside = discs.some(([cx, cy, r]) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r);
      data[y * width + x] = inside ? 70 + rand() * 80 : 128 + rand() * 3;
    }
  return { width, height, data };
}

/** Wasm heap size and where a fresh 1-MB Mat lands: both unchanged when nothing leaked. */
function heapProbe(cv: CV): [number, number] {
  const m = new cv.Mat(1024, 1024, cv.CV_8UC1);
  try {
    return [m.data.buffer.byteLength, m.data.byteOffset];
  } finally {
    m.delete();
  }
}

function isContiguous(labels: Int32Array, count: number): boolean {
  const seen = new Uint8Array(count + 1);
  for (const v of labels) {
    if (v < 0 || v > count) return false;
    seen[v] = 1;
  }
  return seen.slice(1).every((x) => x === 1);
}

function touchesBorder(labels: Int32Array, width: number, height: number): boolean {
  for (let x = 0; x < width; x++) if (labels[x] || labels[(height - 1) * width + x]) return true;
  for (let y = 0; y < height; y++) if (labels[y * width] || labels[y * width + width - 1]) return true;
  return false;
}

let cv: CV;
beforeAll(async () => {
  cv = await getCv();
});

describe('segmentImage on a synthetic image', () => {
  // Two separate cells, a touching pair (a waist 24 px wide), and one cell cut by the border.
  const image = blobs(320, 200, [
    [60, 60, 25],
    [60, 140, 22],
    [170, 100, 25],
    [214, 100, 25],
    [310, 40, 25],
  ]);

  it('finds the interior cells, splits the touching pair and drops the border cell', () => {
    const r = segmentImage(cv, image);
    expect(r.count).toBe(4);
    expect(isContiguous(r.labels, r.count)).toBe(true);
    expect(touchesBorder(r.labels, r.width, r.height)).toBe(false);
    const at = (x: number, y: number) => r.labels[y * image.width + x]!;
    const centres = [at(60, 60), at(60, 140), at(170, 100), at(214, 100)];
    expect(new Set(centres).size).toBe(4);
    expect(centres.every((c) => c > 0)).toBe(true);
    // Each label is a cell-sized object (disc area ~1500-2000 px, minus the erosion rim).
    const areas = new Map<number, number>();
    for (const v of r.labels) if (v) areas.set(v, (areas.get(v) ?? 0) + 1);
    for (const a of areas.values()) expect(a).toBeGreaterThan(700);
    for (const a of areas.values()) expect(a).toBeLessThan(2000);
  });

  it('without the split, the touching pair stays one object', () => {
    const r = segmentImage(cv, image, withParam(DEFAULT_SEGMENTATION_PARAMS, 'split.enabled', false));
    expect(r.count).toBe(3);
    expect(r.labels[100 * image.width + 170]).toBe(r.labels[100 * image.width + 214]);
  });

  it('keeps one 8-bit picture per step and a timing per step', () => {
    const r = segmentImage(cv, image, DEFAULT_SEGMENTATION_PARAMS, { keepSteps: true });
    expect(r.steps!.map((s) => s.name)).toEqual([...STEP_NAMES]);
    for (const s of r.steps!) expect(s.image.length).toBe(image.width * image.height);
    for (const name of STEP_NAMES) expect(r.timingsMs[name]).toBeGreaterThanOrEqual(0);
    expect(r.timingsMs.total).toBeGreaterThan(0);
  });

  it('frees every Mat: the wasm heap and the next allocation address stay put over 20 runs', () => {
    segmentImage(cv, image);
    const before = heapProbe(cv);
    for (let i = 0; i < 20; i++) segmentImage(cv, image, DEFAULT_SEGMENTATION_PARAMS, { keepSteps: i % 2 === 0 });
    segmentImage(cv, image, {
      ...DEFAULT_SEGMENTATION_PARAMS,
      texture: { ...DEFAULT_SEGMENTATION_PARAMS.texture, kind: 'variance' },
      erosion: { radius: 4, shape: 'square' },
      background: { method: 'gaussian', radius: 30, downscale: 2 },
    });
    expect(heapProbe(cv)).toEqual(before);
  });
});

describe('segmentation parameters', () => {
  it('defaults are valid, bad values are named, and the hash is stable and sensitive', () => {
    expect(validateParams(DEFAULT_SEGMENTATION_PARAMS)).toEqual([]);
    const bad = withParam(withParam(DEFAULT_SEGMENTATION_PARAMS, 'erosion.radius', -1), 'threshold.mode', 'magic');
    expect(validateParams(bad)).toHaveLength(2);
    const reverse = (v: unknown): unknown =>
      v && typeof v === 'object'
        ? Object.fromEntries(
            Object.entries(v)
              .reverse()
              .map(([k, x]) => [k, reverse(x)]),
          )
        : v;
    const reordered = reverse(DEFAULT_SEGMENTATION_PARAMS) as typeof DEFAULT_SEGMENTATION_PARAMS;
    expect(Object.keys(reordered)[0]).toBe('minFinalArea');
    expect(paramsHash(reordered)).toBe(paramsHash(DEFAULT_SEGMENTATION_PARAMS));
    expect(paramsHash(withParam(DEFAULT_SEGMENTATION_PARAMS, 'split.mergeRatio', 0.8))).not.toBe(
      paramsHash(DEFAULT_SEGMENTATION_PARAMS),
    );
    expect(paramsHash(DEFAULT_SEGMENTATION_PARAMS)).toMatch(/^[0-9a-f]{16}$/);
  });
});

describeWithShared('segmentImage on the six shared fields (default params)', () => {
  const load = (path: string) => decode(readFileSync(path));

  it('reaches the measured Dice and F1 on interior cells, with clean labels and no leak', () => {
    const before = heapProbe(cv);
    const scores = FIELD_NAMES.map((f) => {
      const im = load(sharedPath('data/phase-contrast/fields', f, 'phase8.png'));
      const truth = load(sharedPath('data/phase-contrast/fields', f, 'labels.png'));
      const r = segmentImage(cv, { width: im.width, height: im.height, data: im.data as Uint8Array });
      expect(isContiguous(r.labels, r.count)).toBe(true);
      expect(touchesBorder(r.labels, r.width, r.height)).toBe(false);
      return scoreSegmentation(r.labels, truth.data as Uint8Array, im.width, im.height);
    });
    const mean = (k: 'dice' | 'f1') => scores.reduce((a, s) => a + s[k], 0) / scores.length;
    // Measured with these defaults: mean Dice 0.755, mean F1 0.590 (docs/segmentation.md).
    expect(mean('dice')).toBeGreaterThan(0.745);
    expect(mean('f1')).toBeGreaterThan(0.57);
    for (const s of scores) expect(s.dice).toBeGreaterThan(0.6);
    expect(heapProbe(cv)).toEqual(before);
  });
});
