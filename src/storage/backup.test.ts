import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { closeWorkbenchDb, openWorkbenchDb } from './db';
import { exportExperiment, importExperiment } from './backup';
import { addImages, createExperiment, getImageBytes, getMeasurement, listClones, listImageStats, listImages, putAnalysis, putClones, putMeasurement } from './repository';
import { imageId } from './schema';

async function toStream(parts: BlobPart[]): Promise<ReadableStream<Uint8Array>> {
  return new Blob(parts).stream();
}

describe('experiment back-up', () => {
  it('round-trips an experiment (bytes, clones, measurements, analyses) into a new one', async () => {
    const name = `backup-${process.pid}`;
    const db = await openWorkbenchDb(name);
    const e = await createExperiment(db, { name: 'Batch 7', pattern: '{clone}_t{time}h_f{fov}' });
    await putClones(db, e.id, [{ id: 'clone01', potency: 11, notes: 'fast <b>grower</b>' }]);
    const bytes = Uint8Array.from({ length: 300 }, (_, i) => (i * 7) % 256).buffer;
    await addImages(db, e.id, [
      {
        meta: { clone: 'clone01', timeH: 6, fov: 1, fileName: 'clone01_t006h_f01.png', mimeType: 'image/png', byteSize: 300, width: 10, height: 10, bitDepth: 8, pageIndex: 0, contentHash: 'abc' },
        bytes,
        thumbnail: { width: 2, height: 2, pixels: new Uint8Array([1, 2, 3, 4]).buffer },
      },
    ]);
    const id0 = imageId(e.id, { clone: 'clone01', timeH: 6, fov: 1 });
    await putMeasurement(db, { id: id0, experimentId: e.id, paramsHash: 'p', cellCount: 2, values: new Float32Array(24).fill(1.5).buffer, stats: { n: Array(12).fill(2), mean: Array(12).fill(1.5), m2: Array(12).fill(0) }, elapsedMs: 3 });
    await putAnalysis(db, { id: `${e.id}|ranking`, experimentId: e.id, kind: 'ranking', inputKey: '', createdAt: 1, payload: { threshold: 11, pinned: ['clone01'], excluded: [] } });

    const parts = await exportExperiment(db, e.id);
    const restored = await importExperiment(db, await toStream(parts), 'batch7.pwexp');
    expect(restored).not.toBe(e.id);
    const images = await listImages(db, restored);
    expect(images.map((i) => i.fileName)).toEqual(['clone01_t006h_f01.png']);
    expect(new Uint8Array((await getImageBytes(db, images[0]!.id))!)).toEqual(new Uint8Array(bytes));
    expect((await listClones(db, restored))[0]).toMatchObject({ id: 'clone01', potency: 11, notes: 'fast <b>grower</b>' });
    const m = await getMeasurement(db, images[0]!.id);
    expect(new Float32Array(m!.values)[5]).toBe(1.5);
    // The restored experiment's statistics are in their store, under the new ids.
    expect(await listImageStats(db, restored, 'p')).toEqual([
      { id: images[0]!.id, experimentId: restored, paramsHash: 'p', cellCount: 2, n: Array(12).fill(2), mean: Array(12).fill(1.5), m2: Array(12).fill(0) },
    ]);
    expect((await db.get('analyses', `${restored}|ranking`))?.payload).toEqual({ threshold: 11, pinned: ['clone01'], excluded: [] });
    // The original is untouched.
    expect(await listImages(db, e.id)).toHaveLength(1);
    await closeWorkbenchDb(name);
  });

  it('refuses a file that is not a back-up, naming it', async () => {
    const db = await openWorkbenchDb(`backup-bad-${process.pid}`);
    await expect(importExperiment(db, await toStream(['hello\n']), 'notes.txt')).rejects.toThrow('notes.txt: not a Potency Workbench experiment back-up');
    await expect(importExperiment(db, await toStream([JSON.stringify({ format: 'potency-workbench-experiment', version: 9 }) + '\n']), 'future.pwexp')).rejects.toThrow('version 9 is newer');
  });
});
