/**
 * Tiny hand-built TIFF files for the tests of this folder: a plain writer of classic TIFF, so a test
 * can ask for exactly the odd file it needs (big-endian, float, PackBits, several pages…).
 * Test support only; the app never writes TIFF.
 */

export interface TiffPageSpec {
  width: number;
  height: number;
  bitsPerSample: number;
  /** Samples in row order, `samplesPerPixel` per pixel. */
  values: ArrayLike<number>;
  samplesPerPixel?: number;
  /** 1 unsigned (default), 2 signed, 3 float. */
  sampleFormat?: number;
  /** 0 WhiteIsZero, 1 BlackIsZero (default), 2 RGB, 3 palette. */
  photometric?: number;
  /** The tag value; the data are stored raw unless `encodeStrip` compresses them. */
  compression?: number;
  /** Turns each strip's raw bytes into what is stored (e.g. zlib for compression 8). */
  encodeStrip?: (raw: Uint8Array) => Uint8Array;
  rowsPerStrip?: number;
  newSubfileType?: number;
  /**
   * Extra tags: [tag, type, values]. Types 3 SHORT and 4 LONG take numbers, 5 RATIONAL takes
   * numerator, denominator pairs in a row, 12 DOUBLE takes numbers, 2 ASCII takes a string.
   */
  extraTags?: Array<[number, number, number[] | string]>;
}

export function buildTiff(pages: TiffPageSpec[], littleEndian = true): Uint8Array {
  const chunks: Uint8Array[] = [];
  let size = 8;
  const header = new Uint8Array(8);
  const hv = new DataView(header.buffer);
  hv.setUint16(0, littleEndian ? 0x4949 : 0x4d4d);
  hv.setUint16(2, 42, littleEndian);
  chunks.push(header);
  let patchNext = { view: hv, at: 4 };

  for (const page of pages) {
    const spp = page.samplesPerPixel ?? 1;
    const bytesPerSample = page.bitsPerSample / 8;
    const rowBytes = page.width * spp * bytesPerSample;
    const rowsPerStrip = page.rowsPerStrip ?? page.height;
    const pixels = new Uint8Array(rowBytes * page.height);
    const pv = new DataView(pixels.buffer);
    for (let i = 0; i < page.width * page.height * spp; i++) {
      const v = page.values[i] ?? 0;
      if (page.bitsPerSample === 8) pixels[i] = v;
      else if (page.bitsPerSample === 16) pv.setUint16(2 * i, v, littleEndian);
      else if (page.sampleFormat === 3) pv.setFloat32(4 * i, v, littleEndian);
      else pv.setUint32(4 * i, v, littleEndian);
    }
    const stripOffsets: number[] = [];
    const stripCounts: number[] = [];
    for (let y = 0; y < page.height; y += rowsPerStrip) {
      const raw = pixels.subarray(y * rowBytes, Math.min(page.height, y + rowsPerStrip) * rowBytes);
      const stored = page.encodeStrip ? page.encodeStrip(raw) : raw;
      stripOffsets.push(size);
      stripCounts.push(stored.length);
      chunks.push(stored);
      size += stored.length;
      if (size % 2) {
        chunks.push(new Uint8Array(1));
        size++;
      }
    }
    const tags: Array<[number, number, number[] | string]> = [
      [256, 4, [page.width]],
      [257, 4, [page.height]],
      [258, 3, Array.from({ length: spp }, () => page.bitsPerSample)],
      [259, 3, [page.compression ?? 1]],
      [262, 3, [page.photometric ?? (spp >= 3 ? 2 : 1)]],
      [273, 4, stripOffsets],
      [277, 3, [spp]],
      [278, 4, [rowsPerStrip]],
      [279, 4, stripCounts],
      [339, 3, Array.from({ length: spp }, () => page.sampleFormat ?? 1)],
      ...(page.newSubfileType !== undefined ? [[254, 4, [page.newSubfileType]] as [number, number, number[]]] : []),
      ...(page.extraTags ?? []),
    ];
    tags.sort((a, b) => a[0] - b[0]);
    const ifdStart = size;
    const ifdSize = 2 + 12 * tags.length + 4;
    const overflowSize = tags.reduce((s, [, type, v]) => {
      const n = byteLength(type, v);
      return s + (n > 4 ? n + (n % 2) : 0);
    }, 0);
    const ifd = new Uint8Array(ifdSize + overflowSize);
    const iv = new DataView(ifd.buffer);
    iv.setUint16(0, tags.length, littleEndian);
    let overflow = ifdSize;
    tags.forEach(([tag, type, given], k) => {
      const e = 2 + 12 * k;
      const values = typeof given === 'string' ? [...utf8(given), 0] : given;
      const n = byteLength(type, given);
      iv.setUint16(e, tag, littleEndian);
      iv.setUint16(e + 2, type, littleEndian);
      iv.setUint32(e + 4, type === 5 ? values.length / 2 : values.length, littleEndian);
      let at = e + 8;
      if (n > 4) {
        iv.setUint32(e + 8, ifdStart + overflow, littleEndian);
        at = overflow;
        overflow += n + (n % 2);
      }
      values.forEach((v, i) => {
        if (type === 2 || type === 1) iv.setUint8(at + i, v);
        else if (type === 3) iv.setUint16(at + 2 * i, v, littleEndian);
        else if (type === 12) iv.setFloat64(at + 8 * i, v, littleEndian);
        else iv.setUint32(at + 4 * i, v, littleEndian);
      });
    });
    patchNext.view.setUint32(patchNext.at, ifdStart, littleEndian);
    patchNext = { view: iv, at: ifdSize - 4 };
    chunks.push(ifd);
    size += ifd.length;
  }
  const out = new Uint8Array(size);
  let pos = 0;
  for (const c of chunks) {
    out.set(c, pos);
    pos += c.length;
  }
  return out;
}

function utf8(s: string): number[] {
  const hex = encodeURIComponent(s);
  const out: number[] = [];
  for (let i = 0; i < hex.length; i++)
    if (hex[i] === '%') {
      out.push(parseInt(hex.slice(i + 1, i + 3), 16));
      i += 2;
    } else out.push(hex.charCodeAt(i));
  return out;
}

function byteLength(type: number, values: number[] | string): number {
  if (typeof values === 'string') return utf8(values).length + 1;
  const size = type === 1 || type === 2 ? 1 : type === 3 ? 2 : type === 12 ? 8 : 4;
  return values.length * size;
}

/**
 * A minimal baseline grey JPEG (one component, one 8 × 8 block, flat `value`): jpeg-js can only
 * write colour JPEGs, and a grey one is what microscope software writes.
 * The block has only a DC coefficient F = 8·(value − 128), which the inverse DCT turns into `value`.
 */
export function buildGreyJpeg(value: number): Uint8Array {
  const dc = 8 * (value - 128);
  const category = dc === 0 ? 0 : Math.floor(Math.log2(Math.abs(dc))) + 1;
  const extra = dc >= 0 ? dc : dc + (1 << category) - 1;
  // Bits: DC code "0" (the only DC code, standing for `category`), the extra bits, AC code "0" (EOB).
  let bits = '0' + (category ? extra.toString(2).padStart(category, '0') : '') + '0';
  bits += '1'.repeat((8 - (bits.length % 8)) % 8);
  const scan: number[] = [];
  for (let i = 0; i < bits.length; i += 8) {
    const byte = parseInt(bits.slice(i, i + 8), 2);
    scan.push(byte);
    if (byte === 0xff) scan.push(0x00);
  }
  const segment = (marker: number, body: number[]) => [
    0xff,
    marker,
    (body.length + 2) >> 8,
    (body.length + 2) & 0xff,
    ...body,
  ];
  const oneCodeTable = (tableClass: number, symbol: number) => [
    tableClass,
    1,
    ...new Array<number>(15).fill(0),
    symbol,
  ];
  return Uint8Array.from([
    0xff,
    0xd8,
    ...segment(0xdb, [0x00, ...new Array<number>(64).fill(1)]),
    ...segment(0xc0, [8, 0, 8, 0, 8, 1, 1, 0x11, 0]),
    ...segment(0xc4, oneCodeTable(0x00, category)),
    ...segment(0xc4, oneCodeTable(0x10, 0x00)),
    ...segment(0xda, [1, 1, 0x00, 0, 63, 0]),
    ...scan,
    0xff,
    0xd9,
  ]);
}
