/** Segmentation: the paper's eight steps plus the split of touching cells, and its scoring. */
export { segmentImage, STEP_NAMES, type SegmentationResult, type StepName } from './pipeline';
export {
  DEFAULT_SEGMENTATION_PARAMS,
  PARAM_SPECS,
  getParam,
  mergeParams,
  paramsHash,
  validateParams,
  withParam,
  type ParamSpec,
  type SegmentationParams,
} from './params';
export { scoreSegmentation, type LabelImage, type SegmentationScore } from './score';
