import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { afterEach, describe, expect, it } from 'vitest';
import { closeWorkbenchDb, openWorkbenchDb } from './db';
import { contentHash } from '../core/image/hash';
import { StorageFullError } from './quota';
import {
  addImages,
  countImages,
  createExperiment,
  deleteExperiment,
  getExperiment,
  getImageBytes,
  getMeasurement,
  getThumbnail,
  listClones,
  listExperiments,
  listImages,
  listImageStats,
  listRuns,
  putClones,
  putMeasurement,
  listMeasuredCounts,
  putRun,
  updateClone,
  updateExperiment,
  type NewImage,
} from './repository';
import { SCHEMA_VERSION, imageId, migrate, type MeasurementRecord, type WorkbenchDb, type WorkbenchSchema } from './schema';

let dbCount = 0;
const openNames: string[] = [];
async function freshDb(): Promise<WorkbenchDb> {
  const name = `test-${process.pid}-${++dbCount}`;
  openNames.push(name);
  return openWorkbenchDb(name);
}
afterEach(async () => {
  for (const name of openNames.splice(0)) await closeWorkbenchDb(name);
});

/** A fake file whose bytes (and hash) are determined by `seed`. */
async function image(
  clone: string,
  timeH: number,
  fov: number,
  seed = timeH * 1000 + fov,
  withThumb = false,
): Promise<NewImage> {
  const bytes = new Uint8Array(64);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (seed * 31 + i * 7 + clone.length) & 0xff;
  bytes[0] = seed & 0xff;
  bytes[1] = (seed >> 8) & 0xff;
  bytes[2] = clone.charCodeAt(clone.length - 1);
  return {
    meta: {
      clone,
      timeH,
      fov,
      fileName: `${clone}_t${String(timeH).padStart(3, '0')}h_f${fov}.png`,
      mimeType: 'image/png',
      byteSize: bytes.byteLength,
      width: 8,
      height: 8,
      bitDepth: 8,
      pageIndex: 0,
      contentHash: await contentHash(bytes),
    },
    bytes: bytes.buffer,
    thumbnail: withThumb
      ? { width: 2, height: 2, pixels: new Uint8Array([1, 2, 3, 4]).buffer }
      : undefined,
  };
}

function measurement(id: string, experimentId: string, cells: number): MeasurementRecord {
  return {
    id,
    experimentId,
    paramsHash: 'p1',
    cellCount: cells,
    values: new Float32Array(cells * 12).fill(2.5).buffer,
    stats: { n: Array(12).fill(cells), mean: Array(12).fill(2.5), m2: Array(12).fill(0) },
    elapsedMs: 12,
  };
}

describe('schema', () => {
  it('creates every store and index at the current version', async () => {
    const db = await freshDb();
    expect(db.version).toBe(SCHEMA_VERSION);
    expect([...db.objectStoreNames].sort()).toEqual([
      'analyses',
      'clones',
      'experiments',
      'imageBytes',
      'imageStats',
      'images',
      'measurements',
      'runs',
      'thumbnails',
    ]);
    const tx = db.transaction(['images', 'clones', 'measurements', 'imageStats', 'runs']);
    expect([...tx.objectStore('images').indexNames].sort()).toEqual([
      'byContentHash',
      'byExperiment',
    ]);
    expect(tx.objectStore('clones').keyPath).toEqual(['experimentId', 'id']);
    expect([...tx.objectStore('measurements').indexNames].sort()).toEqual(['byExperiment', 'cellCounts']);
    expect([...tx.objectStore('imageStats').indexNames].sort()).toEqual(['byExperiment', 'byParams']);
    expect([...tx.objectStore('runs').indexNames]).toEqual(['byExperiment']);
    await tx.done;
  });

  it('migrates a version-1 database to the current version without losing records', async () => {
    const name = `test-${process.pid}-migrate-v1`;
    const v1 = await openDB<WorkbenchSchema>(name, 1, { upgrade: (db, oldVersion, _new, tx) => migrate(db, oldVersion, 1, tx) });
    await v1.put('experiments', { id: 'old', name: 'Made under v1', createdAt: 1, updatedAt: 1, pattern: '{clone}_t{time}h_f{fov}', segmentationParams: null, isDemo: false, demo: null, schemaVersion: 1 });
    expect([...v1.objectStoreNames]).not.toContain('analyses');
    v1.close();
    const db = await openWorkbenchDb(name);
    expect(db.version).toBe(SCHEMA_VERSION);
    expect([...db.objectStoreNames]).toContain('analyses');
    expect((await getExperiment(db, 'old'))?.name).toBe('Made under v1');
    await closeWorkbenchDb(name);
  });

  it('migrates a version-2 database: measurements stored before v3 are listed by the new cell-count index', async () => {
    const name = `test-${process.pid}-migrate-v2`;
    const v2 = await openDB<WorkbenchSchema>(name, 2, { upgrade: (db, oldVersion, _new, tx) => migrate(db, oldVersion, 2, tx) });
    await v2.put('measurements', measurement('e|clone01|6|1', 'e', 7));
    await v2.put('measurements', { ...measurement('e|clone01|6|2', 'e', 3), paramsHash: 'p2' });
    await v2.put('measurements', measurement('other|clone01|6|1', 'other', 9));
    v2.close();
    const db = await openWorkbenchDb(name);
    expect(db.version).toBe(SCHEMA_VERSION);
    expect(await listMeasuredCounts(db, 'e')).toEqual([
      { id: 'e|clone01|6|1', paramsHash: 'p1', cellCount: 7 },
      { id: 'e|clone01|6|2', paramsHash: 'p2', cellCount: 3 },
    ]);
    // The records themselves are untouched.
    expect(new Float32Array((await getMeasurement(db, 'e|clone01|6|1'))!.values)).toHaveLength(7 * 12);
    await closeWorkbenchDb(name);
  });

  it('migrates a version-3 database: the imageStats store is built from every stored measurement', async () => {
    const name = `test-${process.pid}-migrate-v3`;
    const v3 = await openDB<WorkbenchSchema>(name, 3, { upgrade: (db, oldVersion, _new, tx) => migrate(db, oldVersion, 3, tx) });
    expect([...v3.objectStoreNames]).not.toContain('imageStats');
    const stored: MeasurementRecord[] = [];
    for (let fov = 1; fov <= 300; fov++) {
      const m = measurement(`e|clone01|6|${fov}`, 'e', fov % 17);
      m.stats = { n: Array(12).fill(fov % 17), mean: Array.from({ length: 12 }, (_, d) => fov + d / 10), m2: Array(12).fill(fov * 2) };
      if (fov % 3 === 0) m.paramsHash = 'p2';
      stored.push(m);
      await v3.put('measurements', m);
    }
    await v3.put('measurements', measurement('other|clone01|6|1', 'other', 9));
    v3.close();
    const upgrades: [number, number][] = [];
    const db = await openWorkbenchDb(name, { onUpgrade: (from, to) => upgrades.push([from, to]) });
    expect(db.version).toBe(SCHEMA_VERSION);
    // The page is told, so it can say why the first open of a new version takes long.
    expect(upgrades).toEqual([[3, SCHEMA_VERSION]]);
    const all = await listImageStats(db, 'e');
    expect(all).toHaveLength(300);
    const p1 = await listImageStats(db, 'e', 'p1');
    expect(p1).toHaveLength(200);
    expect((await listImageStats(db, 'e', 'p2')).map((r) => r.id).sort()).toEqual(stored.filter((m) => m.paramsHash === 'p2').map((m) => m.id).sort());
    const seven = all.find((r) => r.id === 'e|clone01|6|7')!;
    expect(seven).toEqual({ id: 'e|clone01|6|7', experimentId: 'e', paramsHash: 'p1', cellCount: 7, n: Array(12).fill(7), mean: Array.from({ length: 12 }, (_, d) => 7 + d / 10), m2: Array(12).fill(14) });
    expect(seven).not.toHaveProperty('values');
    expect(await listImageStats(db, 'other')).toHaveLength(1);
    // The measurements themselves are untouched.
    expect(new Float32Array((await getMeasurement(db, 'e|clone01|6|7'))!.values)).toHaveLength(7 * 12);
    await closeWorkbenchDb(name);
  });

  it('the same name gives the same connection; a newer version elsewhere makes it close', async () => {
    const name = `test-${process.pid}-upgrade`;
    let versionChanges = 0;
    const db = await openWorkbenchDb(name, {
      onVersionChange: () => versionChanges++,
    });
    expect(await openWorkbenchDb(name)).toBe(db);
    // Another "tab" opens version 2: ours must close itself, or that open would block forever.
    const newer = await openDB(name, SCHEMA_VERSION + 1);
    expect(newer.version).toBe(SCHEMA_VERSION + 1);
    newer.close();
    expect(versionChanges).toBe(1);
    await expect(openWorkbenchDb(name)).rejects.toThrow(); // version 1 < stored 2: a reload with a newer build is needed
  });
});

describe('experiments', () => {
  it('creates, lists newest first, updates and reads', async () => {
    const db = await freshDb();
    const a = await createExperiment(db, {
      name: 'A',
      pattern: '{clone}_t{time}h_f{fov}',
    });
    const b = await createExperiment(db, {
      name: 'Demo',
      pattern: 'p',
      isDemo: true,
    });
    expect(a.schemaVersion).toBe(SCHEMA_VERSION);
    expect(a.segmentationParams).toBeNull();
    expect((await listExperiments(db)).map((e) => e.name)).toEqual(['Demo', 'A']);
    const updated = await updateExperiment(db, a.id, {
      name: 'A2',
      segmentationParams: { minArea: 40 },
    });
    expect(updated.updatedAt).toBeGreaterThan(b.updatedAt);
    expect(updated.createdAt).toBe(a.createdAt);
    expect(await getExperiment(db, a.id)).toEqual(updated);
    expect((await listExperiments(db)).map((e) => e.name)).toEqual(['A2', 'Demo']);
    await expect(updateExperiment(db, 'nope', { name: 'x' })).rejects.toThrow(
      'No experiment with id nope',
    );
  });
});

describe('clones', () => {
  it('puts with defaults, merges, lists in natural order, updates', async () => {
    const db = await freshDb();
    const e = await createExperiment(db, { name: 'E', pattern: 'p' });
    await putClones(db, e.id, [
      { id: 'clone10', potency: 9 },
      { id: 'clone2', group: 'bulk' },
    ]);
    await putClones(db, e.id, [{ id: 'clone10', notes: 'slow' }]); // keeps the potency
    const clones = await listClones(db, e.id);
    expect(clones).toEqual([
      {
        experimentId: e.id,
        id: 'clone2',
        label: 'clone2',
        group: 'bulk',
        potency: null,
        notes: '',
      },
      {
        experimentId: e.id,
        id: 'clone10',
        label: 'clone10',
        group: 'REC',
        potency: 9,
        notes: 'slow',
      },
    ]);
    const c = await updateClone(db, e.id, 'clone2', { potency: 11.5 });
    expect(c.potency).toBe(11.5);
    expect((await listClones(db, e.id))[0]!.potency).toBe(11.5);
    await expect(updateClone(db, e.id, 'clone99', { potency: 1 })).rejects.toThrow(
      /No clone clone99/,
    );
    await expect(putClones(db, 'nope', [{ id: 'x' }])).rejects.toThrow(/No experiment/);
  });
});

describe('addImages', () => {
  it('stores metadata, bytes and thumbnails apart and creates missing clones', async () => {
    const db = await freshDb();
    const e = await createExperiment(db, { name: 'E', pattern: 'p' });
    await putClones(db, e.id, [{ id: 'clone01', potency: 10 }]);
    const items = [
      await image('clone01', 6, 1, 1, true),
      await image('clone01', 12, 1),
      await image('clone02', 6, 1),
    ];
    const r = await addImages(db, e.id, items);
    expect(r).toEqual({
      added: [
        imageId(e.id, { clone: 'clone01', timeH: 6, fov: 1 }),
        `${e.id}|clone01|12|1`,
        `${e.id}|clone02|6|1`,
      ],
      duplicates: [],
      replaced: [],
      collisions: [],
    });
    expect(await countImages(db, e.id)).toBe(3);
    const listed = await listImages(db, e.id);
    expect(listed.map((i) => [i.clone, i.timeH, i.fov])).toEqual([
      ['clone01', 6, 1],
      ['clone01', 12, 1],
      ['clone02', 6, 1],
    ]);
    expect(listed[0]).not.toHaveProperty('bytes');
    expect(listed[0]!.byteSize).toBe(64);
    const bytes = await getImageBytes(db, r.added[0]!);
    expect(new Uint8Array(bytes!)).toEqual(new Uint8Array(items[0]!.bytes!));
    const thumb = await getThumbnail(db, r.added[0]!);
    expect([...new Uint8Array(thumb!.pixels)]).toEqual([1, 2, 3, 4]);
    expect(await getThumbnail(db, r.added[1]!)).toBeUndefined();
    // clone01 kept its potency; clone02 was created as REC, to be predicted.
    expect((await listClones(db, e.id)).map((c) => [c.id, c.group, c.potency])).toEqual([
      ['clone01', 'REC', 10],
      ['clone02', 'REC', null],
    ]);
    expect((await getExperiment(db, e.id))!.updatedAt).toBeGreaterThan(e.updatedAt);
  });

  it('recognises a re-import by content and reports a different file at a taken address', async () => {
    const db = await freshDb();
    const e = await createExperiment(db, { name: 'E', pattern: 'p' });
    const first = await image('clone01', 6, 1, 1);
    await addImages(db, e.id, [first]);
    const again = await image('clone01', 6, 1, 1);
    again.meta.fileName = 'copy/clone01_t006h_f1.png';
    const other = await image('clone01', 6, 1, 2); // same address, other bytes
    const withinBatch = await image('clone03', 6, 1, 77);
    const withinBatchCopy = await image('clone03', 6, 1, 77);
    withinBatchCopy.meta.fileName = 'again.png';
    const r = await addImages(db, e.id, [again, other, withinBatch, withinBatchCopy]);
    expect(r.duplicates).toEqual([
      {
        fileName: 'copy/clone01_t006h_f1.png',
        existingFileName: 'clone01_t006h_f1.png',
      },
      { fileName: 'again.png', existingFileName: 'clone03_t006h_f1.png' },
    ]);
    expect(r.collisions).toEqual([
      {
        id: `${e.id}|clone01|6|1`,
        fileName: 'clone01_t006h_f1.png',
        existingFileName: 'clone01_t006h_f1.png',
      },
    ]);
    expect(r.added).toEqual([`${e.id}|clone03|6|1`]);
    expect(await countImages(db, e.id)).toBe(2);
    // The stored bytes are still the first file's.
    expect(new Uint8Array((await getImageBytes(db, `${e.id}|clone01|6|1`))!)).toEqual(
      new Uint8Array(first.bytes!),
    );
  });

  it('finds duplicates and taken addresses through the indexes, never reading every image of the experiment', async () => {
    const db = await freshDb();
    const e = await createExperiment(db, { name: 'E', pattern: 'p' });
    const earlier = [];
    for (let fov = 1; fov <= 40; fov++) earlier.push(await image('clone01', 6, fov, 5000 + fov));
    await addImages(db, e.id, earlier);
    const proto = (globalThis as unknown as { IDBIndex: { prototype: Record<string, (...a: unknown[]) => unknown> } }).IDBIndex.prototype;
    const storeProto = (globalThis as unknown as { IDBObjectStore: { prototype: Record<string, (...a: unknown[]) => unknown> } }).IDBObjectStore.prototype;
    const bulkReads: string[] = [];
    const spies: [Record<string, (...a: unknown[]) => unknown>, string, (...a: unknown[]) => unknown][] = [];
    for (const [target, method] of [[proto, 'getAll'], [proto, 'openCursor'], [storeProto, 'getAll'], [storeProto, 'openCursor']] as const) {
      const real = target[method]!;
      spies.push([target, method, real]);
      target[method] = function (this: { name: string }, ...args: unknown[]) {
        bulkReads.push(`${this.name}.${method}`);
        return real.apply(this, args);
      };
    }
    let r;
    try {
      const copy = await image('clone01', 6, 33, 5033); // the bytes of an earlier batch's f33
      copy.meta.fileName = 'copy_of_f33.png';
      r = await addImages(db, e.id, [copy, await image('clone01', 6, 2, 9), await image('clone02', 6, 1, 10)]);
    } finally {
      for (const [target, method, real] of spies) target[method] = real;
    }
    expect(bulkReads).toEqual([]);
    expect(r.duplicates).toEqual([{ fileName: 'copy_of_f33.png', existingFileName: 'clone01_t006h_f33.png' }]);
    expect(r.collisions.map((c) => c.id)).toEqual([`${e.id}|clone01|6|2`]);
    expect(r.added).toEqual([`${e.id}|clone02|6|1`]);
    expect((await listClones(db, e.id)).map((c) => c.id)).toEqual(['clone01', 'clone02']);
  });

  it('replaces on request, dropping the stale measurement', async () => {
    const db = await freshDb();
    const e = await createExperiment(db, { name: 'E', pattern: 'p' });
    await addImages(db, e.id, [await image('clone01', 6, 1, 1, true)]);
    const id = `${e.id}|clone01|6|1`;
    await putMeasurement(db, measurement(id, e.id, 5));
    const other = await image('clone01', 6, 1, 2);
    const r = await addImages(db, e.id, [other], { replace: true });
    expect(r).toEqual({
      added: [],
      duplicates: [],
      replaced: [id],
      collisions: [],
    });
    expect(new Uint8Array((await getImageBytes(db, id))!)).toEqual(new Uint8Array(other.bytes!));
    expect(await getMeasurement(db, id)).toBeUndefined();
    expect(await listImageStats(db, e.id)).toEqual([]);
    expect(await getThumbnail(db, id)).toBeUndefined();
    expect(await countImages(db, e.id)).toBe(1);
  });

  it('refuses items without a hash before touching the database', async () => {
    const db = await freshDb();
    const e = await createExperiment(db, { name: 'E', pattern: 'p' });
    const bad = await image('clone01', 6, 1);
    bad.meta.contentHash = '';
    await expect(addImages(db, e.id, [bad])).rejects.toThrow(/no content hash/);
    await expect(addImages(db, 'missing', [await image('clone01', 6, 1)])).rejects.toThrow(
      /No experiment/,
    );
  });
});

describe('measurements, runs and deletion', () => {
  it('stores measurements with their Float32 values, and their statistics apart', async () => {
    const db = await freshDb();
    const e = await createExperiment(db, { name: 'E', pattern: 'p' });
    const r = await addImages(db, e.id, [
      await image('clone01', 6, 1),
      await image('clone01', 6, 2),
    ]);
    await putMeasurement(db, measurement(r.added[0]!, e.id, 3));
    await putMeasurement(db, { ...measurement(r.added[1]!, e.id, 4), paramsHash: 'p2' });
    const values = new Float32Array((await getMeasurement(db, r.added[1]!))!.values);
    expect(values.length).toBe(48);
    expect(values[47]).toBe(2.5);
    const stats = await listImageStats(db, e.id);
    expect(stats.map((m) => m.cellCount).sort()).toEqual([3, 4]);
    expect(stats.every((m) => !('values' in m))).toBe(true);
    expect(await listImageStats(db, e.id, 'p2')).toEqual([
      { id: r.added[1], experimentId: e.id, paramsHash: 'p2', cellCount: 4, n: Array(12).fill(4), mean: Array(12).fill(2.5), m2: Array(12).fill(0) },
    ]);
  });

  it('a measurement that does not fit leaves no statistics behind either', async () => {
    const db = await freshDb();
    const e = await createExperiment(db, { name: 'E', pattern: 'p' });
    const proto = (globalThis as unknown as { IDBObjectStore: { prototype: { put: (...a: unknown[]) => unknown } } }).IDBObjectStore.prototype;
    const realPut = proto.put;
    proto.put = function (this: { name: string }, ...args: unknown[]) {
      if (this.name === 'measurements') throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return realPut.apply(this, args);
    };
    try {
      await expect(putMeasurement(db, measurement(`${e.id}|clone01|6|1`, e.id, 3))).rejects.toBeInstanceOf(StorageFullError);
    } finally {
      proto.put = realPut;
    }
    expect(await listImageStats(db, e.id)).toEqual([]);
    expect(await db.count('measurements')).toBe(0);
  });

  it('deleting an experiment removes everything of it and nothing of another', async () => {
    const db = await freshDb();
    const keep = await createExperiment(db, { name: 'keep', pattern: 'p' });
    const drop = await createExperiment(db, { name: 'drop', pattern: 'p' });
    for (const e of [keep, drop]) {
      const r = await addImages(db, e.id, [
        await image('clone01', 6, 1, 1, true),
        await image('clone02', 6, 1, 2),
      ]);
      await putMeasurement(db, measurement(r.added[0]!, e.id, 2));
      await putRun(db, {
        id: `${e.id}-run`,
        experimentId: e.id,
        kind: 'segmentation',
        status: 'done',
        startedAt: 1,
        updatedAt: 2,
        total: 2,
        done: 2,
        failed: [],
      });
    }
    await deleteExperiment(db, drop.id);
    expect(await getExperiment(db, drop.id)).toBeUndefined();
    expect(await countImages(db, drop.id)).toBe(0);
    expect(await listClones(db, drop.id)).toEqual([]);
    expect(await getMeasurement(db, `${drop.id}|clone01|6|1`)).toBeUndefined();
    expect(await listImageStats(db, drop.id)).toEqual([]);
    expect(await listRuns(db, drop.id)).toEqual([]);
    expect(await getImageBytes(db, `${drop.id}|clone01|6|1`)).toBeUndefined();
    expect(await getThumbnail(db, `${drop.id}|clone01|6|1`)).toBeUndefined();
    expect(await db.count('imageBytes')).toBe(2);
    expect(await db.count('thumbnails')).toBe(1);
    expect(await countImages(db, keep.id)).toBe(2);
    expect((await listClones(db, keep.id)).length).toBe(2);
    expect(await getMeasurement(db, `${keep.id}|clone01|6|1`)).toBeDefined();
    expect((await listImageStats(db, keep.id)).length).toBe(1);
    expect((await listRuns(db, keep.id)).length).toBe(1);
  });
});

describe('a full disk during a batch', () => {
  it('throws StorageFullError and leaves the earlier data intact', async () => {
    const db = await freshDb();
    const e = await createExperiment(db, { name: 'E', pattern: 'p' });
    await addImages(db, e.id, [await image('clone01', 6, 1)]);
    const batch = [
      await image('clone01', 12, 1),
      await image('clone02', 6, 1),
      await image('clone03', 6, 1),
    ];

    // Simulate the browser refusing the third file's bytes, after two items of the batch were written.
    const proto = (
      globalThis as unknown as {
        IDBObjectStore: { prototype: { put: (...a: unknown[]) => unknown } };
      }
    ).IDBObjectStore.prototype;
    const realPut = proto.put;
    proto.put = function (this: { name: string }, ...args: unknown[]) {
      const value = args[0] as { id?: string };
      if (this.name === 'imageBytes' && value.id?.includes('clone03'))
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return realPut.apply(this, args);
    };
    let error: unknown;
    try {
      await addImages(db, e.id, batch);
    } catch (err) {
      error = err;
    } finally {
      proto.put = realPut;
    }
    expect(error).toBeInstanceOf(StorageFullError);
    expect((error as Error).message).toMatch(/^Browser storage is full/);
    expect((error as Error).cause).toBeInstanceOf(DOMException);
    // Nothing of the failed batch, including its first two items and clone02, was kept.
    expect((await listImages(db, e.id)).map((i) => i.id)).toEqual([`${e.id}|clone01|6|1`]);
    expect(await db.count('imageBytes')).toBe(1);
    expect((await listClones(db, e.id)).map((c) => c.id)).toEqual(['clone01']);
    // And the database still works.
    expect((await addImages(db, e.id, batch)).added.length).toBe(3);
  });
});
