/**
 * Which pages of a file are images, where they go and what pixel size the file states — read from
 * headers and tags only, no pixel decoded. The CLI plans one job per kept page from it; the
 * browser gets the same from decodeImage (planes, pixelSize) and the same choosePages.
 */
import { readTiffLayout } from './decodeTiff.ts';
import { choosePages, type PageChoice } from './omePages.ts';
import type { PixelSize } from './pixelSize.ts';
import { checkDecodable, readImageHeader } from './sniff.ts';

export interface PageLayout {
  pages: PageChoice[];
  pixelSize: PixelSize | null;
  notes: string[];
}

/** Throws ImageDecodeError (file named) for a file that cannot be read. */
export function readPageLayout(bytes: Uint8Array, fileName: string): PageLayout {
  const header = readImageHeader(bytes, fileName);
  checkDecodable(header, fileName);
  if (header.format !== 'tiff') return { pages: choosePages(1, null).pages, pixelSize: null, notes: [] };
  const layout = readTiffLayout(bytes, fileName, header);
  const { pages, notes } = choosePages(layout.pageCount, layout.ome?.planes ?? null);
  return { pages, pixelSize: layout.pixelSize, notes };
}
