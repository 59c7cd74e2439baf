/**
 * What the viewer and the segmentation preview ask of the image workers for one stored field: the
 * UI calls these instead of the worker pool, so where the pixels come from (generator or stored
 * bytes) and how jobs are run stay in one place.
 */
import type { SegmentationParams } from '../core/segmentation/params';
import type { ExperimentRecord, ImageRecord } from '../storage/schema';
import { loadField, segmentField } from '../workers/imageClient';
import { fieldRequest } from './fieldSource';
import { savedParams } from './segmentationStore';

export { isModelError } from '../workers/imageApi';
export type { FieldView, SegmentedField } from '../workers/imageApi';

/** The field's pixels and histogram for the viewer, with the background its saved segmentation parameters subtract. */
export async function viewField(experiment: ExperimentRecord, image: ImageRecord, signal?: AbortSignal) {
  const request = await fieldRequest(experiment, image);
  return loadField(request, savedParams(experiment.segmentationParams), { signal, label: image.fileName });
}

/** The live preview: the field segmented with the draft parameters (every step's picture when asked). */
export async function previewSegmentation(experiment: ExperimentRecord, image: ImageRecord, params: SegmentationParams, keepSteps: boolean) {
  const request = await fieldRequest(experiment, image);
  return segmentField(request, params, keepSteps, { label: image.fileName });
}
