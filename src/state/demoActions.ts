/**
 * The demo experiment: clones with known potencies and image records whose pixels are drawn on
 * demand by the seeded generator (src/core/demo), so 1,800 demo fields cost no storage. Thumbnails
 * are drawn in the worker pool with a progress bar and stored.
 */
import { demoFileName, describeDemoExperiment, DEMO_SEGMENTATION_PARAMS } from '../core/demo';
import { PATTERN_PRESETS } from '../core/naming/pattern';
import { openWorkbenchDb } from '../storage/db';
import { addImages, createExperiment, putClones, putThumbnail } from '../storage/repository';
import { imageId } from '../storage/schema';
import type { DemoSpec } from '../storage/schema';
import { demoThumbnail } from '../workers/imageClient';
import { demoRequest } from './fieldSource';
import { useExperiments } from './experimentStore';
import { errorText, useMessages } from './messageStore';
import { useTasks } from './taskStore';

/** Demo thumbnails drawn up front: the FOV shown first in the grid; the others are drawn when shown. */
const EAGER_FOV = 1;

export async function createDemoExperiment(options: { seed: number; fovs: number; size: number }): Promise<void> {
  const tasks = useTasks.getState();
  const messages = useMessages.getState();
  let desc;
  try {
    desc = describeDemoExperiment(options);
  } catch (err) {
    messages.push('error', errorText(err));
    return;
  }
  const spec: DemoSpec = { seed: desc.seed, size: desc.size, fovs: desc.fovs, clones: desc.clones.length };
  const db = await openWorkbenchDb();
  const experiment = await createExperiment(db, {
    name: `Demo experiment (seed ${spec.seed}, ${spec.fovs} FOVs, ${spec.size} px)`,
    pattern: PATTERN_PRESETS[0]!.pattern,
    isDemo: true,
    demo: spec,
    // Demo cells are about half the size the defaults were tuned for.
    segmentationParams: DEMO_SEGMENTATION_PARAMS,
  });
  await putClones(
    db,
    experiment.id,
    desc.clones.map((c) => ({ id: c.id, label: c.id, group: c.group, potency: c.potency })),
  );
  await addImages(
    db,
    experiment.id,
    desc.clones.flatMap((clone) =>
      desc.timePointsH.flatMap((timeH) =>
        Array.from({ length: desc.fovs }, (_, i) => ({
          meta: {
            clone: clone.id,
            timeH,
            fov: i + 1,
            fileName: demoFileName(clone.id, timeH, i + 1),
            mimeType: 'image/png',
            byteSize: 0,
            width: desc.size,
            height: desc.size,
            bitDepth: 8 as const,
            pageIndex: 0,
            contentHash: `demo:${spec.seed}:${spec.size}:${clone.id}:${timeH}:${i + 1}`,
          },
          bytes: null,
        })),
      ),
    ),
  );
  await useExperiments.getState().refresh();
  await useExperiments.getState().open(experiment.id);

  // Draw the grid's thumbnails in the pool, two at a time per worker.
  const first = desc.clones.flatMap((clone) => desc.timePointsH.map((timeH) => ({ clone: clone.id, timeH, fov: EAGER_FOV })));
  const controller = tasks.start('demo', 'Drawing the demo experiment', first.length);
  let done = 0;
  const started = performance.now();
  try {
    const queue = [...first];
    const workers = Array.from({ length: 4 }, async () => {
      for (let job = queue.shift(); job; job = queue.shift()) {
        const thumb = await demoThumbnail(demoRequest(spec, job), { signal: controller.signal, label: demoFileName(job.clone, job.timeH, job.fov) });
        await putThumbnail(db, { id: imageId(experiment.id, job), width: thumb.width, height: thumb.height, pixels: thumb.pixels.buffer as ArrayBuffer });
        done++;
        const perS = done / ((performance.now() - started) / 1000);
        useTasks.getState().progress('demo', done, `${perS.toFixed(0)} fields/s`);
      }
    });
    await Promise.all(workers);
  } catch (err) {
    if (!controller.signal.aborted) messages.push('error', `Demo thumbnails: ${errorText(err)}`);
  } finally {
    useTasks.getState().finish('demo');
  }
  await useExperiments.getState().refresh();
}
