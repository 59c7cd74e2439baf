/**
 * The report's provenance in one line: a manifest hash over the images' content hashes, sorted (so
 * it names the set of images, not their order), plus counts. Two reports with the same manifest hash
 * were made from byte-identical images. An image without a known content hash (a CLI analysis that
 * did not hash, a demo image drawn in memory) enters as `file:<path>`; the count of those is stated.
 */
import { contentHash } from '../image/hash';
import { csvField } from '../csv';

export interface ManifestImage {
  file: string;
  clone: string;
  timeH: number;
  fov: number;
  cellCount: number;
  contentHash?: string;
}

export interface ImageManifest {
  /** SHA-256 (hex) of the sorted per-image entries, one per line. */
  hash: string;
  images: number;
  /** Images that entered by name because their content hash is unknown. */
  unhashed: number;
  clones: number;
  timePoints: number;
  /** The most FOVs of any well at any time point. */
  fovsPerWell: number;
  cells: number;
}

const isHash = (h: string | undefined): h is string => !!h && /^[0-9a-f]{64}$/.test(h);

export async function imageManifest(images: readonly ManifestImage[]): Promise<ImageManifest> {
  const entries = images.map((i) => (isHash(i.contentHash) ? i.contentHash : `file:${i.file}`)).sort();
  const hash = await contentHash(new TextEncoder().encode(entries.join('\n')));
  const perWell = new Map<string, number>();
  for (const i of images) {
    const well = `${i.clone}\0${i.timeH}`;
    perWell.set(well, (perWell.get(well) ?? 0) + 1);
  }
  return {
    hash,
    images: images.length,
    unhashed: images.filter((i) => !isHash(i.contentHash)).length,
    clones: new Set(images.map((i) => i.clone)).size,
    timePoints: new Set(images.map((i) => i.timeH)).size,
    fovsPerWell: Math.max(0, ...perWell.values()),
    cells: images.reduce((s, i) => s + i.cellCount, 0),
  };
}

/** The per-image table as CSV: `file,clone,time_h,fov,cells,content_hash`, one row per image. */
export function imagesCsv(images: readonly ManifestImage[]): string {
  return (
    'file,clone,time_h,fov,cells,content_hash\n' +
    images.map((i) => [csvField(i.file), csvField(i.clone), i.timeH, i.fov, i.cellCount, i.contentHash ?? ''].join(',')).join('\n') +
    '\n'
  );
}
