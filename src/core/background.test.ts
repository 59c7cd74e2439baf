import { describe, expect, it } from 'vitest';
import { getCv } from './cv';
import { estimateBackground } from './background';
import { DEFAULT_SEGMENTATION_PARAMS, withParam } from './segmentation/params';
import { subtractBackground } from './segmentation/background';

// A wide box estimate (radius 32 px) so the ramp test sees illumination, not cells.
const WIDE = withParam(withParam(DEFAULT_SEGMENTATION_PARAMS, 'background.radius', 32), 'background.downscale', 8);

describe('estimateBackground', () => {
  it('recovers a smooth illumination ramp and flattens it', async () => {
    const cv = await getCv();
    const width = 400;
    const height = 300;
    const data = new Uint8Array(width * height);
    // A left-to-right ramp 60 → 180 with small dark "cells" on top.
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++) {
        const ramp = 60 + (120 * x) / (width - 1);
        const cell = (x % 50 < 6 && y % 50 < 6) ? 30 : 0;
        data[y * width + x] = Math.round(ramp - cell);
      }
    const { background, corrected } = estimateBackground(cv, { width, height, data }, WIDE);
    expect(background.length).toBe(width * height);
    // Away from the edges the estimate follows the ramp within a few grey levels.
    for (const x of [100, 200, 300]) {
      const ramp = 60 + (120 * x) / (width - 1);
      expect(Math.abs(background[150 * width + x]! - ramp)).toBeLessThan(8);
    }
    // The corrected field is flat (near 128) where there are no cells, left and right alike.
    const left = corrected[150 * width + 80]!;
    const right = corrected[150 * width + 320]!;
    expect(Math.abs(left - right)).toBeLessThan(8);
    expect(Math.abs(left - 128)).toBeLessThan(10);
  });

  it('is what segmentation subtracts: the corrected layer equals step 1 of the classical method', async () => {
    const cv = await getCv();
    const width = 320;
    const height = 240;
    const data = Uint8Array.from({ length: width * height }, (_, i) => (i % width) / 3 + ((i * 7919) % 23));
    const params = { ...DEFAULT_SEGMENTATION_PARAMS, pixelSizeUm: 0.87 };
    const { corrected } = estimateBackground(cv, { width, height, data }, params);
    const src = cv.matFromArray(height, width, cv.CV_8UC1, data);
    const step1 = subtractBackground(cv, src, params.background);
    try {
      expect(corrected).toEqual(step1.data.slice());
    } finally {
      src.delete();
      step1.delete();
    }
  });

  it('does not leak Mats over repeated calls', async () => {
    const cv = await getCv();
    const img = { width: 256, height: 256, data: new Uint8Array(256 * 256).fill(100) };
    const probe = () => {
      const m = new cv.Mat(1, 1, cv.CV_8UC1);
      try {
        return m.data.buffer.byteLength;
      } finally {
        m.delete();
      }
    };
    for (let i = 0; i < 3; i++) estimateBackground(cv, img, WIDE);
    const before = probe();
    for (let i = 0; i < 50; i++) estimateBackground(cv, img, WIDE);
    expect(probe()).toBe(before);
  });
});
