/**
 * The segmentation parameters being tuned (a draft with undo) and the experiment's saved ones.
 * The draft is what the live preview shows; "Save" writes it to the experiment, and measurements
 * made with other parameters are then stale (their params hash differs).
 */
import { create } from 'zustand';
import { DEMO_SEGMENTATION_PARAMS } from '../core/demo';
import { roundPixelSize } from '../core/image/pixelSize';
import { DEFAULT_LEARNED_PARAMS, mergeParams, withParam, type SegmentationParams } from '../core/segmentation/params';
import { openWorkbenchDb } from '../storage/db';
import { updateExperiment } from '../storage/repository';
import { useExperiments } from './experimentStore';

const MAX_UNDO = 50;

interface SegmentationState {
  draft: SegmentationParams;
  undoStack: SegmentationParams[];
  /** Loads the experiment's saved parameters (or the defaults) into the draft. */
  load(saved: unknown): void;
  /** Switches the draft between the learned and the classical method (one undo step). */
  setMethod(method: SegmentationParams['method']): void;
  set(path: string, value: unknown): void;
  undo(): void;
  resetToDefaults(): void;
  save(): Promise<void>;
}

export const useSegmentation = create<SegmentationState>((set, get) => ({
  draft: DEFAULT_LEARNED_PARAMS,
  undoStack: [],
  load: (saved) => set({ draft: savedParams(saved), undoStack: [] }),
  setMethod: (method) => {
    if (get().draft.method !== method) get().set('method', method);
  },
  set: (path, value) =>
    set((s) => ({ draft: withParam(s.draft, path, value), undoStack: [...s.undoStack, s.draft].slice(-MAX_UNDO) })),
  undo: () =>
    set((s) => (s.undoStack.length ? { draft: s.undoStack[s.undoStack.length - 1]!, undoStack: s.undoStack.slice(0, -1) } : s)),
  resetToDefaults: () =>
    set((s) => {
      // The defaults keep the pixel size the experiment's files state (it is a fact, not a setting).
      const current = useExperiments.getState().current;
      const draft = defaultParams(current?.isDemo ?? false);
      const stated = current?.pixelSize;
      return { draft: stated ? { ...draft, pixelSizeUm: roundPixelSize(stated.umPerPx) } : draft, undoStack: [...s.undoStack, s.draft] };
    }),
  save: async () => {
    const current = useExperiments.getState().current;
    if (!current || !useExperiments.getState().canWrite()) return;
    const db = await openWorkbenchDb();
    await updateExperiment(db, current.id, { segmentationParams: get().draft });
    await useExperiments.getState().refresh();
  },
}));

/**
 * The defaults of an experiment: the demo's are its classical parameters (scaled to its cells),
 * imported images' are the learned method with the model card's settings.
 */
export function defaultParams(isDemo: boolean): SegmentationParams {
  return isDemo ? DEMO_SEGMENTATION_PARAMS : DEFAULT_LEARNED_PARAMS;
}

/**
 * The parameters the batch run uses: the experiment's saved ones, or the defaults for imported
 * images (the learned method; the demo always has its own saved). Saved parameters without a
 * `method` are classical, as every stored set was before the learned method came.
 */
export function savedParams(saved: unknown): SegmentationParams {
  return saved ? mergeParams(saved) : DEFAULT_LEARNED_PARAMS;
}
