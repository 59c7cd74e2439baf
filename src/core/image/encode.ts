/** Grey image → PNG bytes (8- or 16-bit grey), for demo images and 16-bit label images. */
import { encode } from 'fast-png';
import type { Grey8, GreyImage } from '../experiment.ts';

export function encodePng(img: GreyImage | Grey8): Uint8Array {
  const depth = 'bitDepth' in img ? img.bitDepth : 8;
  if (img.data.length !== img.width * img.height)
    throw new Error(`encodePng: ${img.data.length} values for a ${img.width} × ${img.height} image`);
  if ((depth === 16) !== img.data instanceof Uint16Array)
    throw new Error(`encodePng: bit depth ${depth} does not match ${img.data.constructor.name} data`);
  return encode({ width: img.width, height: img.height, data: img.data, depth, channels: 1 });
}
