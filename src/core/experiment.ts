/** Constants and plain types of the method (shared/DESIGN.md §2, §5, §6). DOM-free. */

/** Imaging time points of the method: every 6 h from 6 h to 90 h. */
export const TIME_POINTS_H: readonly number[] = Array.from({ length: 15 }, (_, i) => 6 * (i + 1));

/** The 12 per-cell descriptors, in the order of shared/reference/README.md §1 and of profile columns. */
export const DESCRIPTORS = [
  'area',
  'perimeter',
  'length',
  'breadth',
  'aspect_ratio',
  'compactness',
  'solidity',
  'mean_intensity',
  'glcm_contrast',
  'glcm_correlation',
  'glcm_energy',
  'glcm_homogeneity',
] as const;
export type Descriptor = (typeof DESCRIPTORS)[number];

export type CloneGroup = 'REC' | 'bulk';

/** A grey image as decoded from a file: one page, one channel. */
export interface GreyImage {
  width: number;
  height: number;
  bitDepth: 8 | 16;
  data: Uint8Array | Uint16Array;
}

/** An 8-bit grey image, the input of segmentation and measurement. */
export interface Grey8 {
  width: number;
  height: number;
  data: Uint8Array;
}

/** Address of one image in an experiment, as viv addresses pixel sources by labelled selection. */
export interface ImageAddress {
  clone: string;
  timeH: number;
  fov: number;
}

/** `cloneNN`-style label; pads numbers so that names sort naturally. */
export function formatHours(h: number): string {
  return String(Math.round(h)).padStart(3, '0');
}
