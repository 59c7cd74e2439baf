import type { GreyImage } from '../experiment.ts';

/** What each format's decoder hands back to `decodeImage`. */
export interface DecodedPages {
  pages: GreyImage[];
  /** Samples per pixel in the file (1 grey, 2 grey+alpha, 3 RGB, 4 RGBA; a palette image has 1). */
  sourceChannels: number;
  /** What was done to make the pixels grey, in plain words; empty when nothing was needed. */
  notes: string[];
}
