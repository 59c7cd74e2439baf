import { readFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { encode as encodePngFile } from 'fast-png';
import { encode as encodeJpegFile } from 'jpeg-js';
import { describeWithShared, sharedPath } from '../../testing/shared.ts';
import { decodeImage } from './decode.ts';
import { ImageDecodeError } from './errors.ts';
import { MAX_PIXELS } from './sniff.ts';
import { buildGreyJpeg, buildTiff } from '../../testing/imageFixtures';
import { ALPHA_NOTE, EQUAL_CHANNELS_NOTE, LUMA_NOTE } from './toGrey.ts';

/** The ImageDecodeError a decode throws (fails the test if it does not throw one). */
function refusal(bytes: Uint8Array, fileName: string): ImageDecodeError {
  try {
    decodeImage(bytes, fileName);
  } catch (err) {
    if (err instanceof ImageDecodeError) return err;
    throw new Error(`expected an ImageDecodeError, got ${String(err)}`);
  }
  throw new Error('expected decodeImage to refuse the file');
}

const ramp16 = Uint16Array.from({ length: 12 }, (_, i) => i * 5000 + 7);

describe('decodeImage: PNG', () => {
  it('reads 8-bit grey unchanged', () => {
    const data = Uint8Array.from({ length: 12 }, (_, i) => i * 20);
    const img = decodeImage(encodePngFile({ width: 4, height: 3, data, depth: 8, channels: 1 }), 'a.png');
    expect(img.format).toBe('png');
    expect(img.sourceChannels).toBe(1);
    expect(img.notes).toEqual([]);
    expect(img.pages).toHaveLength(1);
    expect(img.pages[0]).toEqual({ width: 4, height: 3, bitDepth: 8, data });
  });

  it('reads 16-bit grey as Uint16Array', () => {
    const img = decodeImage(encodePngFile({ width: 4, height: 3, data: ramp16, depth: 16, channels: 1 }), 'b.png');
    const page = img.pages[0]!;
    expect(page.bitDepth).toBe(16);
    expect(page.data).toBeInstanceOf(Uint16Array);
    expect(Array.from(page.data)).toEqual(Array.from(ramp16));
  });

  it('takes the grey of grey+alpha and says alpha was ignored', () => {
    const data = Uint8Array.from([10, 255, 20, 0, 30, 128, 40, 1]);
    const img = decodeImage(encodePngFile({ width: 2, height: 2, data, depth: 8, channels: 2 }), 'c.png');
    expect(Array.from(img.pages[0]!.data)).toEqual([10, 20, 30, 40]);
    expect(img.sourceChannels).toBe(2);
    expect(img.notes).toEqual([ALPHA_NOTE]);
  });

  it('converts RGB with BT.601 luma, rounded half up', () => {
    // 299·255/1000 = 76.245 → 76; 587·255/1000 = 149.685 → 150; 114·255/1000 = 29.07 → 29;
    // (299 + 587)/1000 = 0.886 → 1; 114·5/1000 = 0.57 → 1; grey 100 stays 100.
    const data = Uint8Array.from([255, 0, 0, 0, 255, 0, 0, 0, 255, 1, 1, 0, 0, 0, 5, 100, 100, 100]);
    const img = decodeImage(encodePngFile({ width: 3, height: 2, data, depth: 8, channels: 3 }), 'd.png');
    expect(Array.from(img.pages[0]!.data)).toEqual([76, 150, 29, 1, 1, 100]);
    expect(img.pages[0]!.bitDepth).toBe(8);
    expect(img.sourceChannels).toBe(3);
    expect(img.notes).toEqual([LUMA_NOTE]);
  });

  it('rounds an exact half up, where float arithmetic would not', () => {
    // (0, 36, 12): (587·36 + 114·12)/1000 = 22.5 exactly → 23, but 0.587·36 + 0.114·12 in float64
    // is 22.499999999999996, which would round to 22. (0, 12, 4) = 7.5 → 8. 16-bit: 65535·0.886 +
    // 65534·0.114 = 65534.886 → 65535.
    const data = Uint16Array.from([0, 36, 12, 0, 12, 4, 1000, 0, 0, 65535, 65535, 65534]);
    const img = decodeImage(encodePngFile({ width: 4, height: 1, data, depth: 16, channels: 3 }), 'e.png');
    expect(img.pages[0]!.bitDepth).toBe(16);
    expect(Array.from(img.pages[0]!.data)).toEqual([23, 8, 299, 65535]);
  });

  it('takes RGB with three equal channels as grey, unchanged', () => {
    const data = Uint8Array.from([9, 9, 9, 255, 200, 200, 200, 0]);
    const img = decodeImage(encodePngFile({ width: 2, height: 1, data, depth: 8, channels: 4 }), 'f.png');
    expect(Array.from(img.pages[0]!.data)).toEqual([9, 200]);
    expect(img.notes).toEqual([EQUAL_CHANNELS_NOTE, ALPHA_NOTE]);
  });

  it('reads palette images through the palette', () => {
    const palette = [
      [0, 0, 0],
      [255, 255, 255],
      [255, 0, 0],
    ];
    const data = Uint8Array.from([0, 1, 2, 1]);
    const bytes = encodePngFile({ width: 2, height: 2, data, depth: 8, channels: 1, palette });
    const img = decodeImage(bytes, 'g.png');
    expect(Array.from(img.pages[0]!.data)).toEqual([0, 255, 76, 255]);
    expect(img.notes[0]).toMatch(/palette/);
  });

  it('refuses a PNG cut short, naming the file and the byte counts', () => {
    const whole = encodePngFile({
      width: 64,
      height: 64,
      data: new Uint16Array(4096).map((_, i) => i * 13),
      depth: 16,
      channels: 1,
    });
    const err = refusal(whole.subarray(0, 1200), 'cut.png');
    expect(err.fileName).toBe('cut.png');
    expect(err.message).toMatch(
      /^cut\.png: truncated PNG \(the image-data chunk at byte 3[0-9] runs to byte [\d,]+ but the file has 1,200 bytes\)$/,
    );
  });

  it('refuses a PNG whose bytes were damaged (checksum)', () => {
    const bytes = encodePngFile({
      width: 8,
      height: 8,
      data: new Uint8Array(64).fill(7),
      depth: 8,
      channels: 1,
    }).slice();
    bytes[bytes.length - 20]! ^= 0xff; // inside the image data
    expect(refusal(bytes, 'bad.png').message).toBe(
      'bad.png: corrupt PNG (a checksum in the image data does not match, so the file was damaged after it was written)',
    );
  });
});

describe('decodeImage: JPEG', () => {
  it('reads a grey JPEG exactly, with nothing to note', () => {
    for (const value of [178, 40, 128]) {
      const img = decodeImage(buildGreyJpeg(value), 'grey.jpg');
      expect(img.sourceChannels).toBe(1);
      expect(img.notes).toEqual([]);
      expect(img.pages[0]!).toMatchObject({ width: 8, height: 8, bitDepth: 8 });
      expect(Array.from(img.pages[0]!.data)).toEqual(new Array(64).fill(value));
    }
  });

  it('reads a colour JPEG as grey (lossy: within a few levels)', () => {
    const width = 16;
    const height = 16;
    const rgba = new Uint8Array(width * height * 4);
    for (let i = 0; i < width * height; i++) rgba.set([200, 100, 50, 255], 4 * i);
    const bytes = new Uint8Array(encodeJpegFile({ width, height, data: rgba }, 95).data);
    const img = decodeImage(bytes, 'photo.jpg');
    expect(img.format).toBe('jpeg');
    expect(img.sourceChannels).toBe(3);
    expect(img.pages[0]!.width).toBe(16);
    expect(img.pages[0]!.bitDepth).toBe(8);
    // luma(200, 100, 50) = 59.8 + 58.7 + 5.7 = 124.2
    for (const v of img.pages[0]!.data) expect(Math.abs(v - 124)).toBeLessThanOrEqual(3);
  });

  it('refuses a JPEG cut short', () => {
    const rgba = new Uint8Array(32 * 32 * 4).map((_, i) => (i * 37) % 256);
    const bytes = new Uint8Array(encodeJpegFile({ width: 32, height: 32, data: rgba }, 90).data);
    const err = refusal(bytes.subarray(0, bytes.length - 100), 'cut.jpg');
    expect(err.message).toMatch(
      /^cut\.jpg: truncated JPEG \(no end-of-image marker; the file stops after [\d,]+ bytes\)$/,
    );
    expect(refusal(bytes.subarray(0, 100), 'head.jpg').message).toBe(
      'head.jpg: truncated JPEG (the file stops at 100 bytes, inside its header)',
    );
  });
});

describe('decodeImage: TIFF', () => {
  const values16 = Array.from({ length: 6 }, (_, i) => 1000 * i + 65000 * (i === 5 ? 1 : 0) - (i === 5 ? 5000 : 0));

  it('reads 16-bit grey in both byte orders', () => {
    for (const little of [true, false]) {
      const bytes = buildTiff([{ width: 3, height: 2, bitsPerSample: 16, values: values16, rowsPerStrip: 1 }], little);
      const img = decodeImage(bytes, little ? 'le.tif' : 'be.tif');
      expect(img.format).toBe('tiff');
      expect(img.pages[0]).toEqual({ width: 3, height: 2, bitDepth: 16, data: Uint16Array.from(values16) });
    }
  });

  it('reads Deflate-compressed strips, and refuses damaged ones in words', () => {
    const values = Array.from({ length: 40 * 30 }, (_, i) => (i * 977) % 65536);
    const zlib = (raw: Uint8Array) => new Uint8Array(deflateSync(raw));
    const spec = {
      width: 40,
      height: 30,
      bitsPerSample: 16,
      values,
      rowsPerStrip: 8,
      compression: 8,
      encodeStrip: zlib,
    };
    const img = decodeImage(buildTiff([spec]), 'zip.tif');
    expect(Array.from(img.pages[0]!.data)).toEqual(values);
    // Garbage inside a compressed strip cannot be caught from the layout; the library's error is re-worded.
    const junk = { ...spec, encodeStrip: (raw: Uint8Array) => zlib(raw).map((b, i) => (i > 1 ? b ^ 0x5a : b)) };
    expect(refusal(buildTiff([junk]), 'junk.tif').message).toMatch(
      /^junk\.tif: corrupt TIFF \(the Deflate-compressed image data cannot be unpacked, so the file is probably damaged; decoder said: .+\)$/,
    );
  });

  it('lists every page of a stack, skipping thumbnails', () => {
    const bytes = buildTiff([
      { width: 2, height: 2, bitsPerSample: 8, values: [1, 2, 3, 4] },
      { width: 1, height: 1, bitsPerSample: 8, values: [9], newSubfileType: 1 },
      { width: 2, height: 2, bitsPerSample: 8, values: [5, 6, 7, 8] },
    ]);
    const img = decodeImage(bytes, 'stack.tif');
    expect(img.pages.map((p) => Array.from(p.data))).toEqual([
      [1, 2, 3, 4],
      [5, 6, 7, 8],
    ]);
    expect(img.notes).toEqual(['1 thumbnail page(s) skipped']);
  });

  it('converts RGB and inverts WhiteIsZero, saying so', () => {
    const rgb = decodeImage(
      buildTiff([{ width: 2, height: 1, bitsPerSample: 8, samplesPerPixel: 3, values: [255, 0, 0, 10, 10, 10] }]),
      'rgb.tif',
    );
    expect(Array.from(rgb.pages[0]!.data)).toEqual([76, 10]);
    expect(rgb.notes).toEqual([LUMA_NOTE]);
    const inv = decodeImage(
      buildTiff([{ width: 2, height: 1, bitsPerSample: 8, photometric: 0, values: [0, 200] }]),
      'inv.tif',
    );
    expect(Array.from(inv.pages[0]!.data)).toEqual([255, 55]);
    expect(inv.notes[0]).toMatch(/WhiteIsZero/);
  });

  it('refuses float, 32-bit, signed 8-bit, compressed-by-an-unknown-method and colour-model problems', () => {
    const cases: Array<[Parameters<typeof buildTiff>[0][0], string]> = [
      [
        { width: 2, height: 1, bitsPerSample: 32, sampleFormat: 3, values: [0.5, 1] },
        'f.tif: 32-bit float samples are not supported; export 8- or 16-bit grey',
      ],
      [
        { width: 2, height: 1, bitsPerSample: 32, values: [1, 2] },
        'i.tif: 32-bit integer samples are not supported; export 8- or 16-bit grey',
      ],
      [
        { width: 2, height: 1, bitsPerSample: 8, sampleFormat: 2, values: [1, 2] },
        's.tif: signed 8-bit samples are not supported; export unsigned 8- or 16-bit grey',
      ],
      [
        { width: 2, height: 1, bitsPerSample: 8, compression: 32773, values: [1, 2] },
        'p.tif: PackBits compression is not supported; save the TIFF uncompressed, or with LZW or Deflate',
      ],
      [
        { width: 2, height: 1, bitsPerSample: 8, compression: 7, values: [1, 2] },
        'j.tif: JPEG compression is not supported; save the TIFF uncompressed, or with LZW or Deflate',
      ],
      [
        { width: 2, height: 1, bitsPerSample: 8, compression: 50000, values: [1, 2] },
        'z.tif: Zstandard compression is not supported; save the TIFF uncompressed, or with LZW or Deflate',
      ],
      [
        { width: 1, height: 1, bitsPerSample: 8, samplesPerPixel: 4, photometric: 5, values: [1, 2, 3, 4] },
        'c.tif: CMYK images with 4 channel(s) are not supported; export grey or RGB',
      ],
    ];
    for (const [spec, message] of cases) {
      const name = message.slice(0, message.indexOf(':'));
      expect(refusal(buildTiff([spec]), name).message).toBe(message);
    }
  });

  it('names the page of a stack that cannot be read', () => {
    const bytes = buildTiff([
      { width: 2, height: 1, bitsPerSample: 8, values: [1, 2] },
      { width: 2, height: 1, bitsPerSample: 32, sampleFormat: 3, values: [1, 2] },
    ]);
    expect(refusal(bytes, 'mixed.tif').message).toBe(
      'mixed.tif: page 2 of 2: 32-bit float samples are not supported; export 8- or 16-bit grey',
    );
  });

  it('refuses a strip that runs past the end of the file', () => {
    // The writer puts the directory after the pixels, so point one strip beyond the end instead.
    const bytes = buildTiff([{ width: 100, height: 40, bitsPerSample: 16, values: [], rowsPerStrip: 10 }]);
    const ifdAt = new DataView(bytes.buffer).getUint32(4, true);
    expect(ifdAt).toBe(8 + 100 * 40 * 2);
    const bad = bytes.slice();
    const dv = new DataView(bad.buffer);
    const entries = dv.getUint16(ifdAt, true);
    for (let e = 0; e < entries; e++) {
      const at = ifdAt + 2 + 12 * e;
      if (dv.getUint16(at, true) === 273) {
        const list = dv.getUint32(at + 8, true);
        dv.setUint32(list + 4 * 2, 8_000_000, true); // strip 3 now points far beyond the end
      }
    }
    expect(refusal(bad, 't05.tif').message).toBe(
      `t05.tif: truncated TIFF (strip 3 of 4 ends at byte 8,002,000 but the file has ${bad.length.toLocaleString('en-US')} bytes)`,
    );
  });

  it('refuses a page whose directory lists too few strips', () => {
    const bytes = buildTiff([{ width: 4, height: 4, bitsPerSample: 8, values: [], rowsPerStrip: 1 }]);
    setTiffTag(bytes, 257, 9); // claim 9 rows of 1 row per strip: 9 strips needed, 4 listed
    expect(refusal(bytes, 'short.tif').message).toBe(
      'short.tif: corrupt TIFF (4 strips of image data are listed, but 9 are needed)',
    );
  });
});

describe('decodeImage: size limit', () => {
  it(`refuses an image above ${MAX_PIXELS / 1e6} megapixels from its header alone`, () => {
    // A small real PNG whose header is edited to claim 8000 × 7000: only the header is read.
    const bytes = encodePngFile({ width: 2, height: 2, data: new Uint8Array(4), depth: 8, channels: 1 }).slice();
    const dv = new DataView(bytes.buffer);
    dv.setUint32(16, 8000);
    dv.setUint32(20, 7000);
    expect(refusal(bytes, 'huge.png').message).toBe(
      'huge.png: image too large (8,000 × 7,000 = 56,000,000 pixels; the limit is 50,000,000 pixels (50 megapixels) per image)',
    );
  });
});

/** Overwrites the (single, inline) value of a tag in the first directory of a little-endian TIFF. */
function setTiffTag(bytes: Uint8Array, tag: number, value: number): void {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const ifdAt = dv.getUint32(4, true);
  const entries = dv.getUint16(ifdAt, true);
  for (let e = 0; e < entries; e++) {
    const at = ifdAt + 2 + 12 * e;
    if (dv.getUint16(at, true) !== tag) continue;
    if (dv.getUint16(at + 2, true) === 3) dv.setUint16(at + 8, value, true);
    else dv.setUint32(at + 8, value, true);
  }
}

describe('decodeImage: input that is a view into a larger buffer', () => {
  // Node's readFileSync and File.slice() give views with a non-zero byteOffset; every reader must respect it.
  const inside = (bytes: Uint8Array) => {
    const big = new Uint8Array(bytes.length + 21).fill(0xee);
    big.set(bytes, 13);
    return big.subarray(13, 13 + bytes.length);
  };

  it('reads PNG, JPEG and TIFF from an offset view', () => {
    const data = Uint16Array.from([1, 2, 3, 60000]);
    const png = decodeImage(inside(encodePngFile({ width: 2, height: 2, data, depth: 16, channels: 1 })), 'v.png');
    expect(Array.from(png.pages[0]!.data)).toEqual([1, 2, 3, 60000]);
    const tif = decodeImage(inside(buildTiff([{ width: 2, height: 2, bitsPerSample: 16, values: data }])), 'v.tif');
    expect(Array.from(tif.pages[0]!.data)).toEqual([1, 2, 3, 60000]);
    const rgba = new Uint8Array(8 * 8 * 4).fill(128);
    const jpg = decodeImage(
      inside(new Uint8Array(encodeJpegFile({ width: 8, height: 8, data: rgba }, 90).data)),
      'v.jpg',
    );
    for (const v of jpg.pages[0]!.data) expect(Math.abs(v - 128)).toBeLessThanOrEqual(2);
  });
});

describe('decodeImage: files that are not images', () => {
  it('refuses an empty file', () => {
    expect(refusal(new Uint8Array(0), 'empty.png').message).toBe('empty.png: empty file (0 bytes)');
  });

  it('refuses text and says how it starts', () => {
    const err = refusal(new TextEncoder().encode('hello, these are my notes'), 'notes.png');
    expect(err.message).toBe(
      "notes.png: not an image this app reads (no PNG, JPEG or TIFF signature; starts with 'hello, these')",
    );
    expect(err.reason).toMatch(/^not an image/);
  });

  it('recognises a GIF dropped by mistake', () => {
    const err = refusal(new TextEncoder().encode('GIF89a\u0001\u0000\u0001\u0000'), 'cells.gif');
    expect(err.message).toMatch(/^cells\.gif: not an image this app reads \(looks like a GIF image, /);
  });
});

describeWithShared('decodeImage on the real T98G images', () => {
  it('decodes the 13 time-lapse TIFFs to 1024 × 1022, 16-bit', () => {
    const frames = [1, 4, 7, 10, 13, 16, 19, 22, 25, 28, 31, 34, 37];
    for (const t of frames) {
      const name = `t${String(t).padStart(2, '0')}.tif`;
      const img = decodeImage(readFileSync(sharedPath('data', 'phase-contrast', 'timelapse', name)), name);
      expect(img.format).toBe('tiff');
      expect(img.pages).toHaveLength(1);
      const page = img.pages[0]!;
      expect([page.width, page.height, page.bitDepth, page.data.length]).toEqual([1024, 1022, 16, 1024 * 1022]);
      expect(page.data).toBeInstanceOf(Uint16Array);
      expect(img.notes).toEqual([]);
    }
  });

  it('raw.tif: minimum and saturated pixels as the README states', () => {
    const page = decodeImage(readFileSync(sharedPath('data', 'phase-contrast', 'fields', 'set1', 'raw.tif')), 'raw.tif')
      .pages[0]!;
    let min = 65535;
    let saturated = 0;
    for (const v of page.data) {
      if (v < min) min = v;
      if (v === 65535) saturated++;
    }
    expect(min).toBeGreaterThanOrEqual(4500);
    expect(min).toBeLessThanOrEqual(6500);
    expect(saturated / page.data.length).toBeGreaterThan(0.0009);
    expect(saturated / page.data.length).toBeLessThan(0.008);
  });

  it('refuses t04.tif cut to 1,200 bytes (its directory sits at the end)', () => {
    const bytes = new Uint8Array(readFileSync(sharedPath('data', 'phase-contrast', 'timelapse', 't04.tif')));
    expect(refusal(bytes.subarray(0, 1200), 't04.tif').message).toBe(
      't04.tif: truncated TIFF (the directory of page 1 at byte 2,093,064 lies beyond the end of the file, which has 1,200 bytes)',
    );
  });

  it('reads labels.png as 8-bit grey with the README cell count', () => {
    const img = decodeImage(
      readFileSync(sharedPath('data', 'phase-contrast', 'fields', 'set1', 'labels.png')),
      'labels.png',
    );
    const page = img.pages[0]!;
    expect([page.width, page.height, page.bitDepth]).toEqual([1024, 1022, 8]);
    expect(Math.max(...Array.from(new Set(page.data)))).toBe(66);
  });
});
