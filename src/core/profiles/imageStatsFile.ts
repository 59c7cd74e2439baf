/**
 * `image_stats.json`: every image's address and sufficient statistics, written by `analyze` so that
 * profiles for any window, FOV subset or bootstrap are rebuilt later without segmenting again.
 */
import { DESCRIPTORS } from '../experiment';
import type { ImageStats } from './build';

export interface ImageStatsRecord {
  clone: string;
  timeH: number;
  fov: number;
  /** Relative path of the image file. */
  file: string;
  cellCount: number;
  /** Per descriptor, in DESCRIPTORS order. */
  n: number[];
  mean: number[];
  m2: number[];
}

export interface ImageStatsFile {
  format: 'potency-workbench/image-stats';
  version: 1;
  descriptors: string[];
  /** Anything that says how the statistics were made (pattern, segmentation parameters, hash). */
  provenance: Record<string, unknown>;
  /** Known potencies by clone (null = to be predicted), when the experiment came with a table. */
  potency?: Record<string, number | null>;
  images: ImageStatsRecord[];
}

export function imageStatsRecord(im: ImageStats, file: string, cellCount: number): ImageStatsRecord {
  return {
    clone: im.clone,
    timeH: im.timeH,
    fov: im.fov,
    file,
    cellCount,
    n: Array.from(im.stats.n),
    mean: Array.from(im.stats.mean),
    m2: Array.from(im.stats.m2),
  };
}

export function imageStatsFileText(
  records: ImageStatsRecord[],
  provenance: Record<string, unknown> = {},
  potency?: Map<string, number | null>,
): string {
  const file: ImageStatsFile = {
    format: 'potency-workbench/image-stats',
    version: 1,
    descriptors: [...DESCRIPTORS],
    provenance,
    ...(potency ? { potency: Object.fromEntries(potency) } : {}),
    images: records,
  };
  return JSON.stringify(file) + '\n';
}

/** Reads the file back; throws with a plain reason when it is not one. */
export function parseImageStatsFile(text: string): {
  file: ImageStatsFile;
  images: ImageStats[];
  potency?: Map<string, number | null>;
} {
  const raw = JSON.parse(text) as Partial<ImageStatsFile>;
  if (raw.format !== 'potency-workbench/image-stats' || !Array.isArray(raw.images))
    throw new Error('not an image_stats.json written by `analyze`');
  if (JSON.stringify(raw.descriptors) !== JSON.stringify(DESCRIPTORS))
    throw new Error(`image_stats.json has descriptors ${String(raw.descriptors)}, expected ${DESCRIPTORS.join(',')}`);
  const k = DESCRIPTORS.length;
  const images = raw.images.map((r, i): ImageStats => {
    if (r.n?.length !== k || r.mean?.length !== k || r.m2?.length !== k)
      throw new Error(`image_stats.json image ${i + 1} (${r.file}) does not have ${k} statistics per array`);
    return {
      clone: r.clone,
      timeH: r.timeH,
      fov: r.fov,
      stats: { n: Float64Array.from(r.n), mean: Float64Array.from(r.mean), m2: Float64Array.from(r.m2) },
    };
  });
  const potency = raw.potency ? new Map(Object.entries(raw.potency)) : undefined;
  return { file: raw as ImageStatsFile, images, ...(potency ? { potency } : {}) };
}
