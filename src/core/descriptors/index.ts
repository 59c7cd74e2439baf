/** Per-cell descriptors and their sufficient statistics. */
export { measureCells, DESCRIPTOR_COUNT, type CellMeasurements, type MeasureOptions } from './measure';
export { cellsToCsv, formatG10, DESCRIPTOR_COLUMNS } from './csv';
export { summarize, mergeStats, statsToMeanSd, emptyStats, type SufficientStats } from './sufficientStats';
export type { LabelArray } from './labels';
export { DESCRIPTOR_DIMENSION, PHYSICAL_COLUMNS, PHYSICAL_DESCRIPTORS, descriptorTitle, descriptorUnit, toPhysicalFactor, type DescriptorDimension } from './units';
