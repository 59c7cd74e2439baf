/**
 * Thumbnails for the clone × time grid: from IndexedDB when stored, drawn by a worker for demo
 * images that have none yet (then stored). Cached in memory for the session.
 */
import { useEffect, useState } from 'react';
import { openWorkbenchDb } from '../storage/db';
import { getThumbnail, putThumbnail } from '../storage/repository';
import type { ExperimentRecord, ImageRecord } from '../storage/schema';
import { demoThumbnail } from '../workers/imageClient';
import type { Thumbnail } from '../workers/imageApi';
import { demoRequest, isDemoImage } from '../state/fieldSource';

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

export function forgetThumbnails(): void {
  cache.clear();
}

export function useThumbnail(experiment: ExperimentRecord, image: ImageRecord | undefined): Thumbnail | null {
  const [thumb, setThumb] = useState<Thumbnail | null>(null);
  useEffect(() => {
    setThumb(null);
    if (!image) return;
    let live = true;
    let pending = cache.get(image.id);
    if (!pending) {
      pending = loadThumbnail(experiment, image).catch(() => null);
      cache.set(image.id, pending);
    }
    void pending.then((t) => {
      if (live) setThumb(t);
    });
    return () => {
      live = false;
    };
  }, [experiment, image]);
  return thumb;
}
