/** JPEG → one grey page, through jpeg-js (baseline and progressive, 8-bit, grey or colour). */
import { decode } from 'jpeg-js';
import { ImageDecodeError, libraryDetail } from './errors.ts';
import { MAX_PIXELS } from './sniff.ts';
import type { ImageHeader } from './sniff.ts';
import { interleavedToGrey } from './toGrey.ts';
import type { DecodedPages } from './decodedPages.ts';

export function decodeJpegPages(bytes: Uint8Array, fileName: string, header: ImageHeader): DecodedPages {
  let rgb: { width: number; height: number; data: Uint8Array };
  try {
    rgb = decode(bytes, {
      useTArray: true, // plain typed arrays: Node's Buffer does not exist in browsers and workers
      formatAsRGBA: false,
      maxResolutionInMP: Math.ceil(MAX_PIXELS / 1e6),
      maxMemoryUsageInMB: 1024,
    });
  } catch (err) {
    throw new ImageDecodeError(
      fileName,
      `corrupt JPEG (the image data cannot be decoded, so the file is probably damaged; decoder said: ${libraryDetail(err)})`,
    );
  }
  const { width, height } = rgb;
  if (rgb.data.length !== width * height * 3)
    throw new ImageDecodeError(fileName, 'corrupt JPEG (the decoder returned the wrong number of pixels)');
  const channels = header.pages[0]!.channels;
  const grey = channels === 1;
  // jpeg-js always returns RGB; a grey JPEG comes back with R = G = B, so take R.
  const out = interleavedToGrey(rgb.data, width * height, 3, !grey, 8);
  return {
    pages: [{ width, height, bitDepth: 8, data: out.data }],
    sourceChannels: channels,
    notes: grey ? [] : out.notes,
  };
}
