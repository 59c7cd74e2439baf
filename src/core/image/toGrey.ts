/**
 * Colour → grey, by one stated rule. Phase-contrast images are grey, but microscope software and
 * Fiji often save them as RGB with three equal channels; those are taken as they are, and only
 * real colour is converted, with ITU-R BT.601 luma.
 */

export const LUMA_NOTE =
  'colour converted to grey with ITU-R BT.601 luma: (299·R + 587·G + 114·B) / 1000, rounded half up';
export const EQUAL_CHANNELS_NOTE = 'stored as RGB with three equal channels; used as grey unchanged';
export const ALPHA_NOTE = 'transparency (alpha) channel ignored';

export interface GreySamples {
  data: Uint8Array | Uint16Array;
  notes: string[];
}

/**
 * One grey sample per pixel from interleaved samples.
 * `channels` is the number of samples per pixel; `colour` says whether the first three are R, G, B
 * (otherwise the first is grey and any others are alpha or extra samples).
 */
export function interleavedToGrey(
  data: ArrayLike<number>,
  pixels: number,
  channels: number,
  colour: boolean,
  bitDepth: 8 | 16,
): GreySamples {
  const out = bitDepth === 16 ? new Uint16Array(pixels) : new Uint8Array(pixels);
  const notes: string[] = [];
  if (!colour) {
    for (let i = 0, k = 0; i < pixels; i++, k += channels) out[i] = data[k]!;
    if (channels > 1) notes.push(ALPHA_NOTE);
    return { data: out, notes };
  }
  let equal = true;
  for (let k = 0; k < pixels * channels; k += channels) {
    const r = data[k]!;
    if (data[k + 1] !== r || data[k + 2] !== r) {
      equal = false;
      break;
    }
  }
  if (equal) {
    for (let i = 0, k = 0; i < pixels; i++, k += channels) out[i] = data[k]!;
    notes.push(EQUAL_CHANNELS_NOTE);
  } else {
    // Integer arithmetic makes "half up" exact: no 0.299·R rounding error can tip a .5 either way.
    for (let i = 0, k = 0; i < pixels; i++, k += channels)
      out[i] = Math.floor((299 * data[k]! + 587 * data[k + 1]! + 114 * data[k + 2]! + 500) / 1000);
    notes.push(LUMA_NOTE);
  }
  if (channels > 3) notes.push(ALPHA_NOTE);
  return { data: out, notes };
}

/** The luma rule for one pixel (used for palettes). */
export function luma(r: number, g: number, b: number): number {
  return Math.floor((299 * r + 587 * g + 114 * b + 500) / 1000);
}
