/**
 * The 12 descriptors of every cell in a label image (shared/DESIGN.md §5, definitions in
 * shared/reference/README.md §1). One typed-array pass collects per-cell sums for area, axes,
 * intensity and texture; OpenCV traces each cell's outer contour in its own small padded box.
 */
import type { CV } from '../cv';
import { DESCRIPTORS, type Grey8 } from '../experiment';
import { momentAxes } from './axes';
import { GLCM_CELL_STRIDE, sumCellPixels } from './cellPixels';
import { ContourTracer } from './contour';
import { glcmFeatures } from './glcm';
import { slotTable, type LabelArray } from './labels';

export const DESCRIPTOR_COUNT = DESCRIPTORS.length;

export interface CellMeasurements {
  /** Label id of each row, increasing. */
  labelIds: Int32Array;
  /** cellCount × 12, row-major, columns in the order of DESCRIPTORS. */
  values: Float64Array;
  cellCount: number;
}

export interface MeasureOptions {
  /**
   * Measure only these label ids (rows still in increasing id order). An id absent from the image
   * gets a row with area 0 and NaN elsewhere.
   */
  labelIds?: number[];
}

/**
 * Undefined values are NaN (the reference script would divide by zero): compactness when the
 * perimeter is 0 (a single pixel), solidity when the hull has no area (a cell one pixel thin),
 * aspect ratio when the breadth is 0, the four GLCM features when no two pixels of the cell are
 * neighbours. `labels` must have one value per pixel of `image`.
 */
export function measureCells(cv: CV, image: Grey8, labels: LabelArray, options: MeasureOptions = {}): CellMeasurements {
  const sums = sumCellPixels(image, labels, slotTable(labels, options.labelIds));
  // Slots are in the order the pass met the cells; rows go by increasing label id.
  const slots = Array.from(sums.ids.keys()).sort((a, b) => sums.ids[a]! - sums.ids[b]!);
  const n = slots.length;
  const labelIds = new Int32Array(n);
  const values = new Float64Array(n * DESCRIPTOR_COUNT).fill(NaN);

  const tracer = new ContourTracer(cv);
  try {
    for (let row = 0; row < n; row++) measureRow(row);
  } finally {
    tracer.delete();
  }
  return { labelIds, values, cellCount: n };

  function measureRow(row: number): void {
    const r = slots[row]!;
    const id = sums.ids[r]!;
    labelIds[row] = id;
    const at = row * DESCRIPTOR_COUNT;
    const area = sums.count[r]!;
    values[at] = area;
    if (area === 0) return;
    const shape = tracer.shape(labels, image.width, id, {
      minX: sums.minX[r]!,
      maxX: sums.maxX[r]!,
      minY: sums.minY[r]!,
      maxY: sums.maxY[r]!,
    });
    const axes = momentAxes(area, sums.sumX[r]!, sums.sumY[r]!, sums.sumXX[r]!, sums.sumXY[r]!, sums.sumYY[r]!);
    const glcm = glcmFeatures(sums.cooc, r * GLCM_CELL_STRIDE);
    const p = shape.perimeter;
    values[at + 1] = p;
    values[at + 2] = axes.length;
    values[at + 3] = axes.breadth;
    values[at + 4] = axes.breadth > 0 ? axes.length / axes.breadth : NaN;
    values[at + 5] = p > 0 ? (4 * Math.PI * area) / (p * p) : NaN;
    values[at + 6] = shape.hullArea > 0 ? shape.contourArea / shape.hullArea : NaN;
    values[at + 7] = sums.sumIntensity[r]! / area;
    values[at + 8] = glcm.contrast;
    values[at + 9] = glcm.correlation;
    values[at + 10] = glcm.energy;
    values[at + 11] = glcm.homogeneity;
  }
}
