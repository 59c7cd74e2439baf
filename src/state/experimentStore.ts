/**
 * The open experiment: its record, clones and image metadata, mirrored from IndexedDB.
 * Storage is the source of truth; this store is reloaded from it after every change, so a reload
 * of the page shows exactly what a running session showed.
 */
import { create } from 'zustand';
import { openWorkbenchDb } from '../storage/db';
import {
  deleteExperiment,
  getExperiment,
  listClones,
  listExperiments,
  listImages,
  updateClone,
} from '../storage/repository';
import type { CloneRecord, ExperimentRecord, ImageRecord } from '../storage/schema';
import { errorText, useMessages } from './messageStore';

const LAST_OPENED_KEY = 'potency-workbench:last-experiment';

export const DEFAULT_EXPERIMENTS = {
  status: 'loading' as 'loading' | 'ready' | 'error',
  experiments: [] as ExperimentRecord[],
  current: null as ExperimentRecord | null,
  clones: [] as CloneRecord[],
  images: [] as ImageRecord[],
};

interface ExperimentState {
  status: 'loading' | 'ready' | 'error';
  experiments: ExperimentRecord[];
  current: ExperimentRecord | null;
  clones: CloneRecord[];
  images: ImageRecord[];
  /** Opens the database and the last experiment used. */
  init(): Promise<void>;
  open(id: string | null): Promise<void>;
  /** Re-reads the current experiment after a change made elsewhere (import, demo, run). */
  refresh(): Promise<void>;
  editClone(cloneId: string, patch: Partial<Pick<CloneRecord, 'label' | 'group' | 'potency' | 'notes'>>): Promise<void>;
  remove(id: string): Promise<void>;
}

export const useExperiments = create<ExperimentState>((set, get) => ({
  ...DEFAULT_EXPERIMENTS,

  init: async () => {
    try {
      const db = await openWorkbenchDb();
      const experiments = await listExperiments(db);
      set({ experiments, status: 'ready' });
      const last = localStorage.getItem(LAST_OPENED_KEY);
      const pick = experiments.find((e) => e.id === last) ?? experiments[0];
      if (pick) await get().open(pick.id);
    } catch (err) {
      set({ status: 'error' });
      useMessages
        .getState()
        .push('error', `The browser's storage (IndexedDB) could not be opened: ${errorText(err)}. Private windows and some settings block it.`);
    }
  },

  open: async (id) => {
    if (!id) {
      localStorage.removeItem(LAST_OPENED_KEY);
      set({ current: null, clones: [], images: [] });
      return;
    }
    const db = await openWorkbenchDb();
    const [current, clones, images] = await Promise.all([getExperiment(db, id), listClones(db, id), listImages(db, id)]);
    if (!current) {
      set({ current: null, clones: [], images: [] });
      return;
    }
    localStorage.setItem(LAST_OPENED_KEY, id);
    const switched = get().current?.id !== id;
    set({ current, clones, images });
    // A batch run cut short by a reload or a closed tab continues where it stopped.
    if (switched) void import('./batchActions').then((m) => m.resumeInterruptedRun());
  },

  refresh: async () => {
    const db = await openWorkbenchDb();
    set({ experiments: await listExperiments(db) });
    await get().open(get().current?.id ?? null);
  },

  editClone: async (cloneId, patch) => {
    const current = get().current;
    if (!current) return;
    const db = await openWorkbenchDb();
    await updateClone(db, current.id, cloneId, patch);
    set({ clones: await listClones(db, current.id) });
  },

  remove: async (id) => {
    const db = await openWorkbenchDb();
    await deleteExperiment(db, id);
    const experiments = await listExperiments(db);
    set({ experiments });
    if (get().current?.id === id) await get().open(experiments[0]?.id ?? null);
  },
}));
