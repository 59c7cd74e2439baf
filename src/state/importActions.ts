/**
 * Import: read each file (before any transaction), decode it in a worker (bytes transferred, not
 * copied), store bytes + metadata + thumbnail in IndexedDB in small batches. A bad file is reported
 * by name with its problem and skipped; the rest of the import goes on, and nothing stored is lost.
 */
import { findCollisions } from '../core/naming/pattern';
import { openWorkbenchDb } from '../storage/db';
import { addImages, createExperiment, type AddImagesResult, type NewImage } from '../storage/repository';
import { StorageFullError, checkQuota, formatBytes, requestPersistence } from '../storage/quota';
import { decodeFile, imagePool } from '../workers/imageClient';
import { useExperiments } from './experimentStore';
import { ImportUnits } from './importUnits';
import { parsedFiles, useImport } from './importStore';
import { errorText, useMessages } from './messageStore';
import { useTasks } from './taskStore';
import { useView } from './viewStore';

const BATCH = 12;

const MIME: Record<string, string> = { png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', tif: 'image/tiff', tiff: 'image/tiff' };

export async function importFiles(): Promise<void> {
  const { files, pattern, options } = useImport.getState();
  const messages = useMessages.getState();
  if (useExperiments.getState().current && !useExperiments.getState().canWrite()) return;
  const rows = parsedFiles(files, pattern, options);
  const skipped = new Set(findCollisions(rows).flatMap((c) => c.paths.slice(1)));
  const byPath = new Map(files.map((f) => [f.path, f.file]));
  const jobs = rows.flatMap((r) => (r.parsed.ok && !skipped.has(r.path) ? [{ path: r.path, parsed: r.parsed, file: byPath.get(r.path)! }] : []));
  const unmatched = rows.filter((r) => !r.parsed.ok);
  if (jobs.length === 0) {
    messages.push('error', `No file matches the pattern “${pattern}”: nothing to import.`);
    return;
  }

  const bytesNeeded = jobs.reduce((s, j) => s + j.file.size, 0);
  const quota = await checkQuota(bytesNeeded);
  if (!quota.ok) {
    messages.push('error', quota.message);
    return;
  }
  if (quota.quota !== null && quota.usage !== null && quota.usage + bytesNeeded > 0.8 * quota.quota)
    messages.push('warning', `Browser storage will be over 80 % full after this import (${quota.message}).`);
  void requestPersistence();

  const db = await openWorkbenchDb();
  let experiment = useExperiments.getState().current;
  if (!experiment) {
    const folder = jobs[0]!.path.includes('/') ? jobs[0]!.path.split('/')[0] : null;
    experiment = await createExperiment(db, {
      name: folder ? `${folder} (imported ${new Date().toLocaleDateString()})` : `Imported ${new Date().toLocaleString()}`,
      pattern,
    });
  }
  const experimentId = experiment.id;

  const controller = useTasks.getState().start('import', `Importing ${jobs.length} files (${formatBytes(bytesNeeded)})`, jobs.length);
  const failures: string[] = [];
  const totals: AddImagesResult = { added: [], duplicates: [], replaced: [], collisions: [] };
  let batch: NewImage[] = [];
  let done = 0;
  // A full disk ends the whole import: the batch it hit, the files read but not yet written and
  // the files not yet read are named, not counted as one file's failure.
  let storageFull: StorageFullError | undefined;
  // Pixel size stated by the files, and where an OME-TIFF's pages go.
  const units = new ImportUnits();
  const notStored: string[] = [];
  const flush = async () => {
    if (batch.length === 0 || storageFull) return;
    const items = batch;
    batch = [];
    try {
      const r = await addImages(db, experimentId, items);
      totals.added.push(...r.added);
      totals.duplicates.push(...r.duplicates);
      totals.collisions.push(...r.collisions);
    } catch (err) {
      if (!(err instanceof StorageFullError)) throw err;
      storageFull ??= err;
      notStored.push(...items.map((i) => i.meta.fileName));
      controller.abort();
    }
  };

  const queue = [...jobs];
  const inFlight = new Set<string>();
  const lanes = Array.from({ length: imagePool().size * 2 }, async () => {
    for (let job = queue.shift(); job && !controller.signal.aborted; job = queue.shift()) {
      inFlight.add(job.path);
      try {
        // Bytes are read here, before any IndexedDB transaction opens.
        const bytes = await job.file.arrayBuffer();
        const decoded = await decodeFile(bytes, job.path, { signal: controller.signal });
        // Pages of a multi-page stack become consecutive FOVs; an OME-TIFF's go where its OME-XML says.
        const placed = units.place(job.path, decoded);
        decoded.pages.forEach((page, pageIndex) => {
          const where = placed[pageIndex]!;
          if (!where.keep) return;
          batch.push({
            meta: {
              clone: job.parsed.clone,
              timeH: job.parsed.timeH + where.timeOffsetH,
              fov: job.parsed.fov + where.fovOffset,
              fileName: decoded.pages.length > 1 ? `${job.path} [${where.label}]` : job.path,
              mimeType: MIME[job.parsed.ext] ?? 'application/octet-stream',
              byteSize: decoded.bytes.byteLength,
              width: page.width,
              height: page.height,
              bitDepth: page.bitDepth,
              pageIndex,
              contentHash: decoded.pages.length > 1 ? `${decoded.contentHash}#${pageIndex}` : decoded.contentHash,
            },
            bytes: decoded.bytes,
            thumbnail: { width: page.thumbnail.width, height: page.thumbnail.height, pixels: page.thumbnail.pixels.buffer as ArrayBuffer },
          });
        });
        inFlight.delete(job.path);
        if (batch.length >= BATCH) await flush();
      } catch (err) {
        if (controller.signal.aborted) break;
        inFlight.delete(job.path);
        failures.push(errorText(err));
      }
      done++;
      useTasks.getState().progress('import', done);
    }
  });
  try {
    await Promise.all(lanes);
    await flush();
  } catch (err) {
    // Any other storage failure ends the import too; batches already written stay.
    messages.push('error', `Import stopped: ${errorText(err)}. The ${totals.added.length} images stored before this are kept.`);
  } finally {
    useTasks.getState().finish('import');
  }
  await units.record(experimentId);
  if (storageFull) {
    notStored.push(...batch.map((i) => i.meta.fileName), ...inFlight, ...queue.map((j) => j.path));
    messages.push(
      'error',
      `Import stopped: ${storageFull.message}. The ${totals.added.length} image${totals.added.length === 1 ? '' : 's'} stored before this are kept; ${notStored.length} file${notStored.length === 1 ? ' was' : 's were'} not stored:\n${notStored
        .slice(0, 30)
        .map((f) => `• ${f}`)
        .join('\n')}${notStored.length > 30 ? `\n… and ${notStored.length - 30} more` : ''}\nFree space, then import these again (files already stored are recognised and skipped).`,
    );
  }

  if (failures.length > 0)
    messages.push('error', `${failures.length} file${failures.length === 1 ? '' : 's'} could not be imported (the others were):\n${failures.map((f) => `• ${f}`).join('\n')}`);
  if (unmatched.length > 0)
    messages.push(
      'warning',
      `${unmatched.length} file${unmatched.length === 1 ? '' : 's'} did not match the pattern and ${unmatched.length === 1 ? 'was' : 'were'} not imported:\n${unmatched
        .slice(0, 20)
        .map((r) => `• ${r.path}: ${r.parsed.ok ? '' : r.parsed.reason}`)
        .join('\n')}${unmatched.length > 20 ? `\n… and ${unmatched.length - 20} more` : ''}`,
    );
  if (skipped.size > 0)
    messages.push('warning', `${skipped.size} file${skipped.size === 1 ? '' : 's'} mapped to a clone/time/FOV that another file already had and ${skipped.size === 1 ? 'was' : 'were'} skipped: ${[...skipped].slice(0, 10).join(', ')}`);
  if (totals.duplicates.length > 0)
    messages.push('info', `${totals.duplicates.length} file${totals.duplicates.length === 1 ? ' was' : 's were'} already in the experiment (same content) and not stored again: ${totals.duplicates.slice(0, 10).map((d) => d.fileName).join(', ')}`);
  if (totals.collisions.length > 0)
    messages.push('warning', `${totals.collisions.length} file${totals.collisions.length === 1 ? '' : 's'} would replace a different image at the same clone/time/FOV and ${totals.collisions.length === 1 ? 'was' : 'were'} kept out: ${totals.collisions.slice(0, 10).map((c) => `${c.fileName} (already: ${c.existingFileName})`).join(', ')}`);
  messages.push('info', `Imported ${totals.added.length} image${totals.added.length === 1 ? '' : 's'} into “${experiment.name}”${storageFull ? ' before the storage was full' : controller.signal.aborted ? ' before the import was cancelled' : ''}.`);

  useImport.getState().clear();
  await useExperiments.getState().refresh();
  await useExperiments.getState().open(experimentId);
  useView.getState().setTab('experiment');
}
