/**
 * Thumbnails for the clone × time grid: from IndexedDB when stored, drawn by a worker for demo
 * images that have none yet (then stored). Cached in memory for the session.
 */
import { openWorkbenchDb } from '../storage/db';
import { getThumbnail, putThumbnail } from '../storage/repository';
import type { ExperimentRecord, ImageRecord } from '../storage/schema';
import type { Thumbnail } from '../workers/imageApi';
import { demoThumbnail } from '../workers/imageClient';
import { demoRequest, isDemoImage } from './fieldSource';

export type { Thumbnail };

const cache = new Map<string, Promise<Thumbnail | null>>();

async function loadThumbnail(experiment: ExperimentRecord, image: ImageRecord): Promise<Thumbnail | null> {
  const db = await openWorkbenchDb();
  const stored = await getThumbnail(db, image.id);
  if (stored) return { width: stored.width, height: stored.height, pixels: new Uint8Array(stored.pixels) };
  if (!experiment.demo || !isDemoImage(experiment, image)) return null;
  const thumb = await demoThumbnail(demoRequest(experiment.demo, image));
  await putThumbnail(db, { id: image.id, width: thumb.width, height: thumb.height, pixels: thumb.pixels.slice().buffer });
  return thumb;
}

/** The image's thumbnail, or null when it has none (a failure to draw one counts as none). */
export function thumbnailOf(experiment: ExperimentRecord, image: ImageRecord): Promise<Thumbnail | null> {
  let pending = cache.get(image.id);
  if (!pending) {
    pending = loadThumbnail(experiment, image).catch(() => null);
    cache.set(image.id, pending);
  }
  return pending;
}
