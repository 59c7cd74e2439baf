/**
 * A segmentation overlay for the report: the image shrunk to a thumbnail with every cell's outline
 * in green, as a PNG data URI. Outlines are found at full resolution (a pixel of a cell next to a
 * pixel of another label) and then drawn at the thumbnail pixel they fall in.
 */
import type { Grey8 } from '../experiment';
import { makeThumbnail } from '../image/thumbnail';
import { pngDataUri } from './dataUri';

export function overlayDataUri(image: Grey8, labels: ArrayLike<number>, maxSide = 256): string {
  const { width, height } = image;
  const thumb = makeThumbnail(image, maxSide);
  const tw = thumb.width;
  const th = thumb.height;
  const rgb = new Uint8Array(tw * th * 3);
  for (let i = 0; i < tw * th; i++) rgb[3 * i] = rgb[3 * i + 1] = rgb[3 * i + 2] = thumb.data[i]!;
  const sx = tw / width;
  const sy = th / height;
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const l = labels[y * width + x]!;
      if (l === 0) continue;
      const edge =
        x === 0 || y === 0 || x === width - 1 || y === height - 1 ||
        labels[y * width + x - 1] !== l || labels[y * width + x + 1] !== l ||
        labels[(y - 1) * width + x] !== l || labels[(y + 1) * width + x] !== l;
      if (!edge) continue;
      const o = 3 * (Math.min(th - 1, Math.floor(y * sy)) * tw + Math.min(tw - 1, Math.floor(x * sx)));
      rgb[o] = 40;
      rgb[o + 1] = 230;
      rgb[o + 2] = 80;
    }
  return pngDataUri(rgb, tw, th, 3);
}
