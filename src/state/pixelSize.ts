/**
 * The experiment's pixel size and where it came from, in one sentence for the viewer, the
 * Segmentation tab and Explore. The size in use is the saved parameters' `pixelSizeUm`; its
 * origin is the file that stated it (experiment.pixelSize), a person who entered another, or the
 * default 0.87 µm/px when nothing was stated or entered.
 */
import { describePixelSize, formatUm, roundPixelSize } from '../core/image';
import { DEFAULT_SEGMENTATION_PARAMS } from '../core/segmentation/params';
import type { ExperimentRecord } from '../storage/schema';

export interface PixelSizeInUse {
  umPerPx: number;
  origin: 'file' | 'entered' | 'assumed';
  text: string;
}

export function pixelSizeInUse(experiment: Pick<ExperimentRecord, 'pixelSize' | 'isDemo'> | null | undefined, umPerPx: number): PixelSizeInUse {
  const stated = experiment?.pixelSize ?? null;
  const um = formatUm(umPerPx);
  if (stated && Math.abs(roundPixelSize(stated.umPerPx) / umPerPx - 1) <= 1e-3)
    return { umPerPx, origin: 'file', text: `${um} µm/px, read from ${stated.fileName} (${stated.detail})` };
  if (stated) return { umPerPx, origin: 'entered', text: `${um} µm/px, entered (the files state ${describePixelSize(stated)})` };
  if (umPerPx !== DEFAULT_SEGMENTATION_PARAMS.pixelSizeUm) return { umPerPx, origin: 'entered', text: `${um} µm/px, entered (the files state no pixel size)` };
  return {
    umPerPx,
    origin: 'assumed',
    text: experiment?.isDemo
      ? `${um} µm/px, the demo's nominal scale (synthetic images)`
      : `${um} µm/px, assumed: the files state no pixel size — enter it, or pick the objective and camera, under Segmentation`,
  };
}
