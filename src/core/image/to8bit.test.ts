import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decode as decodePngFile } from 'fast-png';
import type { GreyImage } from '../experiment.ts';
import { FIELD_NAMES, describeWithShared, sharedPath } from '../../testing/shared.ts';
import { decodeImage } from './decode.ts';
import { applyStretch, percentileFromHistogram, stretchPercentiles, to8bit } from './to8bit.ts';

function grey16(values: number[], width = values.length): GreyImage {
  return { width, height: values.length / width, bitDepth: 16, data: Uint16Array.from(values) };
}

describe('stretchPercentiles (numpy "linear" percentile)', () => {
  it('matches numpy on a small list', () => {
    // numpy.percentile([10, 20, 30, 40, 1000], [0.5, 99.5]) = [10.2, 980.8]
    // h = 4·0.005 = 0.02 → 10 + 10·0.02; h = 4·0.995 = 3.98 → 1000 − 960·(1 − 0.98) (g ≥ 0.5 form)
    const s = stretchPercentiles(grey16([1000, 30, 10, 40, 20]));
    expect(s.pLo).toBe(10 + 10 * 0.02);
    expect(s.pLo).toBeCloseTo(10.2, 12);
    expect(s.pHi).toBe(1000 - 960 * (1 - 4 * (99.5 / 100) + 3));
    expect(s.pHi).toBeCloseTo(980.8, 10);
  });

  it('handles one pixel and the top of the range', () => {
    expect(stretchPercentiles(grey16([7]))).toEqual({ pLo: 7, pHi: 7 });
    const counts = new Uint32Array(65536);
    counts[65535] = 3;
    expect(percentileFromHistogram(counts, 3, 99.5)).toBe(65535);
  });
});

describe('to8bit', () => {
  it('passes 8-bit images through unchanged', () => {
    const data = Uint8Array.from([0, 3, 200, 255]);
    const out = to8bit({ width: 2, height: 2, bitDepth: 8, data });
    expect(out).toEqual({ width: 2, height: 2, data });
  });

  it('applies floor(x + 0.5) with the multiplication before the division', () => {
    // p_lo = 0, p_hi = 510 → x = v/2: exact halves round up (1 → 0.5 → 1, 3 → 1.5 → 2).
    const out = applyStretch(grey16([0, 1, 2, 3, 509, 510, 600]), { pLo: 0, pHi: 510 });
    expect(Array.from(out.data)).toEqual([0, 1, 1, 2, 255, 255, 255]);
  });

  it('maps a flat image (p_hi = p_lo) to all zeros', () => {
    const out = to8bit(grey16([500, 500, 500, 500]));
    expect(Array.from(out.data)).toEqual([0, 0, 0, 0]);
  });
});

describeWithShared('to8bit on the real fields reproduces phase8.png', () => {
  const reference = readFileSync(sharedPath('reference', 'phase8_stretch.csv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(','));

  for (const field of FIELD_NAMES) {
    it(`${field}: percentiles, counts and every pixel`, () => {
      const row = reference.find((r) => r[0] === field)!;
      const raw = decodeImage(
        readFileSync(sharedPath('data', 'phase-contrast', 'fields', field, 'raw.tif')),
        'raw.tif',
      );
      const page = raw.pages[0]!;
      const t0 = performance.now();
      const { pLo, pHi } = stretchPercentiles(page);
      const out = to8bit(page);
      const ms = performance.now() - t0;
      // The CSV prints 17 significant digits, so parsing gives back the exact double.
      expect(pLo).toBe(Number(row[1]));
      expect(pHi).toBe(Number(row[2]));
      expect(out.data.filter((v) => v === 0).length).toBe(Number(row[3]));
      expect(out.data.filter((v) => v === 255).length).toBe(Number(row[4]));
      const expected = decodePngFile(readFileSync(sharedPath('data', 'phase-contrast', 'fields', field, 'phase8.png')));
      expect([expected.width, expected.height, expected.channels, expected.depth]).toEqual([1024, 1022, 1, 8]);
      let differing = 0;
      for (let i = 0; i < out.data.length; i++) if (out.data[i] !== expected.data[i]) differing++;
      expect(differing).toBe(0);
      expect(ms).toBeLessThan(500); // two histogram passes and a lookup table: ~10 ms here
    });
  }
});
