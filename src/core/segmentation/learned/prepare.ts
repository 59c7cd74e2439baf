/**
 * Turning an 8-bit field into the network's input, and its maps back to the field's size. The
 * network saw its training fields at `networkUmPerPx`; a field at `pixelSizeUm` µm/px is resized by
 * pixelSizeUm / networkUmPerPx (INTER_AREA when shrinking, as in training; linear when enlarging),
 * standardised over the whole field (mean 0, SD 1) and padded by reflection to a multiple of 16.
 */
import type { CV } from '../../cv';
import type { Grey8 } from '../../experiment';

export interface NetworkInput {
  data: Float32Array;
  /** Padded size (multiples of 16). */
  width: number;
  height: number;
  /** The resized field inside the padding (top-left corner). */
  innerWidth: number;
  innerHeight: number;
}

export function networkSize(width: number, height: number, scale: number): { width: number; height: number } {
  return { width: Math.max(16, Math.round(width * scale)), height: Math.max(16, Math.round(height * scale)) };
}

export function prepareInput(cv: CV, image: Grey8, scale: number): NetworkInput {
  const size = networkSize(image.width, image.height, scale);
  const src = new cv.Mat(image.height, image.width, cv.CV_8UC1);
  const dst = new cv.Mat();
  let resized: Uint8Array;
  try {
    src.data.set(image.data);
    if (size.width === image.width && size.height === image.height) src.copyTo(dst);
    else cv.resize(src, dst, new cv.Size(size.width, size.height), 0, 0, scale < 1 ? cv.INTER_AREA : cv.INTER_LINEAR);
    resized = dst.data.slice(0, size.width * size.height);
  } finally {
    src.delete();
    dst.delete();
  }
  const n = resized.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += resized[i]!;
  const mean = sum / n / 255;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const d = resized[i]! / 255 - mean;
    ss += d * d;
  }
  const sd = Math.max(Math.sqrt(ss / n), 1e-3);
  const width = Math.ceil(size.width / 16) * 16;
  const height = Math.ceil(size.height / 16) * 16;
  const data = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    const sy = reflect(y, size.height);
    for (let x = 0; x < width; x++) data[y * width + x] = (resized[sy * size.width + reflect(x, size.width)]! / 255 - mean) / sd;
  }
  return { data, width, height, innerWidth: size.width, innerHeight: size.height };
}

/** numpy's 'reflect' padding (the edge pixel is not repeated). */
function reflect(i: number, n: number): number {
  if (n === 1) return 0;
  const period = 2 * (n - 1);
  let j = i % period;
  if (j >= n) j = period - j;
  return j;
}

/** One map of the network's output, cropped to the field and resized (linear) to width × height. */
export function mapToField(
  cv: CV,
  maps: Float32Array,
  channel: number,
  input: NetworkInput,
  width: number,
  height: number,
): Float32Array {
  const plane = input.width * input.height;
  const crop = new Float32Array(input.innerWidth * input.innerHeight);
  for (let y = 0; y < input.innerHeight; y++) {
    const from = channel * plane + y * input.width;
    crop.set(maps.subarray(from, from + input.innerWidth), y * input.innerWidth);
  }
  if (input.innerWidth === width && input.innerHeight === height) return crop;
  const src = new cv.Mat(input.innerHeight, input.innerWidth, cv.CV_32F);
  const dst = new cv.Mat();
  try {
    src.data32F.set(crop);
    cv.resize(src, dst, new cv.Size(width, height), 0, 0, cv.INTER_LINEAR);
    return dst.data32F.slice(0, width * height);
  } finally {
    src.delete();
    dst.delete();
  }
}
