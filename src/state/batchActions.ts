/**
 * The batch run: segment and measure every image of the experiment in the worker pool.
 * Each finished image is stored at once with the hash of the parameters that made it, so a run
 * that is cancelled, crashes or is cut short by a reload resumes where it stopped: images that
 * already have a measurement with the current parameters are not redone.
 */
import { paramsHash } from '../core/segmentation/params';
import { openWorkbenchDb } from '../storage/db';
import { StorageFullError } from '../storage/quota';
import { listImages, listRuns, putMeasurement, putRun } from '../storage/repository';
import { useCellCounts } from './cellCountStore';
import type { RunRecord } from '../storage/schema';
import { isModelError } from '../workers/imageApi';
import { imagePool, measureField } from '../workers/imageClient';
import { onExperimentOpened, useExperiments } from './experimentStore';
import { fieldRequest } from './fieldSource';
import { errorText, useMessages } from './messageStore';
import { savedParams } from './segmentationStore';
import { useTasks } from './taskStore';

export const RUN_KIND = 'segmentation';
const TASK = 'batch';

function formatEta(seconds: number): string {
  if (!Number.isFinite(seconds)) return '…';
  if (seconds < 90) return `${Math.round(seconds)} s`;
  return `${Math.round(seconds / 60)} min`;
}

export async function runBatch(options: { resumed?: boolean } = {}): Promise<void> {
  const experiment = useExperiments.getState().current;
  if (!experiment || useTasks.getState().tasks[TASK]) return;
  if (!useExperiments.getState().canWrite()) return;
  const messages = useMessages.getState();
  const params = savedParams(experiment.segmentationParams);
  const hash = paramsHash(params);
  const db = await openWorkbenchDb();
  const counts = useCellCounts.getState();
  const [images, measured, runs] = await Promise.all([
    listImages(db, experiment.id),
    counts.load(experiment.id),
    listRuns(db, experiment.id),
  ]);
  const done = new Set([...measured].filter(([, m]) => m.paramsHash === hash).map(([id]) => id));
  const todo = images.filter((i) => !done.has(i.id));
  const previous = runs.find((r) => r.kind === RUN_KIND && r.status === 'running');
  const run: RunRecord = previous ?? {
    id: `${experiment.id}|${RUN_KIND}|${Date.now()}`,
    experimentId: experiment.id,
    kind: RUN_KIND,
    status: 'running',
    startedAt: Date.now(),
    updatedAt: Date.now(),
    total: images.length,
    done: done.size,
    failed: [],
  };
  if (todo.length === 0) {
    await putRun(db, { ...run, status: 'done', done: images.length, total: images.length, updatedAt: Date.now() });
    messages.push('info', `Every image already has measurements with these parameters (${images.length} fields).`);
    return;
  }
  run.total = images.length;
  run.done = done.size;
  run.status = 'running';
  await putRun(db, run);
  if (options.resumed)
    messages.push('info', `Resuming the interrupted segmentation run: ${done.size} of ${images.length} fields were already done and are kept.`);

  const controller = useTasks.getState().start(TASK, `Segmenting and measuring ${images.length} fields`, images.length);
  useTasks.getState().progress(TASK, done.size);
  const started = performance.now();
  const crashesBefore = imagePool().crashCount;
  let finishedHere = 0;
  const failed: { imageId: string; message: string }[] = [];
  const queue = [...todo];
  let lastRunWrite = 0;
  let storageFull: StorageFullError | undefined;
  let modelFailure: string | undefined;

  const lanes = Array.from({ length: 4 }, async () => {
    for (let image = queue.shift(); image && !controller.signal.aborted; image = queue.shift()) {
      try {
        const request = await fieldRequest(experiment, image);
        const m = await measureField(request, params, { signal: controller.signal, label: image.fileName });
        await putMeasurement(db, {
          id: image.id,
          experimentId: experiment.id,
          paramsHash: hash,
          cellCount: m.cellCount,
          values: m.values.buffer as ArrayBuffer,
          stats: m.stats,
          elapsedMs: m.elapsedMs,
          loadMs: m.loadMs,
        });
        counts.record(experiment.id, image.id, { paramsHash: hash, cellCount: m.cellCount }, false);
      } catch (err) {
        if (controller.signal.aborted) break;
        if (err instanceof StorageFullError) {
          // Every further field would fail the same way: stop, keep what is stored, say why.
          storageFull ??= err;
          controller.abort();
          break;
        }
        if (isModelError(err)) {
          // Without its model the learned method fails every field alike: stop and say so once.
          modelFailure ??= errorText(err);
          controller.abort();
          break;
        }
        failed.push({ imageId: image.id, message: errorText(err) });
      }
      finishedHere++;
      const elapsedS = (performance.now() - started) / 1000;
      const rate = finishedHere / elapsedS;
      const doneNow = done.size + finishedHere;
      useTasks.getState().progress(TASK, doneNow, `${rate.toFixed(1)} fields/s · ETA ${formatEta((images.length - doneNow) / rate)}`);
      if (performance.now() - lastRunWrite > 1000) {
        lastRunWrite = performance.now();
        counts.announce();
        try {
          await putRun(db, { ...run, done: doneNow, failed, updatedAt: Date.now() });
        } catch (err) {
          if (!(err instanceof StorageFullError)) throw err;
          storageFull ??= err;
          controller.abort();
        }
      }
    }
  });
  await Promise.all(lanes);
  useTasks.getState().finish(TASK);
  const cancelled = controller.signal.aborted;
  const stored = done.size + finishedHere - failed.length;
  try {
    await putRun(db, {
      ...run,
      status: cancelled ? 'cancelled' : failed.length > 0 && failed.length === todo.length ? 'failed' : 'done',
      done: stored,
      failed,
      updatedAt: Date.now(),
    });
  } catch (err) {
    // With the disk full even this small record may not fit; the measurements themselves are safe.
    if (!storageFull) throw err;
  }
  counts.announce();
  if (failed.length > 0)
    messages.push('error', `${failed.length} field${failed.length === 1 ? '' : 's'} could not be segmented (the others were):\n${failed.slice(0, 20).map((f) => `• ${f.message}`).join('\n')}`);
  if (modelFailure) {
    messages.push(
      'error',
      `${modelFailure}\nSegmentation stopped after ${stored} of ${images.length} fields; every finished field is kept.`,
    );
    return;
  }
  if (storageFull) {
    messages.push(
      'error',
      `${storageFull.message}. Segmentation stopped after ${stored} of ${images.length} fields; every finished field is kept. Free space, then press "Continue segmentation".`,
    );
    return;
  }
  // Crashes the retry recovered from leave no failure behind, but a lab should know they happened
  // (a field that exhausts memory, a browser under pressure).
  const crashes = imagePool().crashCount - crashesBefore;
  const crashNote =
    crashes > 0 ? ` ${crashes} worker crash${crashes === 1 ? '' : 'es'}: each crashed field was retried once on a fresh worker.` : '';
  messages.push(
    'info',
    (cancelled
      ? `Segmentation cancelled after ${done.size + finishedHere} of ${images.length} fields; finished fields are kept. Run again to continue.`
      : `Segmentation finished: ${images.length - failed.length} of ${images.length} fields measured in ${((performance.now() - started) / 1000).toFixed(1)} s.`) +
      crashNote,
  );
}

/** On opening an experiment: a run left 'running' was cut short (reload, closed tab): resume it. */
export async function resumeInterruptedRun(): Promise<void> {
  const experiment = useExperiments.getState().current;
  if (!experiment || useTasks.getState().tasks[TASK]) return;
  const db = await openWorkbenchDb();
  const runs = await listRuns(db, experiment.id);
  if (runs.some((r) => r.kind === RUN_KIND && r.status === 'running')) await runBatch({ resumed: true });
}

/** A run cut short by a reload or a closed tab continues when its experiment is opened again. */
export function resumeRunsOnOpen(): () => void {
  return onExperimentOpened(() => void resumeInterruptedRun());
}
