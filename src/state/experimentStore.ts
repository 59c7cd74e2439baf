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

/**
 * One tab writes an experiment at a time (Web Locks): a second tab on the same experiment is
 * read-only until the first closes it, so two batch runs or edits cannot interleave.
 */
let releaseLock: (() => void) | undefined;
function lockExperiment(id: string, setReadOnly: (readOnly: boolean) => void): Promise<void> {
  releaseLock?.();
  releaseLock = undefined;
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  if (!locks) {
    setReadOnly(false);
    return Promise.resolve();
  }
  let known: () => void;
  const settled = new Promise<void>((resolve) => (known = resolve));
  const onState = (readOnly: boolean) => {
    setReadOnly(readOnly);
    known();
  };
  let cancelled = false;
  const hold = () =>
    new Promise<void>((resolve) => {
      releaseLock = () => {
        cancelled = true;
        resolve();
      };
    });
  void locks.request(`potency-experiment:${id}`, { ifAvailable: true }, async (lock) => {
    if (lock) {
      onState(false);
      return hold();
    }
    onState(true);
    // Wait for the other tab to let go, then take over.
    releaseLock = () => (cancelled = true);
    void locks.request(`potency-experiment:${id}`, async () => {
      if (cancelled) return;
      onState(false);
      return hold();
    });
  });
  return settled;
}

export const DEFAULT_EXPERIMENTS = {
  status: 'loading' as 'loading' | 'ready' | 'error',
  experiments: [] as ExperimentRecord[],
  current: null as ExperimentRecord | null,
  clones: [] as CloneRecord[],
  images: [] as ImageRecord[],
  readOnly: false,
  upgrading: null as { from: number; to: number } | null,
};

interface ExperimentState {
  status: 'loading' | 'ready' | 'error';
  experiments: ExperimentRecord[];
  current: ExperimentRecord | null;
  clones: CloneRecord[];
  images: ImageRecord[];
  /** True while another tab holds this experiment: nothing may be written from here. */
  readOnly: boolean;
  /** While the stored data is migrated from an older schema (once, on the first open of a new version). */
  upgrading: { from: number; to: number } | null;
  /** False (with a message) when this tab may not write the open experiment. */
  canWrite(): boolean;
  /** Opens the database and the last experiment used. */
  init(): Promise<void>;
  open(id: string | null): Promise<void>;
  /** Re-reads the current experiment after a change made elsewhere (import, demo, run). */
  refresh(): Promise<void>;
  editClone(cloneId: string, patch: Partial<Pick<CloneRecord, 'label' | 'group' | 'potency' | 'notes'>>): Promise<void>;
  remove(id: string): Promise<void>;
}

type OpenedListener = (experimentId: string) => void;
const openedListeners = new Set<OpenedListener>();

/**
 * Registers what should happen when this tab opens an experiment it may write to (the batch run
 * resuming, say). The store calls back instead of importing those actions, which import it.
 */
export function onExperimentOpened(listener: OpenedListener): () => void {
  openedListeners.add(listener);
  return () => openedListeners.delete(listener);
}

export const useExperiments = create<ExperimentState>((set, get) => ({
  ...DEFAULT_EXPERIMENTS,

  init: async () => {
    try {
      const messages = useMessages.getState();
      const db = await openWorkbenchDb(undefined, {
        onUpgrade: (from, to) => set({ upgrading: { from, to } }),
        onBlocked: () =>
          messages.push('warning', 'Another tab of the workbench still has the stored experiments open with an older version: close or reload it so this one can upgrade them.'),
        onVersionChange: () =>
          messages.push('warning', 'A newer version of the workbench was opened in another tab and upgraded the stored experiments: reload this tab to go on.'),
      });
      set({ upgrading: null });
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
    if (switched) {
      await lockExperiment(id, (readOnly) => set({ readOnly }));
      // A batch run cut short by a reload or a closed tab continues where it stopped (in the tab
      // that holds the experiment; a read-only tab leaves it to that one).
      if (!get().readOnly) for (const listener of openedListeners) listener(id);
    }
  },

  refresh: async () => {
    const db = await openWorkbenchDb();
    set({ experiments: await listExperiments(db) });
    await get().open(get().current?.id ?? null);
  },

  canWrite: () => {
    if (!get().readOnly) return true;
    useMessages.getState().push('warning', 'This experiment is open in another tab, so this tab is read-only for it. Close it there (this tab then takes over), or work there.');
    return false;
  },

  editClone: async (cloneId, patch) => {
    const current = get().current;
    if (!current || !get().canWrite()) return;
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
