/** measureCells on tiny hand-made masks whose descriptors can be worked out on paper. */
import { describe, expect, it } from 'vitest';
import { getCv } from '../cv';
import { DESCRIPTORS, type Grey8 } from '../experiment';
import { measureCells, type CellMeasurements } from './measure';

const col = (name: (typeof DESCRIPTORS)[number]) => DESCRIPTORS.indexOf(name);
const value = (m: CellMeasurements, row: number, name: (typeof DESCRIPTORS)[number]) =>
  m.values[row * DESCRIPTORS.length + col(name)]!;

/** A width×height scene: `cells` lists [label, x, y] pixels; grey is `grey(x, y)` (default 100). */
function scene(
  width: number,
  height: number,
  pixels: [number, number, number][],
  grey: (x: number, y: number) => number = () => 100,
): { image: Grey8; labels: Uint8Array } {
  const labels = new Uint8Array(width * height);
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data[y * width + x] = grey(x, y);
  for (const [id, x, y] of pixels) labels[y * width + x] = id;
  return { image: { width, height, data }, labels };
}

function rect(id: number, x0: number, y0: number, w: number, h: number): [number, number, number][] {
  const out: [number, number, number][] = [];
  for (let y = y0; y < y0 + h; y++) for (let x = x0; x < x0 + w; x++) out.push([id, x, y]);
  return out;
}

/** Reference axes straight from the definition: 4·sqrt(eigenvalues of the pixel covariance). */
function axesByDefinition(pts: [number, number, number][]): [number, number] {
  const n = pts.length;
  const mx = pts.reduce((s, p) => s + p[1], 0) / n;
  const my = pts.reduce((s, p) => s + p[2], 0) / n;
  let a = 0;
  let b = 0;
  let c = 0;
  for (const [, x, y] of pts) {
    a += (x - mx) ** 2 / n;
    b += ((x - mx) * (y - my)) / n;
    c += (y - my) ** 2 / n;
  }
  const r = Math.sqrt(((a - c) / 2) ** 2 + b * b);
  return [4 * Math.sqrt((a + c) / 2 + r), 4 * Math.sqrt((a + c) / 2 - r)];
}

describe('measureCells on synthetic masks', () => {
  it('a filled 5×3 rectangle: contour through pixel centres, solidity 1, flat texture', async () => {
    const cv = await getCv();
    const { image, labels } = scene(12, 9, rect(1, 3, 2, 5, 3));
    const m = measureCells(cv, image, labels);
    expect(m.cellCount).toBe(1);
    expect(Array.from(m.labelIds)).toEqual([1]);
    expect(value(m, 0, 'area')).toBe(15);
    expect(value(m, 0, 'perimeter')).toBe(12); // 4 + 2 + 4 + 2 between centres
    expect(value(m, 0, 'solidity')).toBe(1);
    expect(value(m, 0, 'compactness')).toBeCloseTo((4 * Math.PI * 15) / 144, 14);
    // x uniform on 0..4: variance (5²−1)/12 = 2; y on 0..2: (3²−1)/12 = 2/3
    expect(value(m, 0, 'length')).toBeCloseTo(4 * Math.sqrt(2), 14);
    expect(value(m, 0, 'breadth')).toBeCloseTo(4 * Math.sqrt(2 / 3), 14);
    expect(value(m, 0, 'aspect_ratio')).toBeCloseTo(Math.sqrt(3), 14);
    expect(value(m, 0, 'mean_intensity')).toBe(100);
    // One grey level: no contrast, energy and homogeneity 1, correlation 1 by the σ = 0 rule.
    expect(value(m, 0, 'glcm_contrast')).toBe(0);
    expect(value(m, 0, 'glcm_energy')).toBe(1);
    expect(value(m, 0, 'glcm_homogeneity')).toBe(1);
    expect(value(m, 0, 'glcm_correlation')).toBe(1);
  });

  it('GLCM of vertical stripes, worked out by hand per angle', async () => {
    const cv = await getCv();
    // 4×3 cell, columns alternate levels 0 and 1 (grey 0 and 8): 0°, 45°, 135° pairs always
    // differ by one level (contrast 1, homogeneity ½, correlation −1), 90° pairs never do
    // (contrast 0, homogeneity 1, correlation 1); every angle has energy √½.
    const { image, labels } = scene(8, 7, rect(3, 2, 2, 4, 3), (x) => (x % 2 === 0 ? 0 : 8));
    const m = measureCells(cv, image, labels);
    expect(value(m, 0, 'glcm_contrast')).toBeCloseTo(0.75, 15);
    expect(value(m, 0, 'glcm_homogeneity')).toBeCloseTo(0.625, 15);
    expect(value(m, 0, 'glcm_energy')).toBeCloseTo(Math.SQRT1_2, 15);
    expect(value(m, 0, 'glcm_correlation')).toBeCloseTo(-0.5, 15);
    expect(value(m, 0, 'mean_intensity')).toBe(4);
  });

  it('an L shape: diagonal contour step, polygon solidity 5.5 / 7', async () => {
    const cv = await getCv();
    // 4×4 square without its top-right 2×2: the contour cuts the inner corner diagonally,
    // (0,0) (1,0) (1,1) (2,2) (3,2) (3,3) (0,3); its hull is (0,0) (1,0) (3,2) (3,3) (0,3).
    const px = rect(1, 0, 0, 4, 4).filter(([, x, y]) => !(x >= 2 && y < 2));
    const shifted = px.map(([id, x, y]) => [id, x + 2, y + 2] as [number, number, number]);
    const { image, labels } = scene(9, 9, shifted);
    const m = measureCells(cv, image, labels);
    expect(value(m, 0, 'area')).toBe(12);
    // OpenCV's arcLength takes each step's length in float32: a diagonal step is fround(√2).
    expect(value(m, 0, 'perimeter')).toBe(10 + Math.fround(Math.SQRT2));
    expect(value(m, 0, 'solidity')).toBeCloseTo(5.5 / 7, 14);
    const [length, breadth] = axesByDefinition(px);
    expect(value(m, 0, 'length')).toBeCloseTo(length, 12);
    expect(value(m, 0, 'breadth')).toBeCloseTo(breadth, 12);
  });

  it('a single pixel: perimeter 0, so compactness, solidity and aspect ratio are NaN', async () => {
    const cv = await getCv();
    const { image, labels } = scene(5, 5, [[7, 2, 2]]);
    const m = measureCells(cv, image, labels);
    expect(value(m, 0, 'area')).toBe(1);
    expect(value(m, 0, 'perimeter')).toBe(0);
    expect(value(m, 0, 'length')).toBe(0);
    expect(value(m, 0, 'breadth')).toBe(0);
    expect(value(m, 0, 'aspect_ratio')).toBeNaN();
    expect(value(m, 0, 'compactness')).toBeNaN();
    expect(value(m, 0, 'solidity')).toBeNaN();
    expect(value(m, 0, 'mean_intensity')).toBe(100);
    // no neighbour pairs at any angle
    for (const d of ['glcm_contrast', 'glcm_correlation', 'glcm_energy', 'glcm_homogeneity'] as const)
      expect(value(m, 0, d)).toBeNaN();
  });

  it('a hole is ignored by the contour but not by the pixel count', async () => {
    const cv = await getCv();
    const px = rect(2, 2, 2, 5, 5).filter(([, x, y]) => !(x === 4 && y === 4));
    const { image, labels } = scene(9, 9, px, (x, y) => 10 * x + y);
    const m = measureCells(cv, image, labels);
    expect(value(m, 0, 'area')).toBe(24);
    expect(value(m, 0, 'perimeter')).toBe(16);
    expect(value(m, 0, 'solidity')).toBe(1);
    const expectedMean = px.reduce((s, [, x, y]) => s + 10 * x + y, 0) / 24;
    expect(value(m, 0, 'mean_intensity')).toBeCloseTo(expectedMean, 12);
    // symmetric around the hole: both axes equal, 4·sqrt(Σ(x−4)²/24) = 4·sqrt(50/24)
    expect(value(m, 0, 'length')).toBeCloseTo(4 * Math.sqrt(50 / 24), 12);
    expect(value(m, 0, 'breadth')).toBeCloseTo(4 * Math.sqrt(50 / 24), 12);
  });

  it('a label in two pieces: contour shape of the larger piece, everything else over both', async () => {
    const cv = await getCv();
    const px = [...rect(4, 1, 1, 5, 3), ...rect(4, 9, 6, 2, 2)];
    const { image, labels } = scene(13, 10, px);
    const m = measureCells(cv, image, labels);
    expect(value(m, 0, 'area')).toBe(19);
    expect(value(m, 0, 'perimeter')).toBe(12);
    expect(value(m, 0, 'solidity')).toBe(1);
    expect(value(m, 0, 'compactness')).toBeCloseTo((4 * Math.PI * 19) / 144, 14);
    const [length, breadth] = axesByDefinition(px);
    expect(value(m, 0, 'length')).toBeCloseTo(length, 12);
    expect(value(m, 0, 'breadth')).toBeCloseTo(breadth, 12);
  });

  it('cells touching the image edge and each other are traced like interior ones', async () => {
    const cv = await getCv();
    // two 3×3 labels side by side in the top-left corner, and one at the bottom-right corner
    const px = [...rect(1, 0, 0, 3, 3), ...rect(2, 3, 0, 3, 3), ...rect(9, 7, 5, 3, 3)];
    const { image, labels } = scene(10, 8, px);
    const m = measureCells(cv, image, labels);
    expect(Array.from(m.labelIds)).toEqual([1, 2, 9]);
    for (let r = 0; r < 3; r++) {
      expect(value(m, r, 'area')).toBe(9);
      expect(value(m, r, 'perimeter')).toBe(8);
      expect(value(m, r, 'solidity')).toBe(1);
    }
  });

  it('non-contiguous ids in any integer array type, rows by increasing id', async () => {
    const cv = await getCv();
    const px = [...rect(105, 1, 1, 2, 2), ...rect(5, 5, 1, 3, 1), ...rect(2, 1, 5, 1, 1)];
    const { image, labels } = scene(9, 8, px, (x, y) => x + 10 * y);
    const expected = measureCells(cv, image, labels);
    expect(Array.from(expected.labelIds)).toEqual([2, 5, 105]);
    expect([0, 1, 2].map((r) => value(expected, r, 'area'))).toEqual([1, 3, 4]);
    for (const Type of [Uint16Array, Uint32Array, Int32Array]) {
      const m = measureCells(cv, image, Type.from(labels));
      expect(Array.from(m.labelIds)).toEqual([2, 5, 105]);
      expect(Array.from(m.values)).toEqual(Array.from(expected.values));
    }
    const big = Uint32Array.from(labels, (v) => (v === 105 ? 70000 : v));
    expect(Array.from(measureCells(cv, image, big).labelIds)).toEqual([2, 5, 70000]);
  });

  it('labelIds option: only those ids, sorted; an absent id gives area 0 and NaN', async () => {
    const cv = await getCv();
    const px = [...rect(1, 0, 0, 2, 2), ...rect(3, 4, 0, 2, 2), ...rect(8, 0, 4, 3, 2)];
    const { image, labels } = scene(8, 8, px);
    const all = measureCells(cv, image, labels);
    const some = measureCells(cv, image, labels, { labelIds: [8, 300, 1] });
    expect(Array.from(some.labelIds)).toEqual([1, 8, 300]);
    expect(Array.from(some.values.subarray(0, 12))).toEqual(Array.from(all.values.subarray(0, 12)));
    expect(Array.from(some.values.subarray(12, 24))).toEqual(Array.from(all.values.subarray(24, 36)));
    expect(value(some, 2, 'area')).toBe(0);
    expect(value(some, 2, 'perimeter')).toBeNaN();
  });

  it('an empty label image gives no rows; mismatched sizes are refused', async () => {
    const cv = await getCv();
    const { image, labels } = scene(4, 4, []);
    expect(measureCells(cv, image, labels).cellCount).toBe(0);
    expect(() => measureCells(cv, image, new Uint8Array(15))).toThrow(RangeError);
    expect(() =>
      measureCells(
        cv,
        image,
        Int32Array.from(labels, () => -1),
      ),
    ).toThrow(RangeError);
  });
});
