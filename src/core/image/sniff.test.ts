import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { encode as encodePngFile } from 'fast-png';
import { encode as encodeJpegFile } from 'jpeg-js';
import { describeWithShared, sharedPath } from '../../testing/shared.ts';
import { ImageDecodeError } from './errors.ts';
import { MAX_PIXELS, checkDecodable, readImageHeader, sniffFormat } from './sniff.ts';
import { buildTiff } from '../../testing/imageFixtures';

describe('sniffFormat', () => {
  it('goes by the signature, not the name', () => {
    const png = encodePngFile({ width: 1, height: 1, data: new Uint8Array(1), depth: 8, channels: 1 });
    const jpeg = new Uint8Array(encodeJpegFile({ width: 8, height: 8, data: new Uint8Array(256) }, 80).data);
    expect(sniffFormat(png)).toBe('png');
    expect(sniffFormat(jpeg)).toBe('jpeg');
    expect(sniffFormat(buildTiff([{ width: 1, height: 1, bitsPerSample: 8, values: [0] }], true))).toBe('tiff');
    expect(sniffFormat(buildTiff([{ width: 1, height: 1, bitsPerSample: 8, values: [0] }], false))).toBe('tiff');
    expect(sniffFormat(Uint8Array.from([0x49, 0x49, 0x2b, 0x00]))).toBe('tiff'); // BigTIFF
    expect(sniffFormat(Uint8Array.from([0x49, 0x49, 0x2c, 0x00]))).toBe('unknown');
    expect(sniffFormat(new TextEncoder().encode('hello'))).toBe('unknown');
    expect(sniffFormat(new Uint8Array(0))).toBe('unknown');
    // A PNG named .tif is still read as PNG.
    expect(readImageHeader(png, 'misnamed.tif').format).toBe('png');
  });
});

describe('readImageHeader', () => {
  it('reads PNG size, depth and colour from IHDR', () => {
    const bytes = encodePngFile({ width: 5, height: 3, data: new Uint16Array(45), depth: 16, channels: 3 });
    const h = readImageHeader(bytes, 'x.png');
    expect(h).toMatchObject({ format: 'png', width: 5, height: 3, bitDepth: 16, pageCount: 1 });
    expect(h.pages[0]).toMatchObject({ channels: 3, colour: 'rgb', compression: 'Deflate', unsupported: undefined });
  });

  it('reads JPEG size from the frame header', () => {
    const bytes = new Uint8Array(encodeJpegFile({ width: 24, height: 10, data: new Uint8Array(24 * 10 * 4) }, 80).data);
    const h = readImageHeader(bytes, 'x.jpg');
    expect(h).toMatchObject({ format: 'jpeg', width: 24, height: 10, bitDepth: 8, pageCount: 1 });
    expect(h.pages[0]).toMatchObject({ channels: 3, colour: 'rgb', compression: 'JPEG (baseline)' });
  });

  it('counts the pages of a TIFF stack and flags thumbnails', () => {
    const bytes = buildTiff([
      { width: 4, height: 2, bitsPerSample: 16, values: [] },
      { width: 4, height: 2, bitsPerSample: 16, values: [] },
      { width: 2, height: 1, bitsPerSample: 8, values: [], newSubfileType: 1 },
    ]);
    const h = readImageHeader(bytes, 'stack.tif');
    expect(h).toMatchObject({ format: 'tiff', width: 4, height: 2, bitDepth: 16, pageCount: 2 });
    expect(h.pages.map((p) => p.reducedResolution)).toEqual([false, false, true]);
  });

  it('records why a page cannot be decoded without throwing', () => {
    const h = readImageHeader(
      buildTiff([{ width: 2, height: 1, bitsPerSample: 32, sampleFormat: 3, values: [1, 2] }]),
      'f.tif',
    );
    expect(h.pages[0]!.sampleFormat).toBe('float');
    expect(h.pages[0]!.unsupported).toBe('32-bit float samples are not supported; export 8- or 16-bit grey');
    expect(() => checkDecodable(h, 'f.tif')).toThrow(ImageDecodeError);
  });

  it('refuses BigTIFF by name', () => {
    expect(() => readImageHeader(Uint8Array.from([0x49, 0x49, 0x2b, 0, 8, 0, 0, 0, 16, 0, 0, 0]), 'big.tif')).toThrow(
      'big.tif: BigTIFF (the variant for files over 4 GB) is not supported; save as ordinary TIFF',
    );
  });

  it('checkDecodable states the size limit', () => {
    expect(MAX_PIXELS).toBe(50_000_000);
    const h = readImageHeader(buildTiff([{ width: 1, height: 1, bitsPerSample: 8, values: [0] }]), 'ok.tif');
    expect(() => checkDecodable(h, 'ok.tif')).not.toThrow();
    h.pages[0]!.width = 10_000;
    h.pages[0]!.height = 5_001;
    expect(() => checkDecodable(h, 'ok.tif')).toThrow(
      'ok.tif: image too large (10,000 × 5,001 = 50,010,000 pixels; the limit is 50,000,000 pixels (50 megapixels) per image)',
    );
  });
});

describeWithShared('readImageHeader on the real files', () => {
  it('reads raw.tif as one 1024 × 1022 16-bit grey page, quickly', () => {
    const bytes = readFileSync(sharedPath('data', 'phase-contrast', 'fields', 'set18', 'raw.tif'));
    const t0 = performance.now();
    const h = readImageHeader(bytes, 'raw.tif');
    const ms = performance.now() - t0;
    expect(h).toMatchObject({ format: 'tiff', width: 1024, height: 1022, bitDepth: 16, pageCount: 1 });
    expect(h.pages[0]).toMatchObject({ channels: 1, colour: 'grey', compression: 'none', sampleFormat: 'unsigned' });
    expect(ms).toBeLessThan(50); // headers only: no pixel is touched
  });

  it('reads phase8.png as 8-bit grey', () => {
    const h = readImageHeader(
      readFileSync(sharedPath('data', 'phase-contrast', 'fields', 'set18', 'phase8.png')),
      'phase8.png',
    );
    expect(h).toMatchObject({ format: 'png', width: 1024, height: 1022, bitDepth: 8, pageCount: 1 });
    expect(h.pages[0]!.colour).toBe('grey');
  });
});
