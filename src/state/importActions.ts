/**
 * Import: read each file (before any transaction), decode it in a worker (bytes transferred, not
 * copied), store bytes + metadata + thumbnail in IndexedDB in small batches. A bad file is reported
 * by name with its problem and skipped; the rest of the import goes on, and nothing stored is lost.
 */
import { isCollision, type FolderReading } from '../core/naming/folder';
import { mappedClones, parsePlateMap, plateMapRow } from '../core/naming/plateMap';
import { decodeText } from '../core/naming/biostation';
import { parseWell } from '../core/naming/wells';
import { openWorkbenchDb } from '../storage/db';
import { addImages, createExperiment, type AddImagesResult, type NewImage } from '../storage/repository';
import { StorageFullError, checkQuota, formatBytes, requestPersistence } from '../storage/quota';
import { decodeFile, imagePool } from '../workers/imageClient';
import { useExperiments } from './experimentStore';
import { ImportUnits } from './importUnits';
import { readImport, useImport } from './importStore';
import { errorText, useMessages } from './messageStore';
import { useTasks } from './taskStore';
import { useView } from './viewStore';

const BATCH = 12;

const MIME: Record<string, string> = { png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', tif: 'image/tiff', tiff: 'image/tiff' };

export async function importFiles(): Promise<void> {
  const state = useImport.getState();
  const { files } = state;
  const messages = useMessages.getState();
  if (useExperiments.getState().current && !useExperiments.getState().canWrite()) return;
  const reading = readImport(state);
  const pattern = patternOf(reading);
  const byPath = new Map(files.map((f) => [f.path, f.file]));
  const jobs = reading.files.flatMap((r) =>
    r.ok ? [{ path: r.path, parsed: { clone: r.clone!, timeH: r.timeH!, fov: r.fov!, ext: r.ext! }, file: byPath.get(r.path)! }] : [],
  );
  const isTable = (r: (typeof reading.files)[number]) => r.role === 'plate-map' || r.role === 'metadata';
  const unmatched = reading.files.filter((r) => !r.nameRead && !isTable(r));
  const skipped = new Set(reading.files.filter(isCollision).map((r) => r.path));
  const passedOver = reading.files.filter((r) => r.nameRead && !r.ok && !isCollision(r));
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
  const units = new ImportUnits({ channel: state.options.channel, z: state.options.z });
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
    // The abort is checked before a job is taken, so none leaves the queue unread and unnamed.
    for (let job; !controller.signal.aborted && (job = queue.shift()); ) {
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
        .map((r) => `• ${r.path}: ${r.reason}`)
        .join('\n')}${unmatched.length > 20 ? `\n… and ${unmatched.length - 20} more` : ''}`,
    );
  if (passedOver.length > 0)
    messages.push(
      'info',
      `${passedOver.length} file${passedOver.length === 1 ? ' was' : 's were'} read but not imported:\n${summariseReasons(passedOver.map((r) => r.reason!))}`,
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
  if (reading.plateMap) await applyPlateMapToImport(reading);
  useView.getState().setTab('experiment');
}

/** The pattern stored with the experiment: the one typed, or the preset's. */
function patternOf(reading: FolderReading): string {
  if (reading.presetId === 'custom') return reading.patterns[0] ?? '';
  return reading.patterns.length > 0 ? reading.patterns.join(' | ') : `preset ${reading.presetId}`;
}

/** `other channel (Green; keeping Phase)` × 12 → one line per kind of reason, with an example. */
function summariseReasons(reasons: string[]): string {
  const counts = new Map<string, number>();
  for (const r of reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  const lines = [...counts].map(([r, n]) => `• ${n} × ${r}`);
  return lines.slice(0, 20).join('\n') + (lines.length > 20 ? `\n… and ${lines.length - 20} more reasons` : '');
}

/** After an import with a plate map: the mapped clones get their group, potency and wells (in the notes). */
async function applyPlateMapToImport(reading: FolderReading): Promise<void> {
  const map = reading.plateMap!.map;
  const used = reading.files.filter((f) => f.ok && f.well !== null).map((f) => ({ well: f.well!, plate: f.plate }));
  const store = useExperiments.getState();
  for (const c of mappedClones(map, used)) {
    const existing = store.clones.find((x) => x.id === c.clone);
    if (!existing) continue;
    await store.editClone(c.clone, {
      ...(c.group ? { group: c.group } : {}),
      ...(c.potency !== null ? { potency: c.potency } : {}),
      ...(existing.notes === '' ? { notes: `plate map: well${c.wells.length > 1 ? 's' : ''} ${c.wells.join(', ')}` } : {}),
    });
  }
  const mapped = mappedClones(map, used).length;
  useMessages
    .getState()
    .push(
      'info',
      `Plate map${reading.plateMap!.path ? ` ${reading.plateMap!.path}` : ''}: ${mapped} clone${mapped === 1 ? '' : 's'} from the mapped wells${reading.unmappedWells.length ? `; not in the map: ${reading.unmappedWells.join(', ')}` : ''}.`,
    );
}

/**
 * A plate map chosen on its own. With files waiting it joins their reading (the live table);
 * otherwise it labels the open experiment's clones named by wells (B3, A01…): label, group, potency.
 */
export async function importPlateMap(file: File): Promise<void> {
  const messages = useMessages.getState();
  try {
    const map = parsePlateMap(decodeText(new Uint8Array(await file.arrayBuffer())), useImport.getState().options.plateSize);
    const problems = map.problems.map((p) => `• ${p.message}`);
    if (map.rows.length === 0) {
      messages.push('error', `${file.name}: no well could be read from this plate map.${problems.length ? `\n${problems.join('\n')}` : ''}`);
      return;
    }
    if (useImport.getState().files.length > 0) {
      useImport.getState().setPlateMap({ name: file.name, map });
      messages.push(problems.length ? 'warning' : 'info', `${file.name}: plate map of ${map.rows.length} wells, applied to the files waiting.${problems.length ? `\n${problems.join('\n')}` : ''}`);
      return;
    }
    const store = useExperiments.getState();
    if (!store.current || !store.canWrite()) {
      messages.push('error', `${file.name}: open an experiment or drop its images first; the plate map labels their wells.`);
      return;
    }
    const labelled: string[] = [];
    const notWells: string[] = [];
    for (const clone of store.clones) {
      const well = parseWell(clone.id);
      if (!well.ok || /^\d+$/.test(clone.id)) {
        notWells.push(clone.id);
        continue;
      }
      const row = plateMapRow(map, well.well);
      if (!row) continue;
      await store.editClone(clone.id, {
        ...(row.clone ? { label: row.clone } : {}),
        ...(row.group ? { group: row.group } : {}),
        ...(row.potency !== null ? { potency: row.potency } : {}),
      });
      labelled.push(row.clone ? `${clone.id} → ${row.clone}` : clone.id);
    }
    const missing = map.rows.filter((r) => !store.clones.some((c) => { const w = parseWell(c.id); return w.ok && w.well === r.well; })).map((r) => r.well);
    const notes = [...problems];
    if (missing.length) notes.push(`• wells not in this experiment (ignored): ${missing.join(', ')}`);
    if (notWells.length) notes.push(`• clones not named by a well (unchanged): ${notWells.slice(0, 20).join(', ')}`);
    messages.push(
      notes.length ? 'warning' : 'info',
      `${file.name}: plate map set ${labelled.length} clone${labelled.length === 1 ? '' : 's'}${labelled.length ? ` (${labelled.slice(0, 20).join(', ')})` : ''}.${notes.length ? `\n${notes.join('\n')}` : ''}`,
    );
  } catch (err) {
    messages.push('error', `${file.name}: ${errorText(err)}`);
  }
}
