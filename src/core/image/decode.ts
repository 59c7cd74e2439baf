/**
 * Any supported image file → grey pages. The format comes from the file's signature; every refusal
 * is an ImageDecodeError whose message names the file and the problem. Colour is reduced to grey by
 * the rule in toGrey.ts, and `notes` says so, so nothing happens to the pixels unannounced.
 */
import { describeBitDepth, type BitDepthInfo } from './bitDepth.ts';
import type { DecodedPages } from './decodedPages.ts';
import type { PixelSize } from './pixelSize.ts';
import { decodeJpegPages } from './decodeJpeg.ts';
import { decodePngPages } from './decodePng.ts';
import { decodeTiffPages } from './decodeTiff.ts';
import { checkDecodable, readImageHeader } from './sniff.ts';
import type { ImageFormat } from './sniff.ts';

/** The pages, with `sourceChannels` and `notes` as in DecodedPages, and the format detected. */
export interface DecodedImage extends DecodedPages {
  format: ImageFormat;
  /** What the values are (container, bits used, signed offset), with one sentence to show. */
  bitDepthInfo: BitDepthInfo;
  pixelSize: PixelSize | null;
}

export function decodeImage(bytes: Uint8Array, fileName: string): DecodedImage {
  const header = readImageHeader(bytes, fileName);
  checkDecodable(header, fileName);
  const decoded =
    header.format === 'png'
      ? decodePngPages(bytes, fileName)
      : header.format === 'jpeg'
        ? decodeJpegPages(bytes, fileName, header)
        : decodeTiffPages(bytes, fileName, header);
  const bitDepthInfo = describeBitDepth(decoded.pages, {
    signed: decoded.signed,
    offset: decoded.signedOffset,
    statedBits: decoded.ome?.significantBits ?? null,
  });
  const notes = [...decoded.notes];
  if (bitDepthInfo.container === 16 && (bitDepthInfo.significantBits < 16 || bitDepthInfo.signed)) notes.push(bitDepthInfo.statement);
  return { format: header.format, ...decoded, notes, pixelSize: decoded.pixelSize ?? null, bitDepthInfo };
}
