/**
 * What the pixel values of a file really are, said in words the viewer shows. Cameras write 12- or
 * 14-bit data into 16-bit containers (values up to 4,095 or 16,383), and Evident scanR writes signed
 * 16-bit samples. The 16 → 8-bit rule (to8bit.ts) stretches the 0.5–99.5 % percentiles, so it
 * needs no change for either; but a person reading the numbers must know which they are.
 * Signed samples are shifted by +32,768 to unsigned (order kept, and the stretch is
 * shift-invariant, so the 8-bit image is the same) — unless none is negative, when they are read
 * as they are.
 */
import type { GreyImage } from '../experiment.ts';

export interface BitDepthInfo {
  /** Bits per sample as stored. */
  container: 8 | 16;
  /** Bits the data use: stated (OME SignificantBits), or the fewest of 8/10/12/14/16 that hold the largest value. */
  significantBits: number;
  significantFrom: 'stated' | 'values';
  signed: boolean;
  /** Added to the stored signed values to make them unsigned (0 or 32768). */
  offset: number;
  min: number;
  max: number;
  /** One sentence for the viewer. */
  statement: string;
}

/** The range of every page's values (after any signed offset). */
export function describeBitDepth(
  pages: readonly GreyImage[],
  opts: { signed?: boolean; offset?: number; statedBits?: number | null } = {},
): BitDepthInfo {
  let min = Infinity;
  let max = -Infinity;
  for (const p of pages) {
    const d = p.data;
    for (let i = 0; i < d.length; i++) {
      const v = d[i]!;
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  if (min === Infinity) min = max = 0;
  const container = pages[0]?.bitDepth ?? 8;
  const offset = opts.offset ?? 0;
  const signed = opts.signed ?? false;
  let significantBits: number = container;
  let significantFrom: BitDepthInfo['significantFrom'] = 'values';
  if (container === 16) {
    const stated = opts.statedBits;
    if (stated && stated > 0 && stated <= 16) {
      significantBits = stated;
      significantFrom = 'stated';
    } else if (!signed) significantBits = [8, 10, 12, 14, 16].find((b) => max < 2 ** b) ?? 16;
  }
  const range = `values ${group(min)}–${group(max)}`;
  let statement: string;
  if (container === 8) statement = `8-bit (${range})`;
  else if (signed)
    statement =
      offset !== 0
        ? `signed 16-bit (as Evident scanR writes), shifted by +${group(offset)} to unsigned (${range}); then the 16 → 8-bit rule`
        : `signed 16-bit with no negative value, read as unsigned (${range}); then the 16 → 8-bit rule`;
  else if (significantBits < 16)
    statement = `${significantBits}-bit data in a 16-bit container (${range}${significantFrom === 'stated' ? ', SignificantBits stated in the file' : ''}); the 16 → 8-bit rule stretches the 0.5–99.5 % percentiles`;
  else statement = `16-bit (${range}); the 16 → 8-bit rule stretches the 0.5–99.5 % percentiles`;
  return { container, significantBits, significantFrom, signed, offset, min, max, statement };
}

/**
 * Signed 16-bit samples as the `tiff` decoder hands them (the raw two's-complement bits in a
 * Uint16Array per page) → unsigned values, the same offset for every page of the file. Returns the offset applied: 32768 when any value is negative
 * (then v + 32768, i.e. the bits with the top one flipped), else 0 and the data untouched.
 */
export function unsignSigned16(pages: readonly Uint16Array[]): number {
  const negative = pages.some((data) => data.some((v) => v >= 0x8000));
  if (!negative) return 0;
  for (const data of pages) for (let i = 0; i < data.length; i++) data[i] = data[i]! ^ 0x8000;
  return 32768;
}

function group(n: number): string {
  const s = String(Math.trunc(Math.abs(n))).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return n < 0 ? `−${s}` : s;
}
