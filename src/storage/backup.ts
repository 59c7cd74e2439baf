/**
 * Back-up and restore of one whole experiment as a single file (`.pwexp`): newline-delimited
 * JSON, so both directions stream one image at a time and a paper-scale experiment never has to be
 * one string in memory. Line 1 is a header (format, version, experiment, clones, analyses, runs);
 * every further line is one image with its original bytes, thumbnail and measurement (binary
 * fields as base64). A restore always makes a NEW experiment, so nothing stored is overwritten.
 */
import { addImages, createExperiment, putAnalysis, putClones, putMeasurement } from './repository';
import { SCHEMA_VERSION, imageId, type AnalysisRecord, type CloneRecord, type ExperimentRecord, type ImageRecord, type MeasurementRecord, type WorkbenchDb } from './schema';

export const BACKUP_FORMAT = 'potency-workbench-experiment';
export const BACKUP_VERSION = 1;

interface Header {
  format: typeof BACKUP_FORMAT;
  version: number;
  schemaVersion: number;
  exportedAt: string;
  experiment: ExperimentRecord;
  clones: CloneRecord[];
  analyses: AnalysisRecord[];
  images: number;
}

interface ImageLine {
  image: ImageRecord;
  bytes: string | null;
  thumbnail: { width: number; height: number; pixels: string } | null;
  measurement: (Omit<MeasurementRecord, 'values'> & { values: string }) | null;
}

function toBase64(buffer: ArrayBuffer): string {
  const bytes = new Uint8Array(buffer);
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

function fromBase64(text: string): ArrayBuffer {
  const s = atob(text);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out.buffer;
}

/** The experiment as Blob parts (one per image), ready for `new Blob(parts)`. */
export async function exportExperiment(db: WorkbenchDb, experimentId: string, onProgress?: (done: number, total: number) => void): Promise<BlobPart[]> {
  const experiment = await db.get('experiments', experimentId);
  if (!experiment) throw new Error(`No experiment with id ${experimentId}`);
  const [clones, images, analyses] = await Promise.all([
    db.getAllFromIndex('clones', 'byExperiment', experimentId),
    db.getAllFromIndex('images', 'byExperiment', experimentId),
    db.getAllFromIndex('analyses', 'byExperiment', experimentId),
  ]);
  const header: Header = { format: BACKUP_FORMAT, version: BACKUP_VERSION, schemaVersion: SCHEMA_VERSION, exportedAt: new Date().toISOString(), experiment, clones, analyses, images: images.length };
  const parts: BlobPart[] = [JSON.stringify(header) + '\n'];
  let done = 0;
  for (const image of images) {
    const [bytes, thumb, m] = await Promise.all([db.get('imageBytes', image.id), db.get('thumbnails', image.id), db.get('measurements', image.id)]);
    const line: ImageLine = {
      image,
      bytes: bytes ? toBase64(bytes.bytes) : null,
      thumbnail: thumb ? { width: thumb.width, height: thumb.height, pixels: toBase64(thumb.pixels) } : null,
      measurement: m ? { ...m, values: toBase64(m.values) } : null,
    };
    parts.push(new Blob([JSON.stringify(line) + '\n']));
    onProgress?.(++done, images.length);
  }
  return parts;
}

/** Lines of a text stream, decoded incrementally. */
async function* lines(stream: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const reader = stream.pipeThrough(new TextDecoderStream() as unknown as TransformStream<Uint8Array, string>).getReader();
  let rest = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    rest += value;
    let at: number;
    while ((at = rest.indexOf('\n')) >= 0) {
      yield rest.slice(0, at);
      rest = rest.slice(at + 1);
    }
  }
  if (rest.trim()) yield rest;
}

/** Restores a back-up as a new experiment; returns its id. `fileName` names the file in errors. */
export async function importExperiment(db: WorkbenchDb, stream: ReadableStream<Uint8Array>, fileName: string, onProgress?: (done: number, total: number) => void): Promise<string> {
  const it = lines(stream);
  const first = await it.next();
  let header: Header;
  try {
    header = JSON.parse(first.value ?? '') as Header;
  } catch {
    throw new Error(`${fileName}: not a Potency Workbench experiment back-up (the first line is not JSON)`);
  }
  if (header.format !== BACKUP_FORMAT) throw new Error(`${fileName}: not a Potency Workbench experiment back-up`);
  if (header.version > BACKUP_VERSION) throw new Error(`${fileName}: back-up format version ${header.version} is newer than this app reads (${BACKUP_VERSION}); update the app`);
  const old = header.experiment;
  const created = await createExperiment(db, {
    name: `${old.name} (restored)`,
    pattern: old.pattern,
    isDemo: old.isDemo,
    demo: old.demo ?? null,
    segmentationParams: old.segmentationParams,
  });
  const id = created.id;
  await putClones(db, id, header.clones.map((c) => ({ id: c.id, label: c.label, group: c.group, potency: c.potency, notes: c.notes })));
  let done = 0;
  let lineNo = 1;
  for await (const text of it) {
    lineNo++;
    if (!text.trim()) continue;
    let line: ImageLine;
    try {
      line = JSON.parse(text) as ImageLine;
    } catch {
      throw new Error(`${fileName}: line ${lineNo} is damaged (not JSON); the ${done} images before it were restored`);
    }
    const { id: _old, experimentId: _exp, addedAt: _added, ...meta } = line.image;
    await addImages(db, id, [
      {
        meta,
        bytes: line.bytes ? fromBase64(line.bytes) : null,
        ...(line.thumbnail ? { thumbnail: { width: line.thumbnail.width, height: line.thumbnail.height, pixels: fromBase64(line.thumbnail.pixels) } } : {}),
      },
    ]);
    if (line.measurement) await putMeasurement(db, { ...line.measurement, id: imageId(id, meta), experimentId: id, values: fromBase64(line.measurement.values) });
    onProgress?.(++done, header.images);
  }
  for (const a of header.analyses) await putAnalysis(db, { ...a, id: `${id}|${a.kind}`, experimentId: id, inputKey: a.inputKey.split(old.id).join(id) });
  return id;
}
