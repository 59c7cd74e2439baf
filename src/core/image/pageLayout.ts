/**
 * How many pages a file has, their OME planes and the pixel size the file states — read from
 * headers and tags only, no pixel decoded. The CLI plans one job per kept page from it (through
 * choosePages); the browser gets the same from decodeImage and the same choosePages.
 */
import { readTiffLayout } from './decodeTiff.ts';
import type { OmePlane } from './ome.ts';
import type { PixelSize } from './pixelSize.ts';
import { checkDecodable, readImageHeader } from './sniff.ts';

export interface PageLayout {
  pageCount: number;
  /** OME-TIFF: each page's plane (choosePages turns them into image addresses); null otherwise. */
  planes: OmePlane[] | null;
  pixelSize: PixelSize | null;
}

/** Throws ImageDecodeError (file named) for a file that cannot be read. */
export function readPageLayout(bytes: Uint8Array, fileName: string): PageLayout {
  const header = readImageHeader(bytes, fileName);
  checkDecodable(header, fileName);
  if (header.format !== 'tiff') return { pageCount: 1, planes: null, pixelSize: null };
  const layout = readTiffLayout(bytes, fileName, header);
  return { pageCount: layout.pageCount, planes: layout.ome?.planes ?? null, pixelSize: layout.pixelSize };
}
