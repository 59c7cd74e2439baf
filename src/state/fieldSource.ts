/** Where a field's pixels come from: the seeded generator for demo images, stored bytes otherwise. */
import { openWorkbenchDb } from '../storage/db';
import { getImageBytes } from '../storage/repository';
import type { DemoSpec, ExperimentRecord, ImageRecord } from '../storage/schema';
import type { DemoImageRequest, FieldRequest } from '../workers/imageApi';

export function demoRequest(demo: DemoSpec, image: Pick<ImageRecord, 'clone' | 'timeH' | 'fov'>): DemoImageRequest {
  return { seed: demo.seed, nClones: demo.clones, size: demo.size, clone: image.clone, timeH: image.timeH, fov: image.fov };
}

/** Demo images carry a `demo:` content hash and no stored bytes; imported ones carry their SHA-256. */
export function isDemoImage(experiment: ExperimentRecord, image: ImageRecord): boolean {
  return !!experiment.demo && image.contentHash.startsWith('demo:');
}

export async function fieldRequest(experiment: ExperimentRecord, image: ImageRecord): Promise<FieldRequest> {
  if (experiment.demo && isDemoImage(experiment, image)) return { source: 'demo', demo: demoRequest(experiment.demo, image) };
  const db = await openWorkbenchDb();
  const bytes = await getImageBytes(db, image.id);
  if (!bytes) throw new Error(`${image.fileName}: the stored image bytes are missing; import the file again`);
  return { source: 'bytes', bytes, fileName: image.fileName, page: image.pageIndex };
}
