/**
 * What kind of image a file is, and how big, read from its first bytes and headers only — no
 * pixel is decoded. The import step uses this to list files and to refuse unreadable, truncated
 * or oversized ones before spending memory on them. The format comes from the file's signature,
 * never from its extension (microscope exports are often misnamed).
 */
import { ImageDecodeError, groupDigits } from './errors.ts';

export type ImageFormat = 'png' | 'jpeg' | 'tiff';

/**
 * Largest page we decode: 50 megapixels. A 16-bit page that size takes 100 MB, and a colour one
 * several times that while it is converted; a browser tab cannot afford much more, and microscope
 * fields are 1–25 megapixels.
 */
export const MAX_PIXELS = 50_000_000;

export type ColourModel = 'grey' | 'grey-inverted' | 'grey+alpha' | 'rgb' | 'rgba' | 'palette' | 'other';

export interface PageHeader {
  width: number;
  height: number;
  /** Bits per sample of one channel (8 and 16 are the usual; 1 is black-and-white). */
  bitsPerSample: number;
  sampleFormat: 'unsigned' | 'signed' | 'float';
  /** Samples per pixel as stored (a palette image has 1). */
  channels: number;
  colour: ColourModel;
  /** Compression as a name a person recognises ("none", "LZW", "Deflate", "JPEG (baseline)"…). */
  compression: string;
  /** A TIFF thumbnail or pyramid level; not an image of its own, so decoding skips it. */
  reducedResolution: boolean;
  /** Why this page cannot be decoded, in plain words (size is checked apart, by `checkDecodable`). */
  unsupported: string | undefined;
}

export interface ImageHeader {
  format: ImageFormat;
  /** Size and bit depth of the first full-resolution page. */
  width: number;
  height: number;
  bitDepth: number;
  /** Number of full-resolution pages (a multi-page TIFF stack has several). */
  pageCount: number;
  /** Every page in file order, thumbnails included. */
  pages: PageHeader[];
}

export function sniffFormat(bytes: Uint8Array): ImageFormat | 'unknown' {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, [0x49, 0x49]) || startsWith(bytes, [0x4d, 0x4d])) {
    const little = bytes[0] === 0x49;
    const version = little ? (bytes[2] ?? 0) | ((bytes[3] ?? 0) << 8) : ((bytes[2] ?? 0) << 8) | (bytes[3] ?? 0);
    if (version === 42 || version === 43) return 'tiff';
  }
  return 'unknown';
}

/** Reads the headers; throws ImageDecodeError for empty, unrecognised, truncated or corrupt files. */
export function readImageHeader(bytes: Uint8Array, fileName: string): ImageHeader {
  if (bytes.length === 0) throw new ImageDecodeError(fileName, 'empty file (0 bytes)');
  const format = sniffFormat(bytes);
  const fail = (reason: string): never => {
    throw new ImageDecodeError(fileName, reason);
  };
  let pages: PageHeader[];
  if (format === 'png') pages = [readPngHeader(bytes, fail)];
  else if (format === 'jpeg') pages = [readJpegHeader(bytes, fail)];
  else if (format === 'tiff') pages = readTiffPages(bytes, fail);
  else return fail(describeUnknown(bytes));
  const full = pages.filter((p) => !p.reducedResolution);
  const first = full[0] ?? fail('the TIFF holds only thumbnails, no full-size image');
  return {
    format,
    width: first.width,
    height: first.height,
    bitDepth: first.bitsPerSample,
    pageCount: full.length,
    pages,
  };
}

/** Throws ImageDecodeError if any full-resolution page cannot be decoded or exceeds MAX_PIXELS. */
export function checkDecodable(header: ImageHeader, fileName: string): void {
  const full = header.pages.filter((p) => !p.reducedResolution);
  full.forEach((page, i) => {
    const where = full.length > 1 ? `page ${i + 1} of ${full.length}: ` : '';
    if (page.unsupported) throw new ImageDecodeError(fileName, where + page.unsupported);
    const pixels = page.width * page.height;
    if (pixels > MAX_PIXELS)
      throw new ImageDecodeError(
        fileName,
        `${where}image too large (${groupDigits(page.width)} × ${groupDigits(page.height)} = ` +
          `${groupDigits(pixels)} pixels; the limit is ${groupDigits(MAX_PIXELS)} pixels ` +
          `(${MAX_PIXELS / 1e6} megapixels) per image)`,
      );
  });
}

type Fail = (reason: string) => never;

function startsWith(bytes: Uint8Array, sig: number[]): boolean {
  return bytes.length >= sig.length && sig.every((b, i) => bytes[i] === b);
}

// ------------------------------------------------------------------------------------------ unknown

/** Formats people often drop by mistake, so the message can say what the file is instead. */
const OTHER_SIGNATURES: Array<[string, number[]]> = [
  ['a GIF image', [0x47, 0x49, 0x46, 0x38]],
  ['a BMP image', [0x42, 0x4d]],
  ['a PDF document', [0x25, 0x50, 0x44, 0x46]],
  ['a ZIP archive', [0x50, 0x4b, 0x03, 0x04]],
  ['a JPEG 2000 image', [0x00, 0x00, 0x00, 0x0c, 0x6a, 0x50, 0x20, 0x20]],
  ['a Zeiss CZI file', [0x5a, 0x49, 0x53, 0x52, 0x41, 0x57]],
  ['a Nikon ND2 file', [0xda, 0xce, 0xbe, 0x0a]],
  ['a WebP image', [0x52, 0x49, 0x46, 0x46]],
];

function describeUnknown(bytes: Uint8Array): string {
  const head = bytes.subarray(0, 12);
  const printable = Array.from(head).every((b) => b >= 0x20 && b < 0x7f);
  const shown = printable
    ? `'${String.fromCharCode(...head)}'`
    : Array.from(bytes.subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join(' ');
  const known = OTHER_SIGNATURES.find(([, sig]) => startsWith(bytes, sig));
  const what = known ? `looks like ${known[0]}, ` : '';
  return `not an image this app reads (${what}no PNG, JPEG or TIFF signature; starts with ${shown})`;
}

// ---------------------------------------------------------------------------------------------- PNG

const PNG_COLOUR: Record<number, { colour: ColourModel; channels: number; depths: number[] }> = {
  0: { colour: 'grey', channels: 1, depths: [1, 2, 4, 8, 16] },
  2: { colour: 'rgb', channels: 3, depths: [8, 16] },
  3: { colour: 'palette', channels: 1, depths: [1, 2, 4, 8] },
  4: { colour: 'grey+alpha', channels: 2, depths: [8, 16] },
  6: { colour: 'rgba', channels: 4, depths: [8, 16] },
};

function readPngHeader(bytes: Uint8Array, fail: Fail): PageHeader {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const len = bytes.length;
  if (len < 33) fail(`truncated PNG (the file has only ${groupDigits(len)} bytes, too few for a PNG header)`);
  const chunkType = (pos: number) => String.fromCharCode(...bytes.subarray(pos + 4, pos + 8));
  if (chunkType(8) !== 'IHDR') fail('corrupt PNG (the header chunk IHDR is missing)');
  const width = dv.getUint32(16);
  const height = dv.getUint32(20);
  const depth = bytes[24]!;
  const colourType = bytes[25]!;
  const model = PNG_COLOUR[colourType] ?? fail(`corrupt PNG (unknown colour type ${colourType})`);
  if (!model.depths.includes(depth))
    fail(`corrupt PNG (bit depth ${depth} is not allowed for colour type ${colourType})`);
  if (width === 0 || height === 0) fail(`corrupt PNG (the image is ${width} × ${height} pixels)`);

  // Walk the chunks: every one must fit in the file, and the end chunk must be there. Decoders
  // given a cut-off PNG either throw obscure errors or return an image with a black lower part.
  let pos = 8;
  let sawData = false;
  for (;;) {
    if (pos + 8 > len)
      fail(`truncated PNG (the file stops at ${groupDigits(len)} bytes, before the end-of-image chunk)`);
    const length = dv.getUint32(pos);
    const type = chunkType(pos);
    const end = pos + 12 + length;
    if (end > len) {
      const what = type === 'IDAT' ? 'image-data chunk' : `"${type}" chunk`;
      fail(
        `truncated PNG (the ${what} at byte ${groupDigits(pos)} runs to byte ${groupDigits(end)} ` +
          `but the file has ${groupDigits(len)} bytes)`,
      );
    }
    if (type === 'IDAT') sawData = true;
    if (type === 'IEND') break;
    pos = end;
  }
  if (!sawData) fail('corrupt PNG (it has no image-data chunk)');
  return {
    width,
    height,
    bitsPerSample: depth,
    sampleFormat: 'unsigned',
    channels: model.channels,
    colour: model.colour,
    compression: 'Deflate',
    reducedResolution: false,
    unsupported: undefined,
  };
}

// --------------------------------------------------------------------------------------------- JPEG

const JPEG_KIND: Record<number, string> = {
  0xc0: 'baseline',
  0xc1: 'extended sequential',
  0xc2: 'progressive',
  0xc3: 'lossless',
  0xc5: 'hierarchical',
  0xc6: 'hierarchical progressive',
  0xc7: 'hierarchical lossless',
  0xc9: 'arithmetic-coded',
  0xca: 'arithmetic-coded progressive',
  0xcb: 'arithmetic-coded lossless',
  0xcd: 'hierarchical arithmetic-coded',
  0xce: 'hierarchical arithmetic-coded progressive',
  0xcf: 'hierarchical arithmetic-coded lossless',
};

function readJpegHeader(bytes: Uint8Array, fail: Fail): PageHeader {
  const len = bytes.length;
  const u16 = (p: number) => ((bytes[p] ?? 0) << 8) | (bytes[p + 1] ?? 0);
  const cut = () => fail(`truncated JPEG (the file stops at ${groupDigits(len)} bytes, inside its header)`);
  let pos = 2;
  let sof: { kind: number; precision: number; height: number; width: number; components: number } | undefined;
  let scanStart = -1;
  while (scanStart < 0) {
    if (pos >= len) cut();
    if (bytes[pos] !== 0xff) fail(`corrupt JPEG (no segment marker at byte ${groupDigits(pos)})`);
    while (bytes[pos] === 0xff) pos++;
    if (pos >= len) cut();
    const marker = bytes[pos++]!;
    if (marker === 0x01 || marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7)) continue;
    if (marker === 0xd9) fail('corrupt JPEG (it ends before any image data)');
    if (pos + 2 > len) cut();
    const segLength = u16(pos);
    if (segLength < 2) fail(`corrupt JPEG (bad segment length at byte ${groupDigits(pos)})`);
    if (pos + segLength > len) cut();
    if (JPEG_KIND[marker] !== undefined) {
      if (segLength < 8) fail('corrupt JPEG (frame header too short)');
      sof = {
        kind: marker,
        precision: bytes[pos + 2]!,
        height: u16(pos + 3),
        width: u16(pos + 5),
        components: bytes[pos + 7]!,
      };
    }
    if (marker === 0xda) scanStart = pos;
    pos += segLength;
  }
  if (!sof) return fail('corrupt JPEG (image data starts before the frame header)');

  // Entropy-coded data escapes 0xFF, so FF D9 after the first scan can only be the end marker.
  // (An EXIF thumbnail's FF D9 comes before the scan, so it cannot fool this.)
  let hasEnd = false;
  for (let i = len - 2; i >= scanStart; i--) {
    if (bytes[i] === 0xff && bytes[i + 1] === 0xd9) {
      hasEnd = true;
      break;
    }
  }
  if (!hasEnd) fail(`truncated JPEG (no end-of-image marker; the file stops after ${groupDigits(len)} bytes)`);

  const kind = JPEG_KIND[sof.kind]!;
  const colour: ColourModel = sof.components === 1 ? 'grey' : sof.components === 3 ? 'rgb' : 'other';
  let unsupported: string | undefined;
  if (![0xc0, 0xc1, 0xc2].includes(sof.kind))
    unsupported = `${kind} JPEG is not supported; save as baseline JPEG, PNG or TIFF`;
  else if (sof.precision !== 8) unsupported = `${sof.precision}-bit JPEG is not supported; save as 16-bit PNG or TIFF`;
  else if (colour === 'other')
    unsupported = `JPEG with ${sof.components} colour channels (CMYK) is not supported; save as grey`;
  else if (sof.height === 0) unsupported = 'JPEG whose height is given only after the image data is not supported';
  if (sof.width === 0) fail('corrupt JPEG (the image is 0 pixels wide)');
  return {
    width: sof.width,
    height: sof.height,
    bitsPerSample: sof.precision,
    sampleFormat: 'unsigned',
    channels: sof.components,
    colour,
    compression: `JPEG (${kind})`,
    reducedResolution: false,
    unsupported,
  };
}

// --------------------------------------------------------------------------------------------- TIFF

const TIFF_COMPRESSION: Record<number, string> = {
  1: 'none',
  2: 'CCITT modified Huffman',
  3: 'CCITT Group 3 fax',
  4: 'CCITT Group 4 fax',
  5: 'LZW',
  6: 'old-style JPEG',
  7: 'JPEG',
  8: 'Deflate',
  32946: 'Deflate',
  32773: 'PackBits',
  34712: 'JPEG 2000',
  34887: 'LERC',
  34925: 'LZMA',
  50000: 'Zstandard',
  50001: 'WebP',
};
/** Compressions the `tiff` package decodes. */
const TIFF_DECODABLE = new Set([1, 5, 8, 32946]);

const TIFF_PHOTOMETRIC: Record<number, string> = {
  4: 'transparency-mask',
  5: 'CMYK',
  6: 'YCbCr',
  8: 'CIE L*a*b*',
  32844: 'LogL',
  32845: 'LogLuv',
  34892: 'linear raw',
};

/** Bytes per value of the TIFF field types; the header reader only needs integer ones. */
const TYPE_SIZE: Record<number, number> = {
  1: 1,
  2: 1,
  3: 2,
  4: 4,
  5: 8,
  6: 1,
  7: 1,
  8: 2,
  9: 4,
  10: 8,
  11: 4,
  12: 8,
  13: 4,
};
const WANTED_TAGS = new Set([
  254, 256, 257, 258, 259, 262, 273, 274, 277, 278, 279, 284, 317, 320, 322, 323, 324, 325, 338, 339,
]);

function readTiffPages(bytes: Uint8Array, fail: Fail): PageHeader[] {
  const len = bytes.length;
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const little = bytes[0] === 0x49;
  if (len < 8) fail(`truncated TIFF (the file has only ${groupDigits(len)} bytes)`);
  if (dv.getUint16(2, little) === 43)
    fail('BigTIFF (the variant for files over 4 GB) is not supported; save as ordinary TIFF');
  const u16 = (p: number) => dv.getUint16(p, little);
  const u32 = (p: number) => dv.getUint32(p, little);

  const pages: PageHeader[] = [];
  const seen = new Set<number>();
  let ifd = u32(4);
  while (ifd !== 0) {
    const pageName = `page ${pages.length + 1}`;
    if (seen.has(ifd)) fail('corrupt TIFF (its list of pages loops back on itself)');
    seen.add(ifd);
    const beyond = () =>
      fail(
        `truncated TIFF (the directory of ${pageName} at byte ${groupDigits(ifd)} lies beyond the end ` +
          `of the file, which has ${groupDigits(len)} bytes)`,
      );
    if (ifd + 2 > len) beyond();
    const count = u16(ifd);
    if (ifd + 2 + 12 * count + 4 > len) beyond();
    const tags = new Map<number, number[]>();
    for (let e = 0; e < count; e++) {
      const entry = ifd + 2 + 12 * e;
      const tag = u16(entry);
      const type = u16(entry + 2);
      const n = u32(entry + 4);
      const size = TYPE_SIZE[type];
      if (!WANTED_TAGS.has(tag) || size === undefined || ![1, 3, 4].includes(type)) continue;
      const at = size * n <= 4 ? entry + 8 : u32(entry + 8);
      if (at + size * n > len)
        fail(
          `truncated TIFF (tag ${tag} of ${pageName} needs bytes up to ${groupDigits(at + size * n)} ` +
            `but the file has ${groupDigits(len)} bytes)`,
        );
      const values = new Array<number>(n);
      for (let k = 0; k < n; k++)
        values[k] = type === 1 ? bytes[at + k]! : type === 3 ? u16(at + 2 * k) : u32(at + 4 * k);
      tags.set(tag, values);
    }
    pages.push(tiffPage(tags, len, pages.length, fail));
    ifd = u32(ifd + 2 + 12 * count);
  }
  if (pages.length === 0) fail('corrupt TIFF (it contains no image)');
  return pages;
}

function tiffPage(tags: Map<number, number[]>, fileLength: number, index: number, fail: Fail): PageHeader {
  const first = (tag: number, fallback?: number): number | undefined => tags.get(tag)?.[0] ?? fallback;
  const pageName = `page ${index + 1}`;
  const width = first(256) ?? fail(`corrupt TIFF (${pageName} has no width)`);
  const height = first(257) ?? fail(`corrupt TIFF (${pageName} has no height)`);
  const channels = first(277, 1)!;
  const bitsList = tags.get(258) ?? [1];
  const bits = bitsList[0]!;
  const formatCode = first(339, 1)!;
  const sampleFormat = formatCode === 3 ? 'float' : formatCode === 2 ? 'signed' : 'unsigned';
  const compressionCode = first(259, 1)!;
  const compression = TIFF_COMPRESSION[compressionCode] ?? `unknown (code ${compressionCode})`;
  const photometric = first(262);
  const planar = first(284, 1)!;
  const tiled = tags.has(322);
  const reducedResolution = (first(254, 0)! & 1) === 1;

  let colour: ColourModel = 'other';
  if (photometric === 0 || photometric === 1)
    colour = channels === 1 ? (photometric === 0 ? 'grey-inverted' : 'grey') : 'grey+alpha';
  else if (photometric === 2) colour = channels === 3 ? 'rgb' : channels >= 4 ? 'rgba' : 'other';
  else if (photometric === 3) colour = 'palette';

  const unsupported = ((): string | undefined => {
    if (width === 0 || height === 0) return `the image is ${width} × ${height} pixels`;
    if (sampleFormat === 'float') return `${bits}-bit float samples are not supported; export 8- or 16-bit grey`;
    if (bits === 32) return '32-bit integer samples are not supported; export 8- or 16-bit grey';
    if (bitsList.some((b) => b !== bits)) return 'channels with different bit depths are not supported';
    if (bits !== 8 && bits !== 16 && bits !== 1)
      return `${bits}-bit samples are not supported; export 8- or 16-bit grey`;
    // Signed 16-bit (Evident scanR) is read with an offset (bitDepth.ts); signed 8-bit is not.
    if (sampleFormat === 'signed' && (bits !== 16 || channels !== 1))
      return `signed ${bits}-bit ${channels > 1 ? 'colour ' : ''}samples are not supported; export unsigned 8- or 16-bit grey`;
    if (!TIFF_DECODABLE.has(compressionCode))
      return `${compression} compression is not supported; save the TIFF uncompressed, or with LZW or Deflate`;
    if (photometric === undefined)
      return 'the file does not say how its values map to grey (no PhotometricInterpretation tag)';
    if (colour === 'other')
      return `${TIFF_PHOTOMETRIC[photometric] ?? `colour model ${photometric}`} images with ${channels} channel(s) are not supported; export grey or RGB`;
    if (colour === 'palette' && (bits !== 8 || tags.get(320)?.length !== 3 * 256))
      return 'this palette (indexed-colour) image is not supported; export grey';
    if (bits === 1 && channels !== 1) return '1-bit colour images are not supported';
    if (planar === 2 && channels > 1)
      return 'colour channels stored as separate planes are not supported; save with interleaved channels';
    if (tiled && channels > 1) return 'tiled colour TIFF is not supported; export grey or untiled';
    const orientation = first(274, 1);
    if (orientation !== 1)
      return `the image is stored rotated or mirrored (orientation ${orientation}), which is not supported; re-save it upright`;
    const predictor = first(317, 1)!;
    if (predictor !== 1 && !(predictor === 2 && bits !== 1)) return `TIFF predictor ${predictor} is not supported`;
    return undefined;
  })();

  checkTiffExtents(tags, { width, height, channels, bits, tiled, planar, compressionCode }, fileLength, index, fail);
  return {
    width,
    height,
    bitsPerSample: bits,
    sampleFormat,
    channels,
    colour,
    compression,
    reducedResolution,
    unsupported,
  };
}

/**
 * Every strip or tile of pixel data must lie inside the file, and an uncompressed one must hold all
 * its pixels. A cut-off file otherwise decodes into an image whose lower part is silently garbage.
 */
function checkTiffExtents(
  tags: Map<number, number[]>,
  page: {
    width: number;
    height: number;
    channels: number;
    bits: number;
    tiled: boolean;
    planar: number;
    compressionCode: number;
  },
  fileLength: number,
  index: number,
  fail: Fail,
): void {
  const where = index > 0 ? `page ${index + 1}, ` : '';
  const unit = page.tiled ? 'tile' : 'strip';
  const offsets = tags.get(page.tiled ? 324 : 273);
  const counts = tags.get(page.tiled ? 325 : 279);
  if (!offsets || offsets.length === 0) fail(`corrupt TIFF (${where}no ${unit} of image data is listed)`);
  const planes = page.planar === 2 ? page.channels : 1;
  const samplesPerPlanePixel = page.planar === 2 ? 1 : page.channels;
  const rowBytes = Math.ceil((page.width * samplesPerPlanePixel * page.bits) / 8);
  let unitRows: number;
  let unitRowBytes: number;
  let needed: number;
  if (page.tiled) {
    const tw = tags.get(322)?.[0] ?? 0;
    unitRows = tags.get(323)?.[0] ?? 0;
    if (tw === 0 || unitRows === 0) fail(`corrupt TIFF (${where}tile size is missing)`);
    unitRowBytes = Math.ceil((tw * samplesPerPlanePixel * page.bits) / 8);
    needed = Math.ceil(page.width / tw) * Math.ceil(page.height / unitRows) * planes;
  } else {
    unitRows = Math.min(tags.get(278)?.[0] ?? page.height, page.height);
    unitRowBytes = rowBytes;
    needed = Math.ceil(page.height / Math.max(unitRows, 1)) * planes;
  }
  if (offsets.length < needed)
    fail(`corrupt TIFF (${where}${offsets.length} ${unit}s of image data are listed, but ${needed} are needed)`);
  for (let i = 0; i < needed; i++) {
    const start = offsets[i]!;
    // An uncompressed last strip may be short; tiles are always whole.
    const rowsHere = page.tiled ? unitRows : Math.min(unitRows, page.height - (i % (needed / planes)) * unitRows);
    const full = rowsHere * unitRowBytes;
    const count = counts?.[i] ?? (page.compressionCode === 1 ? full : 0);
    if (start + count > fileLength)
      fail(
        `truncated TIFF (${where}${unit} ${i + 1} of ${needed} ends at byte ${groupDigits(start + count)} ` +
          `but the file has ${groupDigits(fileLength)} bytes)`,
      );
    if (page.compressionCode === 1 && count < full)
      fail(
        `corrupt TIFF (${where}${unit} ${i + 1} of ${needed} holds ${groupDigits(count)} bytes ` +
          `but ${groupDigits(full)} are needed)`,
      );
  }
}
