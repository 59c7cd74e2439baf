/** The page's handle on the modelling workers (a pool like the image one; no wasm). */
import * as Comlink from 'comlink';
import { WorkerPool, type JobOptions } from './pool';
import type { BootstrapSummary, CellResult, EvaluateOptions, ModelKind } from '../core/models/grid';
import type { Condition, ModelInput, ModelWorkerApi } from './modelApi';
import type { ModelCondition, TrainedModel, TrainMeta } from '../core/models/modelFile';
import type { PcaViewOptions } from '../core/profiles';

let pool: WorkerPool<ModelWorkerApi> | undefined;

export function modelPool(): WorkerPool<ModelWorkerApi> {
  pool ??= new WorkerPool<ModelWorkerApi>(
    () => new Worker(new URL('./model.worker.ts', import.meta.url), { type: 'module', name: 'model' }),
  );
  return pool;
}

export function gridWindowJob(input: ModelInput, windowEndH: number, fovCounts: number[], models: ModelKind[], options: EvaluateOptions, onCell: (cell: CellResult) => void, job: JobOptions = {}) {
  return modelPool().run((api) => api.gridWindow(input, windowEndH, fovCounts, models, options, Comlink.proxy(onCell)), job);
}

export function bootstrapJob(input: ModelInput, condition: Condition, replicates: number, options: EvaluateOptions, onReplicate: (done: number) => void, job: JobOptions = {}): Promise<BootstrapSummary> {
  return modelPool().run((api) => api.bootstrap(input, condition, replicates, options, Comlink.proxy(onReplicate)), job);
}

export function permutationJob(input: ModelInput, condition: Condition, permutations: number, options: EvaluateOptions, job: JobOptions = {}) {
  return modelPool().run((api) => api.permutation(input, condition, permutations, options), job);
}

export function trainFinalJob(input: ModelInput, kind: ModelKind, condition: ModelCondition, meta: TrainMeta, job: JobOptions = {}) {
  return modelPool().run((api) => api.trainFinal(input, kind, condition, meta), job);
}

export function pcaViewJob(input: ModelInput, options: PcaViewOptions, job: JobOptions = {}) {
  return modelPool().run((api) => api.pcaView(input, options), job);
}

export function scoreJob(input: ModelInput, model: TrainedModel, replicates: number, job: JobOptions = {}) {
  return modelPool().run((api) => api.score(input, model, replicates), job);
}
