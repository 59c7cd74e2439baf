/**
 * The segmentation settings of `segment` and `analyze`: `--params P.json` (a file without `method`
 * is classical, as stored parameters always were), else the default for real images, the learned
 * method; `--method learned|classical` and `--pixel-size UM` override either. Also opens the
 * network up front when the learned method is chosen, so a missing or wrong model stops the run
 * before the first image instead of failing every one.
 */
import { numberOption, stringOption, UsageError, type ParsedArgs } from './args';
import { nodeNetwork } from './network';
import { DEFAULT_LEARNED_PARAMS, mergeParams, type SegmentationParams } from '../core/segmentation/params';
import { SEGMENTER_CARD } from '../core/segmentation/learned/card';

export const SEGMENTATION_OPTIONS = ['params', 'method', 'pixel-size'] as const;
export const SEGMENTATION_USAGE = '[--method learned|classical (learned)] [--pixel-size UM (0.87)] [--params P.json]';

/**
 * `given` is the parsed parameter object (from --params or a demo.json), or undefined.
 * Throws a UsageError for a bad --method or --pixel-size.
 */
export function chooseSegmentation(parsed: ParsedArgs, given: unknown): SegmentationParams {
  const params = given === undefined ? structuredClone(DEFAULT_LEARNED_PARAMS) : mergeParams(given);
  const method = stringOption(parsed, 'method');
  if (method !== undefined) {
    if (method !== 'learned' && method !== 'classical')
      throw new UsageError(`--method must be learned or classical, got "${method}"`);
    params.method = method;
  }
  if (parsed.options.has('pixel-size')) {
    const um = numberOption(parsed, 'pixel-size', params.pixelSizeUm);
    if (!(um > 0)) throw new UsageError(`--pixel-size must be a positive number of µm per pixel, got ${um}`);
    params.pixelSizeUm = um;
  }
  return params;
}

/** One line for stderr: which method, at what scale. */
export function describeSegmentation(params: SegmentationParams): string {
  if (params.method === 'learned')
    return `learned (model ${params.learned.model}, ${params.pixelSizeUm} µm/px, network at ${SEGMENTER_CARD.network_um_per_px} µm/px)`;
  return 'classical eight steps';
}

/** Opens the network when the learned method is chosen; the error says which file and why. */
export async function readyNetwork(params: SegmentationParams): Promise<void> {
  if (params.method !== 'learned') return;
  try {
    await nodeNetwork();
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new Error(`the learned segmentation cannot start: ${why} (use --method classical to segment without it)`);
  }
}
