/** The contract between the page and the modelling workers. */
import type { BootstrapSummary, CellResult, EvaluateOptions, ModelKind } from '../core/models/grid';
import type { PermutationResult } from '../core/models/permutation';

/** One image's sufficient statistics, as plain arrays (cheap to clone between threads). */
export interface PackedImageStats {
  clone: string;
  timeH: number;
  fov: number;
  n: Float64Array;
  mean: Float64Array;
  m2: Float64Array;
}

export interface ModelInput {
  /** Names this experiment state (experiment, parameters, labels): the worker indexes it once. */
  key: string;
  images: PackedImageStats[];
  potency: [string, number | null][];
}

export interface Condition {
  windowEndH: number;
  fovCount: number;
  model: ModelKind;
}

export interface ModelWorkerApi {
  gridWindow(input: ModelInput, windowEndH: number, fovCounts: number[], models: ModelKind[], options: EvaluateOptions, onCell: (cell: CellResult) => void): Promise<CellResult[]>;
  bootstrap(input: ModelInput, condition: Condition, replicates: number, options: EvaluateOptions, onReplicate: (done: number) => void): Promise<BootstrapSummary>;
  permutation(input: ModelInput, condition: Condition, permutations: number, options: EvaluateOptions): Promise<PermutationResult>;
}
