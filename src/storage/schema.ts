/**
 * What the workbench keeps in the browser, and why it is split this way.
 *
 * Everything lives in one IndexedDB database, `potency-workbench`, so a reload or a crash loses
 * nothing and no image ever leaves the machine.
 *
 * - `experiments`  one small record per experiment: name, file-name pattern, segmentation
 *                  parameters. Listed on the start screen, so it holds nothing large.
 * - `clones`       one record per well, keyed [experimentId, cloneId]: label, group, the known
 *                  potency (null = to be predicted), notes.
 * - `images`       METADATA of each image (clone, time, FOV, size, bit depth, content hash), keyed
 *                  `experimentId|clone|timeH|fov`. Tables, progress bars and the import check read
 *                  only this store; the [experimentId, contentHash] index recognises a re-import.
 * - `imageBytes`   the original file bytes, same key. Apart so that listing 6,000 images never
 *                  pulls gigabytes of pixels into memory; read one at a time by the workers.
 * - `thumbnails`   a small 8-bit grey preview per image, same key, for the import grid.
 * - `measurements` per-image segmentation results, same key: the per-cell descriptors
 *                  (Float32, cells × 12) and their per-descriptor (n, mean, M2). Read only where
 *                  single cells are needed (density plots, the per-cell CSV, the viewer, back-up).
 *                  `paramsHash` says which parameters made them, so a change of parameters shows as
 *                  stale instead of silently mixing.
 * - `imageStats`   (since v4) per image, same key: parameters hash, cell count and the
 *                  per-descriptor (n, mean, M2) alone, ~0.4 KB. Written with the measurement in one
 *                  transaction. QC, profiles, models and the grid read only this store, so opening
 *                  Explore at 14,400 fields reads ~6 MB, not the 90 MB of per-cell values.
 * - `analyses`     (since v2) computed results too slow to redo on every visit: the model grid,
 *                  bootstraps. Keyed by what they were computed from, so a change shows as stale.
 *                  (v3: the `cellCounts` index lists each measurement's parameters hash and
 *                  cell count from index keys alone, without reading the per-cell values.)
 * - `runs`         bookkeeping of batch runs (how far, which images failed) so an interrupted run
 *                  can be resumed after a reload.
 *
 * The schema changes only through `MIGRATIONS`: one step per version, applied in order inside the
 * upgrade transaction. To add version 2, append a step and raise SCHEMA_VERSION; never edit a
 * step that has shipped.
 */
import type { DBSchema, IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import type { CloneGroup } from '../core/experiment';
import type { PixelSizeSource } from '../core/image/pixelSize';

export const DB_NAME = 'potency-workbench';
export const SCHEMA_VERSION = 4;

/**
 * How a demo experiment's images are drawn. Demo pixels are not stored: the seeded generator
 * (src/core/demo) redraws any field exactly, so 1,800 fields cost no storage.
 */
export interface DemoSpec {
  seed: number;
  /** Image width = height, px. */
  size: number;
  fovs: number;
  clones: number;
}

export interface ExperimentRecord {
  id: string;
  name: string;
  createdAt: number;
  updatedAt: number;
  pattern: string;
  segmentationParams: unknown | null;
  isDemo: boolean;
  /** Set for the built-in demo: its images are drawn on demand, and have no stored bytes. */
  demo: DemoSpec | null;
  /** Schema version the record was written under, for migrations that rewrite records. */
  schemaVersion: number;
  /**
   * The pixel size the imported files state (OME-XML, ImageJ, Nikon tag 65326, TIFF resolution)
   * and the file it was read from; null or absent (records older than this field) when none
   * stated one. The size segmentation and units use is the parameters' `pixelSizeUm`.
   */
  pixelSize?: StatedPixelSize | null;
}

/** A pixel size read from a file: µm per px, which tag said so, and which file. */
export interface StatedPixelSize {
  umPerPx: number;
  source: PixelSizeSource;
  detail: string;
  fileName: string;
}

export interface CloneRecord {
  experimentId: string;
  id: string;
  label: string;
  group: CloneGroup;
  /** Serial-passage potency; null = to be predicted. */
  potency: number | null;
  notes: string;
}

/** One image's metadata; its bytes are in `imageBytes` under the same id. */
export interface ImageRecord {
  /** `${experimentId}|${clone}|${timeH}|${fov}`, see imageId(). */
  id: string;
  experimentId: string;
  clone: string;
  timeH: number;
  fov: number;
  fileName: string;
  mimeType: string;
  byteSize: number;
  width: number;
  height: number;
  bitDepth: 8 | 16;
  /** Page of a multi-page TIFF this image is; 0 otherwise. */
  pageIndex: number;
  /** Hex SHA-256 of the file bytes (see contentHash()). */
  contentHash: string;
  addedAt: number;
}

export interface ImageBytesRecord {
  id: string;
  bytes: ArrayBuffer;
}

export interface ThumbnailRecord {
  id: string;
  width: number;
  height: number;
  /** 8-bit grey, row-major, width × height. */
  pixels: ArrayBuffer;
}

export interface MeasurementRecord {
  /** The image id. */
  id: string;
  experimentId: string;
  /** Hash of the segmentation parameters that produced this measurement. */
  paramsHash: string;
  cellCount: number;
  /** Float32, cells × 12 descriptors in DESCRIPTORS order. */
  values: ArrayBuffer;
  /** Per-descriptor sufficient statistics for pooling (Chan's formula). */
  stats: { n: number[]; mean: number[]; m2: number[] };
  elapsedMs: number;
  /** Part of elapsedMs spent getting the pixels (decoding, or drawing a demo field); absent before. */
  loadMs?: number;
}

/**
 * One image's per-descriptor sufficient statistics (see core/descriptors SufficientStats), without
 * its cells: what profiles, QC, models and the grid pool. Same id as the image and its measurement.
 */
export interface ImageStatsRecord {
  /** The image id. */
  id: string;
  experimentId: string;
  /** Hash of the segmentation parameters (method and model included) that produced it. */
  paramsHash: string;
  cellCount: number;
  /** Per descriptor, in DESCRIPTORS order. */
  n: number[];
  mean: number[];
  m2: number[];
}

/** The statistics part of a measurement, as the `imageStats` store keeps it. */
export function imageStatsOf(m: MeasurementRecord): ImageStatsRecord {
  return {
    id: m.id,
    experimentId: m.experimentId,
    paramsHash: m.paramsHash,
    cellCount: m.cellCount,
    n: Array.from(m.stats.n),
    mean: Array.from(m.stats.mean),
    m2: Array.from(m.stats.m2),
  };
}

export type RunStatus = 'running' | 'done' | 'cancelled' | 'failed';

export interface RunRecord {
  id: string;
  experimentId: string;
  /** What the run does, e.g. 'segmentation'. */
  kind: string;
  status: RunStatus;
  startedAt: number;
  updatedAt: number;
  total: number;
  done: number;
  failed: { imageId: string; message: string }[];
}

/** A stored computation (model grid, bootstrap) and the inputs it was made from. */
export interface AnalysisRecord {
  /** `${experimentId}|${kind}` — one current result of each kind per experiment. */
  id: string;
  experimentId: string;
  kind: 'grid' | 'bootstrap' | 'model' | 'ranking';
  /** Signature of the inputs (parameters hash, labels, options): a different one means stale. */
  inputKey: string;
  createdAt: number;
  payload: unknown;
}

export interface WorkbenchSchema extends DBSchema {
  analyses: { key: string; value: AnalysisRecord; indexes: { byExperiment: string } };
  experiments: { key: string; value: ExperimentRecord };
  clones: {
    key: [string, string];
    value: CloneRecord;
    indexes: { byExperiment: string };
  };
  images: {
    key: string;
    value: ImageRecord;
    indexes: { byExperiment: string; byContentHash: [string, string] };
  };
  imageBytes: { key: string; value: ImageBytesRecord };
  thumbnails: { key: string; value: ThumbnailRecord };
  measurements: {
    key: string;
    value: MeasurementRecord;
    indexes: { byExperiment: string; cellCounts: [string, string, number] };
  };
  imageStats: {
    key: string;
    value: ImageStatsRecord;
    indexes: { byExperiment: string; byParams: [string, string] };
  };
  runs: { key: string; value: RunRecord; indexes: { byExperiment: string } };
}

export type WorkbenchDb = IDBPDatabase<WorkbenchSchema>;
export type WorkbenchStore = StoreNames<WorkbenchSchema>;
type UpgradeTransaction = IDBPTransaction<WorkbenchSchema, WorkbenchStore[], 'versionchange'>;

/** Every store, for transactions that must see them all (deleting an experiment). */
export const ALL_STORES: WorkbenchStore[] = [
  'experiments',
  'clones',
  'images',
  'imageBytes',
  'thumbnails',
  'measurements',
  'imageStats',
  'runs',
  'analyses',
];

/** The key of an image: one per clone × time × FOV in an experiment. */
export function imageId(
  experimentId: string,
  address: { clone: string; timeH: number; fov: number },
): string {
  return `${experimentId}|${address.clone}|${address.timeH}|${address.fov}`;
}

/** MIGRATIONS[v] upgrades a database from version v to v + 1. */
const MIGRATIONS: ((db: WorkbenchDb, tx: UpgradeTransaction) => void)[] = [
  // 0 → 1: the first schema.
  (db) => {
    db.createObjectStore('experiments', { keyPath: 'id' });
    const clones = db.createObjectStore('clones', {
      keyPath: ['experimentId', 'id'],
    });
    clones.createIndex('byExperiment', 'experimentId');
    const images = db.createObjectStore('images', { keyPath: 'id' });
    images.createIndex('byExperiment', 'experimentId');
    images.createIndex('byContentHash', ['experimentId', 'contentHash']);
    db.createObjectStore('imageBytes', { keyPath: 'id' });
    db.createObjectStore('thumbnails', { keyPath: 'id' });
    const measurements = db.createObjectStore('measurements', {
      keyPath: 'id',
    });
    measurements.createIndex('byExperiment', 'experimentId');
    const runs = db.createObjectStore('runs', { keyPath: 'id' });
    runs.createIndex('byExperiment', 'experimentId');
  },
  // 1 → 2: stored analyses (model grid, bootstrap), so a reload does not recompute them.
  (db) => {
    const analyses = db.createObjectStore('analyses', { keyPath: 'id' });
    analyses.createIndex('byExperiment', 'experimentId');
  },
  // 2 → 3: (experiment, parameters hash, cell count) of every measurement as an index, so the QC
  // table and the batch run read 14,400 counts from index keys instead of 70 MB of per-cell values.
  (_db, tx) => {
    tx.objectStore('measurements').createIndex('cellCounts', ['experimentId', 'paramsHash', 'cellCount']);
  },
  // 3 → 4: per-image statistics in their own store, built here from every stored measurement (the
  // keys first, then the records 256 at a time, so a paper-scale database is never in memory at once), so that
  // profiles, QC, models and the grid stop reading per-cell values. Once per database: 37–46 s at
  // 14,400 fields in Chromium (`scripts/bench-explore-load.ts --migrate-from`), nearly all of it
  // reading the 90 MB of cells that hold the statistics.
  (db, tx) => {
    const stats = db.createObjectStore('imageStats', { keyPath: 'id' });
    stats.createIndex('byExperiment', 'experimentId');
    stats.createIndex('byParams', ['experimentId', 'paramsHash']);
    // A failed request aborts the upgrade transaction, so the open fails and nothing is half-built;
    // the promises are only kept from being reported as unhandled.
    const CHUNK = 256;
    void (async () => {
      const measurements = tx.objectStore('measurements');
      const ids = await measurements.getAllKeys();
      for (let at = 0; at < ids.length; at += CHUNK) {
        const chunk = await Promise.all(ids.slice(at, at + CHUNK).map((id) => measurements.get(id)));
        for (const m of chunk) if (m) tx.objectStore('imageStats').put(imageStatsOf(m)).catch(() => undefined);
      }
    })().catch(() => undefined);
  },
];

/** Brings a database from oldVersion to newVersion, one step at a time (called by openDB's upgrade). */
export function migrate(
  db: WorkbenchDb,
  oldVersion: number,
  newVersion: number | null,
  tx: UpgradeTransaction,
): void {
  const target = newVersion ?? SCHEMA_VERSION;
  if (target > MIGRATIONS.length)
    throw new Error(
      `No migration to schema version ${target}; this build knows up to ${MIGRATIONS.length}`,
    );
  for (let v = oldVersion; v < target; v++) MIGRATIONS[v]!(db, tx);
}
