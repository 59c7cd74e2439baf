/** PNG → grey pages, through fast-png (8 and 16 bit; grey, grey+alpha, RGB, RGBA, palette). */
import { convertIndexedToRgb, decode } from 'fast-png';
import type { DecodedPng } from 'fast-png';
import type { GreyImage } from '../experiment.ts';
import { ImageDecodeError, libraryDetail } from './errors.ts';
import { interleavedToGrey } from './toGrey.ts';
import type { DecodedPages } from './decodedPages.ts';

export function decodePngPages(bytes: Uint8Array, fileName: string): DecodedPages {
  let png: DecodedPng;
  try {
    // CRC checks catch bytes damaged in transfer, which would otherwise decode into wrong pixels.
    png = decode(bytes, { checkCrc: true });
  } catch (err) {
    throw new ImageDecodeError(fileName, `corrupt PNG (${explainPngError(err)})`);
  }
  const { width, height, depth, channels } = png;
  const pixels = width * height;
  const notes: string[] = [];
  let page: GreyImage;
  if (png.palette) {
    const rgb = convertIndexedToRgb(png);
    const perPixel = png.palette[0]?.length ?? 3;
    const grey = interleavedToGrey(rgb, pixels, perPixel, true, 8);
    notes.push('indexed-colour (palette) image converted through its palette', ...grey.notes);
    page = { width, height, bitDepth: 8, data: grey.data };
  } else if (depth < 8) {
    page = { width, height, bitDepth: 8, data: unpackLowBitGrey(png.data, width, height, depth) };
    notes.push(`${depth}-bit grey scaled to 0–255 (multiplied by ${255 / (2 ** depth - 1)})`);
  } else {
    const bitDepth = depth === 16 ? 16 : 8;
    const grey = interleavedToGrey(png.data, pixels, channels, channels >= 3, bitDepth);
    notes.push(...grey.notes);
    page = { width, height, bitDepth, data: grey.data };
  }
  if (png.transparency && !png.palette) notes.push('transparent colour (tRNS) ignored');
  return { pages: [page], sourceChannels: channels, notes };
}

function unpackLowBitGrey(packed: ArrayLike<number>, width: number, height: number, depth: number): Uint8Array {
  const out = new Uint8Array(width * height);
  const rowBytes = Math.ceil((width * depth) / 8);
  const max = 2 ** depth - 1;
  const scale = 255 / max;
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const bit = x * depth;
      const byte = packed[y * rowBytes + (bit >> 3)]!;
      const value = (byte >> (8 - depth - (bit & 7))) & max;
      out[y * width + x] = value * scale;
    }
  return out;
}

function explainPngError(err: unknown): string {
  const detail = libraryDetail(err);
  const crc = /^CRC mismatch for chunk (\w+)/.exec(detail);
  if (crc) {
    const what = crc[1] === 'IDAT' ? 'the image data' : `the "${crc[1]}" chunk`;
    return `a checksum in ${what} does not match, so the file was damaged after it was written`;
  }
  if (detail.startsWith('Error while decompressing'))
    return `the compressed image data cannot be unpacked, so the file is probably damaged; decoder said: ${detail}`;
  return `decoder said: ${detail}`;
}
