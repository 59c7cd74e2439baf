/** The contract between the page and the modelling workers. */
import type { BootstrapSummary, CellResult, EvaluateOptions, ModelKind } from '../core/models/grid';
import type { PermutationResult } from '../core/models/permutation';
import type { PcaView, PcaViewOptions } from '../core/profiles';
import type { Contributions } from '../core/models/prediction';
import type { ModelCondition, TrainedModel, TrainMeta } from '../core/models/modelFile';

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

import type { Condition } from '../core/models/conditions';

export type { Condition };

export interface ScoredClone {
  clone: string;
  prediction: number;
  lo: number;
  hi: number;
  problems: string[];
  /** LASSO: baseline + per-column terms that add up to the prediction. */
  contributions: Contributions | null;
}

export interface ModelWorkerApi {
  /** Trains the final model on every labelled clone at one condition. */
  trainFinal(input: ModelInput, kind: ModelKind, condition: ModelCondition, meta: TrainMeta): Promise<TrainedModel>;
  /** Predicts every clone with intervals (FOV bootstrap) and, for LASSO, the contribution breakdown. */
  score(input: ModelInput, model: TrainedModel, replicates: number): Promise<{ clones: ScoredClone[]; intervalMethod: string }>;
  gridWindow(input: ModelInput, windowEndH: number, fovCounts: number[], models: ModelKind[], options: EvaluateOptions, onCell: (cell: CellResult) => void): Promise<CellResult[]>;
  bootstrap(input: ModelInput, condition: Condition, replicates: number, options: EvaluateOptions, onReplicate: (done: number) => void): Promise<BootstrapSummary>;
  permutation(input: ModelInput, condition: Condition, permutations: number, options: EvaluateOptions): Promise<PermutationResult>;
  /** Explore's PCA, with its fixed axes and bootstrap clouds (the heavy part, off the page's thread). */
  pcaView(input: ModelInput, options: PcaViewOptions): Promise<PcaView | null>;
}
