/**
 * The learned segmentation of one 8-bit field: resize to the network's scale, run the network,
 * bring its maps back to the field's size, turn them into cells (labels.ts). Areas are given in µm²
 * and converted with the field's pixel size, so the same settings hold at any magnification.
 */
import type { CV } from '../../cv';
import type { Grey8 } from '../../experiment';
import { cellsFromMaps } from './labels';
import type { CellNetwork } from './network';
import { mapToField, prepareInput } from './prepare';

export interface LearnedParams {
  /** Foreground where 1 − P(background) exceeds this. */
  foreground: number;
  /** Cell seeds where the predicted distance to the edge (0 … 1 at the centre) exceeds this. */
  seed: number;
  /** Seeds smaller than this (µm²) are ignored. */
  minSeedAreaUm2: number;
  /** Cells smaller than this (µm²) are dropped. */
  minAreaUm2: number;
}

export const LEARNED_STEP_NAMES = ['input', 'foreground', 'interior', 'boundary', 'distance', 'labels'] as const;
export type LearnedStepName = (typeof LEARNED_STEP_NAMES)[number];

export interface LearnedSegmentation {
  labels: Int32Array;
  count: number;
  width: number;
  height: number;
  timingsMs: Record<string, number>;
  steps?: { name: LearnedStepName; image: Uint8Array }[];
}

export interface LearnedOptions {
  /** µm per px of the field. */
  pixelSizeUm: number;
  /** µm per px the network was trained at (the model card's `network_um_per_px`). */
  networkUmPerPx: number;
  removeBorder: boolean;
  keepSteps?: boolean;
}

export async function segmentLearned(
  cv: CV,
  net: CellNetwork,
  image: Grey8,
  params: LearnedParams,
  options: LearnedOptions,
): Promise<LearnedSegmentation> {
  const { width, height } = image;
  if (!(options.pixelSizeUm > 0)) throw new Error(`pixel size must be positive (got ${options.pixelSizeUm} µm/px)`);
  const t0 = performance.now();
  const input = prepareInput(cv, image, options.pixelSizeUm / options.networkUmPerPx);
  const t1 = performance.now();
  const maps = await net.run(input.data, input.width, input.height);
  const t2 = performance.now();
  const background = mapToField(cv, maps, 0, input, width, height);
  const distance = mapToField(cv, maps, 3, input, width, height);
  const umPerPx2 = options.pixelSizeUm * options.pixelSizeUm;
  const { labels, count } = cellsFromMaps(
    { width, height, background, distance },
    {
      foreground: params.foreground,
      seed: params.seed,
      minSeedArea: params.minSeedAreaUm2 / umPerPx2,
      minArea: params.minAreaUm2 / umPerPx2,
      removeBorder: options.removeBorder,
    },
  );
  const t3 = performance.now();
  const result: LearnedSegmentation = {
    labels,
    count,
    width,
    height,
    timingsMs: { prepare: t1 - t0, network: t2 - t1, cells: t3 - t2, total: t3 - t0 },
  };
  if (options.keepSteps) {
    const toByte = (m: Float32Array, invert = false) => {
      const out = new Uint8Array(m.length);
      for (let i = 0; i < m.length; i++) out[i] = Math.round(255 * Math.min(1, Math.max(0, invert ? 1 - m[i]! : m[i]!)));
      return out;
    };
    const lab = new Uint8Array(width * height);
    for (let i = 0; i < lab.length; i++) lab[i] = labels[i] === 0 ? 0 : 56 + ((labels[i]! * 73) % 200);
    result.steps = [
      { name: 'input', image: image.data.slice() },
      { name: 'foreground', image: toByte(background, true) },
      { name: 'interior', image: toByte(mapToField(cv, maps, 1, input, width, height)) },
      { name: 'boundary', image: toByte(mapToField(cv, maps, 2, input, width, height)) },
      { name: 'distance', image: toByte(distance) },
      { name: 'labels', image: lab },
    ];
  }
  return result;
}
