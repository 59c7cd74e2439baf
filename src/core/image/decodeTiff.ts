/** TIFF → grey pages, through the `tiff` package; every full-size page of a stack is one page. */
import { decode } from 'tiff';
import type { TiffIfd } from 'tiff';
import type { GreyImage } from '../experiment.ts';
import { ImageDecodeError, libraryDetail } from './errors.ts';
import type { ImageHeader } from './sniff.ts';
import { interleavedToGrey, luma } from './toGrey.ts';
import type { DecodedPages } from './decodedPages.ts';
import { unsignSigned16 } from './bitDepth.ts';
import { readOmeLayout, type OmeLayout } from './ome.ts';
import { readPixelSize, type PixelSize, type PixelSizeReading } from './pixelSize.ts';

export function decodeTiffPages(bytes: Uint8Array, fileName: string, header: ImageHeader): DecodedPages {
  const wanted: number[] = [];
  header.pages.forEach((p, i) => {
    if (!p.reducedResolution) wanted.push(i);
  });
  let ifds: TiffIfd[];
  try {
    ifds = decode(bytes, { pages: wanted });
  } catch (err) {
    throw new ImageDecodeError(fileName, explainTiffError(err, header));
  }
  const notes = new Set<string>();
  const skipped = header.pages.length - wanted.length;
  if (skipped > 0) notes.add(`${skipped} thumbnail page(s) skipped`);
  const pages = ifds.map((ifd, i) => {
    const info = header.pages[wanted[i]!]!;
    const where = ifds.length > 1 ? `page ${i + 1}: ` : '';
    try {
      return tiffPageToGrey(ifd, info.colour, notes);
    } catch (err) {
      throw new ImageDecodeError(fileName, explainTiffError(err, header, where));
    }
  });
  const signed = header.pages[wanted[0]!]!.sampleFormat === 'signed';
  const signedOffset = signed ? unsignSigned16(pages.map((p) => p.data as Uint16Array)) : 0;

  const { reading, ome } = tiffMetadata(ifds[0]!, wanted, fileName);
  for (const n of reading.notes) notes.add(n);
  return {
    pages,
    sourceChannels: header.pages[wanted[0]!]!.channels,
    notes: [...notes],
    pixelSize: reading.pixelSize,
    ome,
    signed,
    signedOffset,
  };
}

/** Pixel size and the OME-XML plane map, from the first full page's tags. */
function tiffMetadata(first: TiffIfd, wanted: number[], fileName: string): { reading: PixelSizeReading; ome: OmeLayout | null } {
  const description = asText(first.get(270));
  const reading = readPixelSize({
    description,
    xResolution: asNumber(first.get(282)),
    resolutionUnit: asNumber(first.get(296)),
    nikon65326: asNumber(first.get(65326)),
  });
  let ome: OmeLayout | null = null;
  try {
    ome = description ? readOmeLayout(description) : null;
  } catch (err) {
    throw new ImageDecodeError(fileName, `OME-TIFF whose OME-XML cannot be used: ${libraryDetail(err)}`);
  }
  if (ome) ome = { ...ome, planes: alignPlanes(ome, wanted, fileName) };
  return { reading, ome };
}

/**
 * A TIFF's pages, pixel size and OME plane map without decoding any pixel (for the CLI, which
 * plans one job per page before analysing).
 */
export function readTiffLayout(bytes: Uint8Array, fileName: string, header: ImageHeader): { pageCount: number; pixelSize: PixelSize | null; ome: OmeLayout | null } {
  const wanted: number[] = [];
  header.pages.forEach((p, i) => {
    if (!p.reducedResolution) wanted.push(i);
  });
  let first: TiffIfd;
  try {
    first = decode(bytes, { pages: [wanted[0]!], ignoreImageData: true })[0]!;
  } catch (err) {
    throw new ImageDecodeError(fileName, explainTiffError(err, header));
  }
  const { reading, ome } = tiffMetadata(first, wanted, fileName);
  return { pageCount: wanted.length, pixelSize: reading.pixelSize, ome };
}

/** The OME planes in the order of the decoded pages; every decoded page must have one. */
function alignPlanes(ome: OmeLayout, wanted: number[], fileName: string): OmeLayout['planes'] {
  const byIfd = new Map(ome.planes.map((p) => [p.ifd, p]));
  return wanted.map((ifd) => {
    const plane = byIfd.get(ifd);
    if (!plane)
      throw new ImageDecodeError(fileName, `OME-TIFF whose OME-XML does not say which plane page ${ifd + 1} is (it maps ${ome.planes.length} of the file's pages)`);
    return plane;
  });
}

/** The decoder reads ASCII tags one byte per character; OME-XML is UTF-8 (µm), so decode it as such. */
function asText(v: unknown): string | undefined {
  const text = typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v.join('\n') : undefined;
  return text === undefined ? undefined : utf8(text);
}

function utf8(latin1: string): string {
  if (!/[\x80-\xff]/.test(latin1)) return latin1;
  try {
    return decodeURIComponent(Array.from(latin1, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`).join(''));
  } catch {
    return latin1; // not UTF-8 after all
  }
}

function asNumber(v: unknown): number | undefined {
  const n = Array.isArray(v) ? v[0] : v;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}

function tiffPageToGrey(ifd: TiffIfd, colour: string, notes: Set<string>): GreyImage {
  const { width, height } = ifd;
  const pixels = width * height;
  const channels = ifd.samplesPerPixel;
  const data = ifd.data as Uint8Array | Uint16Array;
  if (data.length < pixels * channels) throw new Error('fewer pixels decoded than the image size says');

  if (colour === 'palette') {
    // The colour map holds 16-bit R, G, B; bring each to 8 bits, then apply the luma rule.
    const palette = ifd.palette!;
    const to8 = (c: number) => Math.floor(c / 257 + 0.5);
    const lut = palette.map(([r, g, b]) => luma(to8(r), to8(g), to8(b)));
    const out = new Uint8Array(pixels);
    for (let i = 0; i < pixels; i++) out[i] = lut[data[i]!] ?? 0;
    notes.add('indexed-colour (palette) image converted to grey through its palette with BT.601 luma');
    return { width, height, bitDepth: 8, data: out };
  }
  if (ifd.bitsPerSample === 1) {
    const out = new Uint8Array(pixels);
    for (let i = 0; i < pixels; i++) out[i] = data[i]! ? 255 : 0;
    notes.add('black-and-white (1-bit) image: 0 → 0, 1 → 255');
    return { width, height, bitDepth: 8, data: out };
  }
  if (colour === 'grey-inverted') notes.add('stored with white as zero (WhiteIsZero); inverted so that 0 is black');
  const bitDepth = ifd.bitsPerSample === 16 ? 16 : 8;
  const grey = interleavedToGrey(data, pixels, channels, colour === 'rgb' || colour === 'rgba', bitDepth);
  for (const n of grey.notes) notes.add(n);
  return { width, height, bitDepth, data: grey.data };
}

function explainTiffError(err: unknown, header: ImageHeader, where = ''): string {
  const compression = header.pages[0]?.compression ?? 'none';
  const what =
    compression === 'none'
      ? 'the image data cannot be read'
      : `the ${compression}-compressed image data cannot be unpacked`;
  return `corrupt TIFF (${where}${what}, so the file is probably damaged; decoder said: ${libraryDetail(err)})`;
}
