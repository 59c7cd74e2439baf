/**
 * Reading and writing experiments, clones, images and measurements. Every function takes the
 * open database (openWorkbenchDb) so tests can give each case its own.
 *
 * Writes follow two rules of IndexedDB: a transaction commits as soon as the code awaits anything
 * that is not one of its own requests, so callers read file bytes and hash them BEFORE calling
 * here; and a batch is written in one transaction, so a failure (a full disk above all) leaves the
 * data as it was before the batch, never half of it.
 */
import type { IDBPTransaction } from 'idb';
import type { CloneGroup } from '../core/experiment';
import { toStorageError } from './quota';
import {
  ALL_STORES,
  SCHEMA_VERSION,
  imageId,
  type AnalysisRecord,
  type CloneRecord,
  type DemoSpec,
  type ExperimentRecord,
  imageStatsOf,
  type ImageRecord,
  type ImageStatsRecord,
  type MeasurementRecord,
  type RunRecord,
  type ThumbnailRecord,
  type WorkbenchDb,
  type WorkbenchSchema,
  type WorkbenchStore,
} from './schema';

let lastStamp = 0;
/** Milliseconds since 1970, strictly increasing within the page, so "last updated" orders are stable. */
function stamp(): number {
  lastStamp = Math.max(Date.now(), lastStamp + 1);
  return lastStamp;
}

function newId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  let hex = '';
  for (const b of crypto.getRandomValues(new Uint8Array(16)))
    hex += b.toString(16).padStart(2, '0');
  return hex;
}

const byNaturalOrder = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });

/**
 * Runs `work` in one read-write transaction over `stores`. If anything fails the whole transaction
 * is aborted, and a quota failure comes out as StorageFullError.
 */
async function write<const S extends ArrayLike<WorkbenchStore>, T>(
  db: WorkbenchDb,
  stores: S,
  work: (tx: IDBPTransaction<WorkbenchSchema, S, 'readwrite'>) => Promise<T>,
): Promise<T> {
  const tx = db.transaction<S, 'readwrite'>(stores, 'readwrite');
  try {
    const result = await work(tx);
    await tx.done;
    return result;
  } catch (error) {
    tx.done.catch(() => undefined);
    try {
      tx.abort();
    } catch {
      // Already aborted by the failed request, or already finished.
    }
    throw await toStorageError(error);
  }
}

function missingExperiment(id: string): Error {
  return new Error(`No experiment with id ${id}`);
}

// ---- experiments -------------------------------------------------------------------------------

export interface NewExperiment {
  name: string;
  pattern: string;
  isDemo?: boolean;
  demo?: DemoSpec | null;
  segmentationParams?: unknown | null;
  /** Normally generated; given by imports that keep an exported id. */
  id?: string;
}

export async function createExperiment(
  db: WorkbenchDb,
  init: NewExperiment,
): Promise<ExperimentRecord> {
  const now = stamp();
  const record: ExperimentRecord = {
    id: init.id ?? newId(),
    name: init.name,
    createdAt: now,
    updatedAt: now,
    pattern: init.pattern,
    segmentationParams: init.segmentationParams ?? null,
    isDemo: init.isDemo ?? !!init.demo,
    demo: init.demo ?? null,
    schemaVersion: SCHEMA_VERSION,
  };
  await write(db, ['experiments'], (tx) => tx.objectStore('experiments').add(record));
  return record;
}

/** All experiments, most recently changed first. */
export async function listExperiments(db: WorkbenchDb): Promise<ExperimentRecord[]> {
  const all = await db.getAll('experiments');
  return all.sort((a, b) => b.updatedAt - a.updatedAt);
}

export function getExperiment(db: WorkbenchDb, id: string): Promise<ExperimentRecord | undefined> {
  return db.get('experiments', id);
}

export type ExperimentPatch = Partial<
  Pick<ExperimentRecord, 'name' | 'pattern' | 'segmentationParams' | 'isDemo' | 'pixelSize'>
>;

export async function updateExperiment(
  db: WorkbenchDb,
  id: string,
  patch: ExperimentPatch,
): Promise<ExperimentRecord> {
  return write(db, ['experiments'], async (tx) => {
    const store = tx.objectStore('experiments');
    const old = await store.get(id);
    if (!old) throw missingExperiment(id);
    const updated: ExperimentRecord = {
      ...old,
      ...patch,
      id,
      updatedAt: stamp(),
    };
    await store.put(updated);
    return updated;
  });
}

/** Deletes an experiment with its clones, images, bytes, thumbnails, measurements, statistics, runs and analyses, all or nothing. */
export async function deleteExperiment(db: WorkbenchDb, id: string): Promise<void> {
  await write(db, ALL_STORES, async (tx) => {
    const imageIds = await tx.objectStore('images').index('byExperiment').getAllKeys(id);
    const measurementIds = await tx
      .objectStore('measurements')
      .index('byExperiment')
      .getAllKeys(id);
    const cloneKeys = await tx.objectStore('clones').index('byExperiment').getAllKeys(id);
    const runIds = await tx.objectStore('runs').index('byExperiment').getAllKeys(id);
    const analysisIds = await tx.objectStore('analyses').index('byExperiment').getAllKeys(id);
    const deletions: Promise<void>[] = [];
    for (const key of imageIds) {
      deletions.push(tx.objectStore('images').delete(key));
      deletions.push(tx.objectStore('imageBytes').delete(key));
      deletions.push(tx.objectStore('thumbnails').delete(key));
    }
    const statsIds = await tx.objectStore('imageStats').index('byExperiment').getAllKeys(id);
    for (const key of measurementIds) deletions.push(tx.objectStore('measurements').delete(key));
    for (const key of statsIds) deletions.push(tx.objectStore('imageStats').delete(key));
    for (const key of cloneKeys) deletions.push(tx.objectStore('clones').delete(key));
    for (const key of runIds) deletions.push(tx.objectStore('runs').delete(key));
    for (const key of analysisIds) deletions.push(tx.objectStore('analyses').delete(key));
    deletions.push(tx.objectStore('experiments').delete(id));
    await Promise.all(deletions);
  });
}

// ---- clones ------------------------------------------------------------------------------------

/** A clone to store; fields left out keep their stored value (or the default for a new clone). */
export interface CloneInput {
  id: string;
  label?: string;
  group?: CloneGroup;
  potency?: number | null;
  notes?: string;
}

function defaultClone(experimentId: string, id: string): CloneRecord {
  return {
    experimentId,
    id,
    label: id,
    group: 'REC',
    potency: null,
    notes: '',
  };
}

/** Creates or updates clones in one transaction; returns the stored records. */
export async function putClones(
  db: WorkbenchDb,
  experimentId: string,
  clones: readonly CloneInput[],
): Promise<CloneRecord[]> {
  return write(db, ['experiments', 'clones'], async (tx) => {
    if (!(await tx.objectStore('experiments').get(experimentId)))
      throw missingExperiment(experimentId);
    const store = tx.objectStore('clones');
    const stored: CloneRecord[] = [];
    for (const input of clones) {
      const old =
        (await store.get([experimentId, input.id])) ?? defaultClone(experimentId, input.id);
      const record: CloneRecord = {
        ...old,
        ...Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)),
        experimentId,
      };
      await store.put(record);
      stored.push(record);
    }
    return stored;
  });
}

/** The clones of an experiment in natural order (clone2 before clone10). */
export async function listClones(db: WorkbenchDb, experimentId: string): Promise<CloneRecord[]> {
  const all = await db.getAllFromIndex('clones', 'byExperiment', experimentId);
  return all.sort((a, b) => byNaturalOrder(a.id, b.id));
}

export type ClonePatch = Partial<Pick<CloneRecord, 'label' | 'group' | 'potency' | 'notes'>>;

export async function updateClone(
  db: WorkbenchDb,
  experimentId: string,
  id: string,
  patch: ClonePatch,
): Promise<CloneRecord> {
  return write(db, ['clones'], async (tx) => {
    const store = tx.objectStore('clones');
    const old = await store.get([experimentId, id]);
    if (!old) throw new Error(`No clone ${id} in experiment ${experimentId}`);
    const updated: CloneRecord = { ...old, ...patch, experimentId, id };
    await store.put(updated);
    return updated;
  });
}

// ---- images ------------------------------------------------------------------------------------

/** What the importer knows of a file before storing it. */
export type ImageMeta = Omit<ImageRecord, 'id' | 'experimentId' | 'addedAt'>;

export interface NewImage {
  meta: ImageMeta;
  /** The original file, read before addImages is called; null for demo images (drawn on demand). */
  bytes: ArrayBuffer | null;
  thumbnail?: Omit<ThumbnailRecord, 'id'>;
}

export interface AddImagesResult {
  /** Ids of images stored at a new clone/time/FOV. */
  added: string[];
  /** Files whose bytes are already in the experiment (a re-import): not stored again. */
  duplicates: { fileName: string; existingFileName: string }[];
  /** Ids whose earlier, different file was overwritten (only with `replace: true`). */
  replaced: string[];
  /** Different files at a clone/time/FOV that already has one: not stored (unless `replace: true`). */
  collisions: { id: string; fileName: string; existingFileName: string }[];
}

/**
 * Stores a batch of images in one transaction. Clones they name are created (group REC, potency
 * unknown) when missing. A replaced image loses its measurement, which no longer describes it.
 */
export async function addImages(
  db: WorkbenchDb,
  experimentId: string,
  items: readonly NewImage[],
  options: { replace?: boolean } = {},
): Promise<AddImagesResult> {
  for (const { meta } of items) {
    if (!meta.contentHash)
      throw new Error(`${meta.fileName}: no content hash (compute it with contentHash() first)`);
    if (!Number.isFinite(meta.timeH) || !Number.isInteger(meta.fov) || !meta.clone)
      throw new Error(`${meta.fileName}: clone, time and FOV must be set`);
  }
  const result: AddImagesResult = {
    added: [],
    duplicates: [],
    replaced: [],
    collisions: [],
  };
  const stores = [
    'experiments',
    'clones',
    'images',
    'imageBytes',
    'thumbnails',
    'measurements',
    'imageStats',
  ] as const;
  return write(db, stores, async (tx) => {
    const experiment = await tx.objectStore('experiments').get(experimentId);
    if (!experiment) throw missingExperiment(experimentId);
    const images = tx.objectStore('images');
    const clones = tx.objectStore('clones');
    // What is already there for THIS batch only: each item's address and content hash looked up
    // by key and through the `byContentHash` index, all requests in flight at once, so a batch
    // costs the same in an empty experiment as in one of 14,400 images (which are never read).
    // Requests below are queued without awaiting each; the transaction keeps them in order and
    // fails as a whole if any of them fails.
    const byHashIndex = images.index('byContentHash');
    const [atIds, withHashes, cloneRecords] = await Promise.all([
      Promise.all(items.map(({ meta }) => images.get(imageId(experimentId, meta)))),
      Promise.all(items.map(({ meta }) => byHashIndex.get([experimentId, meta.contentHash]))),
      Promise.all([...new Set(items.map(({ meta }) => meta.clone))].map((c) => clones.getKey([experimentId, c]))),
    ]);
    const byId = new Map<string, ImageRecord>();
    for (const i of atIds) if (i) byId.set(i.id, i);
    const byHash = new Map<string, ImageRecord>();
    for (const i of withHashes) if (i) byHash.set(i.contentHash, i);
    const knownClones = new Set(cloneRecords.flatMap((k) => (k ? [k[1]] : [])));
    const requests: Promise<unknown>[] = [];
    // If a later request throws (quota), the pending ones are aborted: none may reject unhandled.
    const queue = (request: Promise<unknown>) => {
      request.catch(() => undefined);
      requests.push(request);
    };
    const now = stamp();
    for (const item of items) {
      const { meta } = item;
      const id = imageId(experimentId, meta);
      const sameBytes = byHash.get(meta.contentHash);
      if (sameBytes) {
        result.duplicates.push({
          fileName: meta.fileName,
          existingFileName: sameBytes.fileName,
        });
        continue;
      }
      const existing = byId.get(id);
      if (existing && !options.replace) {
        result.collisions.push({
          id,
          fileName: meta.fileName,
          existingFileName: existing.fileName,
        });
        continue;
      }
      if (existing) {
        result.replaced.push(id);
        queue(tx.objectStore('measurements').delete(id));
        queue(tx.objectStore('imageStats').delete(id));
        if (!item.thumbnail) queue(tx.objectStore('thumbnails').delete(id));
        if (byHash.get(existing.contentHash)?.id === existing.id) byHash.delete(existing.contentHash);
      } else result.added.push(id);

      const record: ImageRecord = { ...meta, id, experimentId, addedAt: now };
      byId.set(id, record);
      byHash.set(meta.contentHash, record);
      queue(images.put(record));
      if (item.bytes) queue(tx.objectStore('imageBytes').put({ id, bytes: item.bytes }));
      else if (existing) queue(tx.objectStore('imageBytes').delete(id));
      if (item.thumbnail) queue(tx.objectStore('thumbnails').put({ ...item.thumbnail, id }));
      if (!knownClones.has(meta.clone)) {
        knownClones.add(meta.clone);
        queue(clones.put(defaultClone(experimentId, meta.clone)));
      }
    }
    if (result.added.length + result.replaced.length > 0)
      queue(tx.objectStore('experiments').put({ ...experiment, updatedAt: now }));
    // allSettled: when one request fails the rest are aborted, and none may go unhandled. Requests
    // run in order, so the first rejected one is the cause (e.g. the quota), not an abort.
    const failure = (await Promise.allSettled(requests)).find((r) => r.status === 'rejected');
    if (failure) throw failure.reason;
    return result;
  });
}

/** Image metadata of an experiment (no pixels), ordered by clone, time, FOV. */
export async function listImages(db: WorkbenchDb, experimentId: string): Promise<ImageRecord[]> {
  const all = await db.getAllFromIndex('images', 'byExperiment', experimentId);
  return all.sort((a, b) => byNaturalOrder(a.clone, b.clone) || a.timeH - b.timeH || a.fov - b.fov);
}

export function countImages(db: WorkbenchDb, experimentId: string): Promise<number> {
  return db.countFromIndex('images', 'byExperiment', experimentId);
}

export async function getImageBytes(db: WorkbenchDb, id: string): Promise<ArrayBuffer | undefined> {
  return (await db.get('imageBytes', id))?.bytes;
}

export function getThumbnail(db: WorkbenchDb, id: string): Promise<ThumbnailRecord | undefined> {
  return db.get('thumbnails', id);
}

/** Stores a thumbnail drawn after the import (demo images draw theirs when first shown). */
export async function putThumbnail(db: WorkbenchDb, thumbnail: ThumbnailRecord): Promise<void> {
  await write(db, ['thumbnails'], (tx) => tx.objectStore('thumbnails').put(thumbnail));
}

// ---- measurements and runs ----------------------------------------------------------------------

/**
 * Stores one image's measurement and, in the same transaction, its statistics in `imageStats`:
 * both or neither, so the store the views read never disagrees with the cells.
 */
export async function putMeasurement(
  db: WorkbenchDb,
  measurement: MeasurementRecord,
): Promise<void> {
  await write(db, ['measurements', 'imageStats'], async (tx) => {
    await Promise.all([tx.objectStore('measurements').put(measurement), tx.objectStore('imageStats').put(imageStatsOf(measurement))]);
  });
}

/**
 * The per-image statistics of an experiment made with the parameters `paramsHash` (all parameters
 * when left out): what profiles, QC, models and the grid read. Never touches the per-cell values.
 */
export function listImageStats(db: WorkbenchDb, experimentId: string, paramsHash?: string): Promise<ImageStatsRecord[]> {
  return paramsHash === undefined
    ? db.getAllFromIndex('imageStats', 'byExperiment', experimentId)
    : db.getAllFromIndex('imageStats', 'byParams', [experimentId, paramsHash]);
}

/** What the QC table needs of one measurement: read from index keys, never from the per-cell values. */
export interface MeasuredCount {
  id: string;
  paramsHash: string;
  cellCount: number;
}

/** Every measurement's parameters hash and cell count, from the `cellCounts` index's keys alone. */
export async function listMeasuredCounts(db: WorkbenchDb, experimentId: string): Promise<MeasuredCount[]> {
  const out: MeasuredCount[] = [];
  // Arrays sort after strings and numbers, so [id, []] bounds every [id, hash, count].
  const range = IDBKeyRange.bound([experimentId], [experimentId, []]);
  let cursor = await db.transaction('measurements').store.index('cellCounts').openKeyCursor(range);
  while (cursor) {
    const [, paramsHash, cellCount] = cursor.key;
    out.push({ id: cursor.primaryKey, paramsHash, cellCount });
    cursor = await cursor.continue();
  }
  return out;
}

export function getMeasurement(
  db: WorkbenchDb,
  id: string,
): Promise<MeasurementRecord | undefined> {
  return db.get('measurements', id);
}

export async function putRun(db: WorkbenchDb, run: RunRecord): Promise<void> {
  await write(db, ['runs'], (tx) => tx.objectStore('runs').put(run));
}

/** Runs of an experiment, newest first. */
export async function listRuns(db: WorkbenchDb, experimentId: string): Promise<RunRecord[]> {
  const all = await db.getAllFromIndex('runs', 'byExperiment', experimentId);
  return all.sort((a, b) => b.startedAt - a.startedAt);
}

// ---- analyses -------------------------------------------------------------------------------------

export async function putAnalysis(db: WorkbenchDb, record: AnalysisRecord): Promise<void> {
  await write(db, ['analyses'], (tx) => tx.objectStore('analyses').put(record));
}

export function getAnalysis(db: WorkbenchDb, experimentId: string, kind: AnalysisRecord['kind']): Promise<AnalysisRecord | undefined> {
  return db.get('analyses', `${experimentId}|${kind}`);
}
