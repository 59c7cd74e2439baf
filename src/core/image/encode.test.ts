import { describe, expect, it } from 'vitest';
import { decode as decodePngFile } from 'fast-png';
import { decodeImage } from './decode.ts';
import { encodePng } from './encode.ts';

describe('encodePng', () => {
  it('writes 8-bit grey that decodes back to the same pixels', () => {
    const data = Uint8Array.from({ length: 35 }, (_, i) => (i * 53) % 256);
    const bytes = encodePng({ width: 7, height: 5, data });
    const back = decodePngFile(bytes);
    expect([back.width, back.height, back.depth, back.channels]).toEqual([7, 5, 8, 1]);
    expect(Array.from(back.data)).toEqual(Array.from(data));
  });

  it('writes 16-bit grey, e.g. label images with more than 255 cells', () => {
    const data = Uint16Array.from([0, 1, 255, 256, 300, 65535]);
    const bytes = encodePng({ width: 3, height: 2, bitDepth: 16, data });
    const img = decodeImage(bytes, 'labels16.png');
    expect(img.pages[0]).toEqual({ width: 3, height: 2, bitDepth: 16, data });
  });

  it('refuses data that do not fit the stated size or depth', () => {
    expect(() => encodePng({ width: 3, height: 2, data: new Uint8Array(5) })).toThrow(/5 values for a 3 × 2 image/);
    expect(() => encodePng({ width: 1, height: 1, bitDepth: 16, data: new Uint8Array(1) })).toThrow(/bit depth 16/);
  });
});
