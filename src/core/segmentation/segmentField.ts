/**
 * One entry for segmenting a field by the experiment's method: the learned network or the paper's
 * eight classical steps. The worker, the CLI and the tests call this, never the methods directly.
 */
import type { CV } from '../cv';
import type { Grey8 } from '../experiment';
import { SEGMENTER_CARD } from './learned/card';
import type { CellNetwork } from './learned/network';
import { segmentLearned, type LearnedSegmentation } from './learned/segment';
import { classicalAtPixelSize, type SegmentationParams } from './params';
import { segmentImage } from './pipeline';

/** What either method gives: labels, count, timings and (on request) the step pictures. */
export type FieldSegmentation = Omit<LearnedSegmentation, 'steps'> & { steps?: { name: string; image: Uint8Array }[] };

export interface SegmentOptions {
  keepSteps?: boolean;
  /** Opens (once, lazily) the network; needed by the learned method only. */
  network?: () => Promise<CellNetwork>;
}

export async function segmentField(
  cv: CV,
  image: Grey8,
  params: SegmentationParams,
  options: SegmentOptions = {},
): Promise<FieldSegmentation> {
  // The classical sizes are px at 0.87 µm/px; scaled here to the images' pixel size.
  if (params.method !== 'learned') return segmentImage(cv, image, classicalAtPixelSize(params), { keepSteps: options.keepSteps });
  if (!options.network) throw new Error('the learned segmentation needs its network, and none was given');
  if (params.learned.model !== SEGMENTER_CARD.sha256.slice(0, 16))
    throw new Error(
      `these settings were made with segmentation model ${params.learned.model}; the app has model ${SEGMENTER_CARD.sha256.slice(0, 16)}`,
    );
  const net = await options.network();
  return segmentLearned(cv, net, image, params.learned, {
    pixelSizeUm: params.pixelSizeUm,
    networkUmPerPx: SEGMENTER_CARD.network_um_per_px,
    removeBorder: params.removeBorder,
    keepSteps: options.keepSteps,
  });
}
