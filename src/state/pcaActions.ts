/** Explore's PCA, computed in a modelling worker from the analysis the page holds. */
import type { PcaView, PcaViewOptions } from '../core/profiles';
import { pcaViewJob } from '../workers/modelClient';
import { modelInput } from './modelStore';

export type { PcaView, PcaViewOptions };

/** Null when nothing is measured, or too few clones or columns for a PCA. */
export async function computePcaView(options: PcaViewOptions, signal?: AbortSignal): Promise<PcaView | null> {
  const input = modelInput();
  if (!input) return null;
  return pcaViewJob(input, options, { signal, label: `PCA 6–${options.windowEndH} h` });
}
