/**
 * The stored per-cell values, for the views that need single cells (REC vs bulk distributions, the
 * per-cell CSV): one image at a time, so memory stays flat at paper scale. Everything that needs
 * only per-image summaries reads those instead.
 */
import { openWorkbenchDb } from '../storage/db';
import { getMeasurement } from '../storage/repository';
import type { ImageRecord } from '../storage/schema';

export interface MeasuredCells {
  image: ImageRecord;
  cellCount: number;
  /** cells × 12 descriptors, row-major; segmentation labels are 1..cellCount in row order. */
  values: Float32Array;
}

/** The images measured with the parameters `paramsHash`, in the given order; others are passed over. */
export async function* measuredCells(images: readonly ImageRecord[], paramsHash: string): AsyncGenerator<MeasuredCells> {
  const db = await openWorkbenchDb();
  for (const image of images) {
    const m = await getMeasurement(db, image.id);
    if (m && m.paramsHash === paramsHash) yield { image, cellCount: m.cellCount, values: new Float32Array(m.values) };
  }
}
