/** The page's handle on the image workers: one lazily made pool, typed calls, transfers. */
import * as Comlink from 'comlink';
import { WorkerPool, type JobOptions } from './pool';
import type { DemoImageRequest, FieldRequest, ImageWorkerApi } from './imageApi';

let pool: WorkerPool<ImageWorkerApi> | undefined;

export function imagePool(): WorkerPool<ImageWorkerApi> {
  pool ??= new WorkerPool<ImageWorkerApi>(
    () => new Worker(new URL('./image.worker.ts', import.meta.url), { type: 'module', name: 'image' }),
  );
  return pool;
}

/**
 * Decodes a file in a worker. The bytes are transferred in and handed back, so the caller must
 * use `result.bytes` afterwards: its own buffer is detached.
 */
export function decodeFile(bytes: ArrayBuffer, fileName: string, options: JobOptions = {}) {
  return imagePool().run((api) => api.decodeFile(Comlink.transfer(bytes, [bytes]), fileName), {
    label: fileName,
    // A retry would need the bytes again, and they moved with the failed attempt.
    retries: 0,
    ...options,
  });
}

export function demoThumbnail(req: DemoImageRequest, options: JobOptions = {}) {
  return imagePool().run((api) => api.demoThumbnail(req), options);
}

export function loadField(req: FieldRequest, backgroundParams?: unknown, options: JobOptions = {}) {
  // Stored bytes are cloned into the worker, not transferred: a crashed worker's job is retried
  // once, and the retry needs them again.
  return imagePool().run((api) => api.loadField(req, backgroundParams ? { backgroundParams } : undefined), options);
}

export function segmentField(req: FieldRequest, params: unknown, keepSteps: boolean, options: JobOptions = {}) {
  return imagePool().run((api) => api.segmentField(req, params, { keepSteps }), options);
}

export function measureField(req: FieldRequest, params: unknown, options: JobOptions = {}) {
  return imagePool().run((api) => api.measureField(req, params), options);
}
