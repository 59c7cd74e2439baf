/**
 * A stored or read image file → the 8-bit field the method works on: decode, pick the page, apply
 * the 16 → 8-bit rule. The one path for the browser's image worker and the CLI's `analyze`.
 */
import type { Grey8 } from '../experiment';
import { decodeImage } from './decode.ts';
import type { PixelSize } from './pixelSize.ts';
import { stretchPercentiles, to8bit } from './to8bit.ts';

export interface FieldImage {
  image: Grey8;
  /** The source page's container depth. */
  bitDepth: 8 | 16;
  /** 16-bit sources: the stretch's low and high grey values. */
  pLo?: number;
  pHi?: number;
  /** What the file's bit depth is, in words (12-bit in 16, signed with offset, …). */
  bitDepthStatement: string;
  /** Things the user should know about the file (colour reduced to grey, …). */
  notes: string[];
  /** The pixel size the file states, if any. */
  pixelSize: PixelSize | null;
  /** Pages in the file. */
  pages: number;
}

/** Throws, naming the file, when it cannot be decoded or has no such page. */
export function fieldImage(bytes: Uint8Array, fileName: string, pageIndex = 0): FieldImage {
  const decoded = decodeImage(bytes, fileName);
  const page = decoded.pages[pageIndex];
  if (!page)
    throw new Error(
      pageIndex === 0 ? `${fileName}: no image pages` : `${fileName}: no page ${pageIndex + 1} (the file has ${decoded.pages.length})`,
    );
  const stretch = page.bitDepth === 16 ? stretchPercentiles(page) : undefined;
  return {
    image: to8bit(page),
    bitDepth: page.bitDepth === 16 ? 16 : 8,
    ...(stretch ? { pLo: stretch.pLo, pHi: stretch.pHi } : {}),
    bitDepthStatement: decoded.bitDepthInfo.statement,
    notes: [...decoded.notes],
    pixelSize: decoded.pixelSize,
    pages: decoded.pages.length,
  };
}
