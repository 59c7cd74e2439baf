/**
 * Cells per measured field of the open experiment, for the QC table and the batch run's "what is
 * left". Loaded once from index keys (no per-cell values), then kept current by the batch run one
 * field at a time, so the table stays cheap at 14,400 fields instead of re-reading every
 * measurement each second.
 */
import { create } from 'zustand';
import { openWorkbenchDb } from '../storage/db';
import { listMeasuredCounts } from '../storage/repository';

export interface CellCount {
  paramsHash: string;
  cellCount: number;
}

interface CellCountState {
  experimentId: string | null;
  /** Image id → the parameters that measured it and its cell count. Mutated in place; see `version`. */
  counts: Map<string, CellCount>;
  /** Bumped when `counts` changed, so views recompute. */
  version: number;
  /** Reads the counts of an experiment from storage (replacing what was held). */
  load(experimentId: string): Promise<Map<string, CellCount>>;
  /** A field was just measured and stored. `announce: false` defers the re-render to a later `announce()`. */
  record(experimentId: string, imageId: string, count: CellCount, announce?: boolean): void;
  announce(): void;
}

/** Fields recorded while a load is reading storage: the load may not have seen them. */
const recordedDuringLoad: [string, string, CellCount][] = [];
let loadsInFlight = 0;

export const useCellCounts = create<CellCountState>((set, get) => ({
  experimentId: null,
  counts: new Map(),
  version: 0,
  load: async (experimentId) => {
    loadsInFlight++;
    let rows;
    try {
      const db = await openWorkbenchDb();
      rows = await listMeasuredCounts(db, experimentId);
    } finally {
      loadsInFlight--;
    }
    const counts = new Map(rows.map((r) => [r.id, { paramsHash: r.paramsHash, cellCount: r.cellCount }]));
    for (const [experiment, id, count] of recordedDuringLoad) if (experiment === experimentId) counts.set(id, count);
    if (loadsInFlight === 0) recordedDuringLoad.length = 0;
    set((s) => ({ experimentId, counts, version: s.version + 1 }));
    return counts;
  },
  record: (experimentId, imageId, count, announce = true) => {
    if (loadsInFlight > 0) recordedDuringLoad.push([experimentId, imageId, count]);
    if (get().experimentId !== experimentId) return;
    get().counts.set(imageId, count);
    if (announce) get().announce();
  },
  announce: () => set((s) => ({ version: s.version + 1 })),
}));
