import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openWorkbenchDb } from '../storage/db';
import { createExperiment, putMeasurement } from '../storage/repository';
import { useCellCounts } from './cellCountStore';

function measurement(id: string, experimentId: string, cells: number) {
  return {
    id,
    experimentId,
    paramsHash: 'p1',
    cellCount: cells,
    values: new Float32Array(cells * 12).buffer,
    stats: { n: Array(12).fill(cells), mean: Array(12).fill(0), m2: Array(12).fill(0) },
    elapsedMs: 1,
  };
}

describe('cell counts of the open experiment', () => {
  it('loads counts from storage and keeps fields recorded while a load was reading', async () => {
    const db = await openWorkbenchDb();
    const e = await createExperiment(db, { name: 'E', pattern: 'p' });
    await putMeasurement(db, measurement(`${e.id}|a|6|1`, e.id, 4));
    const store = useCellCounts.getState();
    const loading = store.load(e.id);
    // The batch run stores a field while the (slower) load is still reading.
    store.record(e.id, `${e.id}|a|6|2`, { paramsHash: 'p1', cellCount: 9 });
    const counts = await loading;
    expect(Object.fromEntries(counts)).toEqual({
      [`${e.id}|a|6|1`]: { paramsHash: 'p1', cellCount: 4 },
      [`${e.id}|a|6|2`]: { paramsHash: 'p1', cellCount: 9 },
    });
    const version = useCellCounts.getState().version;
    useCellCounts.getState().record(e.id, `${e.id}|a|6|3`, { paramsHash: 'p2', cellCount: 1 });
    expect(useCellCounts.getState().version).toBe(version + 1);
    expect(useCellCounts.getState().counts.get(`${e.id}|a|6|3`)?.cellCount).toBe(1);
    // Another experiment's fields never enter this one's table.
    useCellCounts.getState().record('other', 'other|a|6|1', { paramsHash: 'p1', cellCount: 2 });
    expect(useCellCounts.getState().counts.has('other|a|6|1')).toBe(false);
  });
});
