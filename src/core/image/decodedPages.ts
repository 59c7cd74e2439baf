import type { GreyImage } from '../experiment.ts';
import type { OmeLayout } from './ome.ts';
import type { PixelSize } from './pixelSize.ts';

/** What each format's decoder hands back to `decodeImage`. */
export interface DecodedPages {
  pages: GreyImage[];
  /** Samples per pixel in the file (1 grey, 2 grey+alpha, 3 RGB, 4 RGBA; a palette image has 1). */
  sourceChannels: number;
  /** What was done to make the pixels grey, in plain words; empty when nothing was needed. */
  notes: string[];
  /** The pixel size the file states (TIFF only), or null. */
  pixelSize?: PixelSize | null;
  /** OME-TIFF: which page is which T, Z, C and position (`planes[i]` is `pages[i]`'s). */
  ome?: OmeLayout | null;
  /** Signed 16-bit samples were shifted by this to unsigned (0 when not signed or none negative). */
  signedOffset?: number;
  signed?: boolean;
}
