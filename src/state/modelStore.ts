/**
 * The model grid, FOV bootstrap and permutation control of the open experiment. Runs in the
 * modelling workers with progress and cancel; results are stored (IndexedDB `analyses`) with the
 * signature of their inputs, so a reload shows them without recomputing and a change of labels or
 * segmentation parameters shows them as stale.
 */
import { create } from 'zustand';
import { gridFovCounts, gridWindows } from '../core/models/conditions';
import type { BootstrapSummary, CellResult, ModelKind } from '../core/models/grid';
import type { PermutationResult } from '../core/models/permutation';
import { openWorkbenchDb } from '../storage/db';
import { getAnalysis, putAnalysis } from '../storage/repository';
import type { Condition, ModelInput } from '../workers/modelApi';
import { bootstrapJob, gridWindowJob, permutationJob } from '../workers/modelClient';
import { useAnalysis } from './analysisData';
import { analysisKey, inputsKey, isCurrent } from './analysisKey';
import { useExperiments } from './experimentStore';
import { errorText, useMessages } from './messageStore';
import { useTasks } from './taskStore';

export interface GridSettings {
  seed: number;
  rfTrees: number;
  models: ModelKind[];
}

export const DEFAULT_MODELS = {
  threshold: 1.0,
  settings: { seed: 1, rfTrees: 500, models: ['lasso', 'rf'] } as GridSettings,
  replicates: 50,
};

interface GridPayload {
  settings: GridSettings;
  windowsEndH: number[];
  fovCounts: number[];
  cells: CellResult[];
  elapsedMs: number;
}

interface ModelState {
  threshold: number;
  settings: GridSettings;
  grid: GridPayload | null;
  /** True when the stored grid was made from other inputs than the current ones. */
  gridStale: boolean;
  selected: CellResult | null;
  bootstrap: BootstrapSummary[];
  bootstrapStale: boolean;
  permutation: (PermutationResult & { condition: Condition }) | null;
  setThreshold(t: number): void;
  setSettings(patch: Partial<GridSettings>): void;
  select(cell: CellResult | null): void;
  loadStored(): Promise<void>;
  runGrid(): Promise<void>;
  runBootstrap(conditions: Condition[], replicates: number): Promise<void>;
  runPermutation(condition: Condition, permutations: number): Promise<void>;
}

/** The analysis data as the workers take it, with a key naming what it was made from. */
export function modelInput(): ModelInput | null {
  const data = useAnalysis.getState().data;
  if (!data || data.images.length === 0) return null;
  const potency = [...data.potency.entries()];
  const key = inputsKey({ experimentId: data.experimentId, paramsHash: data.paramsHash, images: data.images.length, potency });
  return {
    key,
    potency,
    images: data.images.map((i) => ({ clone: i.clone, timeH: i.timeH, fov: i.fov, n: i.stats.n, mean: i.stats.mean, m2: i.stats.m2 })),
  };
}

function inputKey(input: ModelInput, extra: unknown): string {
  return analysisKey(input.key, extra);
}

export const useModels = create<ModelState>((set, get) => ({
  threshold: DEFAULT_MODELS.threshold,
  settings: DEFAULT_MODELS.settings,
  grid: null,
  gridStale: false,
  selected: null,
  bootstrap: [],
  bootstrapStale: false,
  permutation: null,
  setThreshold: (threshold) => set({ threshold }),
  setSettings: (patch) => set((s) => ({ settings: { ...s.settings, ...patch } })),
  select: (selected) => set({ selected }),

  loadStored: async () => {
    const data = useAnalysis.getState().data;
    const input = modelInput();
    if (!data || !input) return set({ grid: null, bootstrap: [], selected: null, permutation: null });
    const db = await openWorkbenchDb();
    const [grid, boot] = await Promise.all([getAnalysis(db, data.experimentId, 'grid'), getAnalysis(db, data.experimentId, 'bootstrap')]);
    const payload = (grid?.payload as GridPayload | undefined) ?? null;
    set({
      grid: payload,
      gridStale: !!grid && grid.inputKey !== inputKey(input, payload?.settings),
      bootstrap: (boot?.payload as BootstrapSummary[] | undefined) ?? [],
      bootstrapStale: !!boot && !isCurrent(boot.inputKey, input.key),
      selected: null,
      permutation: null,
    });
  },

  runGrid: async () => {
    if (!useExperiments.getState().canWrite()) return;
    const input = modelInput();
    const data = useAnalysis.getState().data;
    if (!input || !data) return;
    const { settings } = get();
    const labelled = input.potency.filter(([, p]) => p !== null).length;
    if (labelled < 4) {
      useMessages.getState().push('error', `Models need at least 4 clones with a known potency; this experiment has ${labelled}. Enter potencies in the clones table or import a CSV.`);
      return;
    }
    const windowsEndH = gridWindows(data.index);
    const fovCounts = gridFovCounts(data.index);
    const maxK = fovCounts.length;
    const total = windowsEndH.length * fovCounts.length * settings.models.length;
    const controller = useTasks.getState().start('grid', `Model grid: ${windowsEndH.length} windows × ${maxK} FOV counts × ${settings.models.join(' + ').toUpperCase()}`, total);
    const cells: CellResult[] = [];
    const started = performance.now();
    set({ grid: { settings, windowsEndH, fovCounts, cells: [], elapsedMs: 0 }, gridStale: false, selected: null });
    try {
      // Latest windows first: they are the slowest, so the pool ends evenly. Progress comes from
      // the callbacks; the stored result from the jobs' own return values (callbacks may trail).
      const perWindow = await Promise.all(
        [...windowsEndH].reverse().map((w) =>
          gridWindowJob(input, w, fovCounts, settings.models, { seed: settings.seed, rfTrees: settings.rfTrees }, (cell) => {
            cells.push(cell);
            const elapsed = (performance.now() - started) / 1000;
            useTasks.getState().progress('grid', cells.length, `${elapsed.toFixed(0)} s`);
            set({ grid: { settings, windowsEndH, fovCounts, cells: [...cells], elapsedMs: performance.now() - started } });
          }, { signal: controller.signal, label: `window 6–${w} h` }),
        ),
      );
      const all = perWindow.flat();
      const payload: GridPayload = { settings, windowsEndH, fovCounts, cells: all, elapsedMs: performance.now() - started };
      set({ grid: payload });
      const db = await openWorkbenchDb();
      await putAnalysis(db, { id: `${data.experimentId}|grid`, experimentId: data.experimentId, kind: 'grid', inputKey: inputKey(input, settings), createdAt: Date.now(), payload });
      useMessages.getState().push('info', `Model grid finished: ${all.length} cells in ${(payload.elapsedMs / 1000).toFixed(1)} s.`);
    } catch (err) {
      if (!controller.signal.aborted) useMessages.getState().push('error', `Model grid failed: ${errorText(err)}`);
      else useMessages.getState().push('info', `Model grid cancelled after ${cells.length} of ${total} cells (not stored).`);
    } finally {
      useTasks.getState().finish('grid');
    }
  },

  runBootstrap: async (conditions, replicates) => {
    if (!useExperiments.getState().canWrite()) return;
    const input = modelInput();
    const data = useAnalysis.getState().data;
    if (!input || !data) return;
    const { settings } = get();
    const controller = useTasks.getState().start('bootstrap', `FOV bootstrap: ${conditions.length} conditions × ${replicates} resamples`, conditions.length * replicates);
    const progress = new Map<number, number>();
    try {
      const results = await Promise.all(
        conditions.map((c, i) =>
          bootstrapJob(input, c, replicates, { seed: settings.seed, rfTrees: settings.rfTrees }, (done) => {
            progress.set(i, done);
            useTasks.getState().progress('bootstrap', [...progress.values()].reduce((a, b) => a + b, 0));
          }, { signal: controller.signal, label: `bootstrap 6–${c.windowEndH} h × ${c.fovCount} FOVs` }),
        ),
      );
      set({ bootstrap: results, bootstrapStale: false });
      const db = await openWorkbenchDb();
      await putAnalysis(db, { id: `${data.experimentId}|bootstrap`, experimentId: data.experimentId, kind: 'bootstrap', inputKey: inputKey(input, { settings, replicates }), createdAt: Date.now(), payload: results });
    } catch (err) {
      if (!controller.signal.aborted) useMessages.getState().push('error', `Bootstrap failed: ${errorText(err)}`);
    } finally {
      useTasks.getState().finish('bootstrap');
    }
  },

  runPermutation: async (condition, permutations) => {
    const input = modelInput();
    if (!input) return;
    const { settings } = get();
    const controller = useTasks.getState().start('permutation', `Permutation control: ${permutations} shuffles of the potencies`, 1);
    try {
      const result = await permutationJob(input, condition, permutations, { seed: settings.seed, rfTrees: settings.rfTrees }, { signal: controller.signal, label: 'permutation test' });
      set({ permutation: { ...result, condition } });
    } catch (err) {
      if (!controller.signal.aborted) useMessages.getState().push('error', `Permutation test failed: ${errorText(err)}`);
    } finally {
      useTasks.getState().finish('permutation');
    }
  },
}));
