import { describe, expect, it } from 'vitest';
import { buildTiff } from '../../testing/imageFixtures';
import { fieldImage } from './fieldImage';
import { stretchPercentiles, to8bit } from './to8bit';
import { decodeImage } from './decode';

describe('fieldImage: a file to the 8-bit field the method works on', () => {
  const values = Array.from({ length: 32 * 16 }, (_, i) => 1000 + ((i * 37) % 3000));
  const tiff = buildTiff([
    { width: 32, height: 16, bitsPerSample: 16, values },
    { width: 32, height: 16, bitsPerSample: 16, values: values.map((v) => 4000 - v) },
  ]);

  it('picks the page and applies the 16 → 8-bit rule, with the stretch it used', () => {
    const page = decodeImage(tiff, 'two.tif').pages[1]!;
    const f = fieldImage(tiff, 'two.tif', 1);
    expect(f.image).toEqual(to8bit(page));
    expect(f.bitDepth).toBe(16);
    expect([f.pLo, f.pHi]).toEqual([stretchPercentiles(page).pLo, stretchPercentiles(page).pHi]);
    expect(f.pages).toBe(2);
    expect(f.bitDepthStatement).toMatch(/16/);
  });

  it('names the file and the page it does not have', () => {
    expect(() => fieldImage(tiff, 'two.tif', 2)).toThrow('two.tif: no page 3 (the file has 2)');
  });
});
