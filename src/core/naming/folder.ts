/**
 * Reading a dropped folder (or a CLI folder): which preset names it, what each file is — clone,
 * well, plate, time, field, channel, z plane — and, for every file not used, why. One
 * implementation for the browser's import table and the CLI's `names` and `analyze` (docs/import.md).
 *
 * Steps: metadata tables (plate map, BioStation micro.csv) are recognised; the preset is the one
 * given or, for "auto", the one reading the most files; each name is read; wells are made canonical
 * and mapped to clones by the plate map; times become hours after seeding; one channel and one z
 * plane are kept (the others are listed as skipped); replicate wells of a clone get consecutive
 * fields; files landing on the same clone/time/field are named.
 */
import { normaliseCloneId } from './cloneId';
import { looksLikeMicroCsv, parseMicroCsv, type MicroRow } from './biostation';
import { fieldHours, imageExtension, matchName, nameFits, normalisePath, roundHours, type NameFields } from './pattern';
import { looksLikePlateMap, parsePlateMap, plateMapRow, type PlateMap } from './plateMap';
import { PATTERN_PRESETS, type PatternPreset, type SkipRule } from './presets';
import { formatWallClock, parseWallClock } from './timeText';
import { parseWell } from './wells';

/** A file of the folder; `text` is given for tables (.csv, .tsv, .txt) so metadata can be read. */
export interface FolderFile {
  path: string;
  text?: string;
}

export interface NamingOptions {
  /** A preset id, or 'auto' (the default): the preset reading the most files. */
  preset?: string;
  /** A pattern of one's own; wins over `preset`. */
  pattern?: string;
  /** The channel to keep, by name or number; default the phase-contrast one, else the first. */
  channel?: string;
  /** The z plane to keep; default the lowest. */
  z?: number;
  /** Seeding time (ISO, on the imager's clock) for wall-clock times. */
  seededAt?: string;
  /** Hours between time points, for time-point numbers. */
  intervalH?: number;
  /** Wells per plate, for wells written as an index. */
  plateSize?: number;
  /** Clone of files whose names have neither clone nor well. */
  defaultClone?: string;
  /** Field of files whose names have none; 1 by default. */
  defaultFov?: number;
  /** Hours per unit of {time}; 1 by default. */
  timeScaleH?: number;
  /** A plate map given separately; else one dropped with the images is used. */
  plateMap?: PlateMap | null;
  /** Wells the plate map does not list: kept under their well name (default) or left out. */
  unmappedWells?: 'keep' | 'leave-out';
}

export type FileRole = 'image' | 'plate-map' | 'metadata' | 'other';

export interface NamedFile {
  path: string;
  /** Used as an image of the experiment. */
  ok: boolean;
  plate: string | null;
  well: string | null;
  clone: string | null;
  timeH: number | null;
  fov: number | null;
  channel: string | null;
  z: number | null;
  /** Why the file is not used (or what a metadata file was read as); null when ok. */
  reason: string | null;
  /** The name was read; the file may still be skipped (other channel or plane, same address). */
  nameRead: boolean;
  role: FileRole;
  /** Lower case, without the dot; null for a path without one. */
  ext: string | null;
  /** Stage position in µm, when the layout states it (BioStation micro.csv). */
  positionUm?: { x: number; y: number };
  /** µm per pixel, for the pixel-size reader to fill (read from the file, not the name). */
  pixelSizeUm?: number;
}

export interface PresetScore {
  presetId: string;
  /** Image files the preset reads (or skips on purpose, as thumbnails) … */
  read: number;
  /** … of this many: all image files, or the sample a large folder is ranked on. */
  of: number;
}

/** Folders with more image files than this are ranked on an even sample of this many names. */
export const AUTO_SAMPLE = 2000;

export interface FolderReading {
  /** The preset used; 'custom' for a pattern of one's own. */
  presetId: string;
  /** True when the preset was chosen by "auto". */
  auto: boolean;
  /** The patterns used (empty for a metadata-table preset). */
  patterns: string[];
  /** For "auto": every preset that read at least one file, best first. */
  ranking: PresetScore[];
  files: NamedFile[];
  /** Channels the names carry, in natural order, and the one kept. */
  channels: string[];
  keptChannel: string | null;
  zPlanes: number[];
  keptZ: number | null;
  plateMap: { path: string | null; map: PlateMap } | null;
  /** Wells imaged but not in the plate map. */
  unmappedWells: string[];
  /** The seeding time used for wall-clock names (ms on the naive clock), and how it was chosen. */
  seededAtMs: number | null;
  notes: string[];
  /** Options that cannot be used (an unknown preset or channel, a seeding time that is not a date). */
  problems: string[];
  summary: { clones: number; time_points: number; fovs: number; skipped: number };
}

/** Tiles stamped less than this apart belong to one scan (BioStation CT). */
export const SCAN_GAP_MS = 15 * 60 * 1000;
const PHASE = /^(phase( ?contrast)?|ph|phc|pc|ph\d)$/i;
const TABLE = /\.(csv|tsv|txt)$/i;
const GLOBAL_SKIP: readonly SkipRule[] = [
  { test: /^\._/, reason: 'macOS resource file (._name), not an image' },
  { test: /_thumb/i, reason: 'thumbnail (the imager’s small preview), not an image to analyse' },
];

const natural = new Intl.Collator('en', { numeric: true, sensitivity: 'base' }).compare;

function fileNameOf(path: string): string {
  const p = normalisePath(path);
  return p.slice(p.lastIndexOf('/') + 1);
}
function folderOf(path: string): string {
  const p = normalisePath(path);
  return p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '';
}

/** A channel asked for by name or number: `Phase`, `phase`, `1` for `01`, `w1` or `ch1`. */
export function sameChannel(asked: string, channel: string): boolean {
  if (asked.trim().toLowerCase() === channel.toLowerCase()) return true;
  const number = (t: string) => /^[a-z]*0*(\d+)$/i.exec(t.trim())?.[1];
  const a = number(asked);
  return a !== undefined && a === number(channel);
}

/** The channel kept by default: the one named like phase contrast, else the first. */
export function defaultChannel(channels: readonly string[]): string | null {
  return channels.find((c) => PHASE.test(c)) ?? channels[0] ?? null;
}

interface Reader {
  preset: PatternPreset | null;
  patterns: string[];
  skip: readonly SkipRule[];
}

function readerOf(preset: PatternPreset): Reader {
  return { preset, patterns: [...preset.patterns], skip: [...GLOBAL_SKIP, ...(preset.skip ?? [])] };
}

type Read = { ok: true; fields: NameFields; micro?: MicroRow } | { ok: false; reason: string; skipped?: boolean };

/** The micro.csv tables of the folder, by folder. */
function microTables(tables: readonly FolderFile[]): Map<string, Map<string, MicroRow>> {
  const byFolder = new Map<string, Map<string, MicroRow>>();
  for (const t of tables) {
    const rows = new Map<string, MicroRow>();
    for (const r of parseMicroCsv(t.text ?? '').rows) rows.set(r.fileName.toLowerCase(), r);
    byFolder.set(folderOf(t.path), rows);
  }
  return byFolder;
}

function readName(path: string, reader: Reader, timeScaleH: number, micro: Map<string, Map<string, MicroRow>>): Read {
  const name = fileNameOf(path);
  const image = imageExtension(path);
  if (!image.ok) return image;
  for (const rule of reader.skip) if (rule.test.test(name)) return { ok: false, reason: rule.reason, skipped: true };
  if (reader.preset?.metadata === 'biostation-micro-csv') {
    const table = micro.get(folderOf(path));
    if (!table) return { ok: false, reason: 'no micro.csv in this folder (BioStation CT tiles are named by it)' };
    const row = table.get(name.toLowerCase());
    if (!row) return { ok: false, reason: `not listed in ${folderOf(path) ? `${folderOf(path)}/` : ''}micro.csv` };
    const fields: NameFields = { ext: image.ext, wallClockMs: row.timeMs };
    if (row.channel) fields.channel = row.channel;
    const folder = folderOf(path);
    const wellText = row.well ?? folder.slice(folder.lastIndexOf('/') + 1);
    if (parseWell(wellText).ok && !/^\d+$/.test(wellText)) fields.well = wellText;
    else if (folder) fields.plate = folder.slice(folder.lastIndexOf('/') + 1);
    return { ok: true, fields, micro: row };
  }
  let first: string | null = null;
  for (const pattern of reader.patterns) {
    const m = matchName(path, pattern, timeScaleH);
    if (m.ok) return m;
    first ??= m.reason;
  }
  return { ok: false, reason: first ?? 'no pattern' };
}

function countRead(paths: readonly string[], reader: Reader, micro: Map<string, Map<string, MicroRow>>): number {
  if (reader.preset?.metadata) return paths.filter((p) => readName(p, reader, 1, micro).ok).length;
  return paths.filter((p) => {
    const name = fileNameOf(p);
    return reader.skip.some((rule) => rule.test.test(name))
      ? imageExtension(p).ok
      : reader.patterns.some((pattern) => nameFits(p, pattern));
  }).length;
}

/** Reads a folder with the given or the best preset. Never throws on bad input: problems and reasons say what is wrong. */
export function readFolder(input: readonly FolderFile[], options: NamingOptions = {}): FolderReading {
  const problems: string[] = [];
  const notes: string[] = [];
  const files: NamedFile[] = input.map((f) => ({
    path: f.path,
    ok: false,
    plate: null,
    well: null,
    clone: null,
    timeH: null,
    fov: null,
    channel: null,
    z: null,
    reason: null,
    nameRead: false,
    role: 'image',
    ext: null,
  }));

  // Metadata tables.
  const microFiles: FolderFile[] = [];
  let dropped: { path: string; map: PlateMap } | null = null;
  input.forEach((f, i) => {
    if (!TABLE.test(f.path) || f.text === undefined) return;
    const file = files[i]!;
    file.ext = f.path.slice(f.path.lastIndexOf('.') + 1).toLowerCase();
    if (/^micro\.csv$/i.test(fileNameOf(f.path)) || looksLikeMicroCsv(f.text)) {
      const table = parseMicroCsv(f.text);
      file.role = 'metadata';
      file.reason = `BioStation CT metadata: ${table.rows.length} tile${table.rows.length === 1 ? '' : 's'}${table.problems.length ? `; ${table.problems.map((p) => p.message).join('; ')}` : ''}`;
      microFiles.push(f);
    } else if (looksLikePlateMap(f.text)) {
      const map = parsePlateMap(f.text, options.plateSize);
      file.role = 'plate-map';
      file.reason = `plate map: ${map.rows.length} well${map.rows.length === 1 ? '' : 's'}${map.problems.length ? `; ${map.problems.map((p) => p.message).join('; ')}` : ''}`;
      if (dropped === null) dropped = { path: f.path, map };
      else file.reason += ` (not used: ${dropped.path} is the plate map)`;
    } else {
      file.role = 'other';
      file.reason = 'a table that is neither a plate map (well,clone,group,potency) nor BioStation’s micro.csv';
    }
  });
  const micro = microTables(microFiles);
  const plateMap = options.plateMap ? { path: null, map: options.plateMap } : dropped;
  const imagePaths = files.filter((f) => f.role === 'image').map((f) => f.path);

  // The preset.
  let reader: Reader;
  let presetId: string;
  let auto = false;
  let ranking: PresetScore[] = [];
  if (options.pattern !== undefined && options.pattern.trim() !== '') {
    reader = { preset: null, patterns: [options.pattern], skip: GLOBAL_SKIP };
    presetId = 'custom';
  } else if (options.preset !== undefined && options.preset !== 'auto') {
    const preset = PATTERN_PRESETS.find((p) => p.id === options.preset);
    if (!preset)
      problems.push(
        `unknown preset '${options.preset}': use auto or one of ${PATTERN_PRESETS.map((p) => p.id).join(', ')}`,
      );
    reader = readerOf(preset ?? PATTERN_PRESETS[0]!);
    presetId = preset?.id ?? PATTERN_PRESETS[0]!.id;
  } else {
    auto = true;
    // A large folder is ranked on an even sample of its names (the live table re-reads on every
    // change); the chosen preset's count is then made exact from the full reading below.
    const sample =
      imagePaths.length <= AUTO_SAMPLE
        ? imagePaths
        : Array.from({ length: AUTO_SAMPLE }, (_, i) => imagePaths[Math.floor((i * imagePaths.length) / AUTO_SAMPLE)]!);
    ranking = PATTERN_PRESETS.map((p) => ({
      presetId: p.id,
      read: countRead(sample, readerOf(p), micro),
      of: sample.length,
    }))
      .filter((s) => s.read > 0)
      .sort((a, b) => b.read - a.read); // stable: ties keep the presets' order
    const best = PATTERN_PRESETS.find((p) => p.id === ranking[0]?.presetId) ?? PATTERN_PRESETS[0]!;
    reader = readerOf(best);
    presetId = best.id;
  }

  // Names.
  const timeScaleH = options.timeScaleH ?? 1;
  const reads = new Map<NamedFile, Extract<Read, { ok: true }>>();
  for (const file of files) {
    if (file.role !== 'image') continue;
    const r = readName(file.path, reader, timeScaleH, micro);
    const ext = imageExtension(file.path);
    file.ext = ext.ok ? ext.ext : (/\.([^./]+)$/.exec(file.path)?.[1]?.toLowerCase() ?? null);
    if (!r.ok) {
      file.reason = r.reason;
      continue;
    }
    file.nameRead = true;
    reads.set(file, r);
    const f = r.fields;
    if (f.plate !== undefined) file.plate = f.plate;
    if (f.channel !== undefined) file.channel = f.channel;
    if (f.z !== undefined) file.z = f.z;
    if (r.micro) file.positionUm = { x: r.micro.xUm, y: r.micro.yUm };
    file.fov = f.fov ?? options.defaultFov ?? 1;
    if (f.well !== undefined) {
      const well = parseWell(f.well, options.plateSize);
      if (well.ok) file.well = well.well;
      else file.reason = well.reason;
    }
  }

  if (auto && ranking[0] && ranking[0].of < imagePaths.length)
    ranking[0] = {
      presetId,
      read: files.filter((f) => f.nameRead || (f.reason !== null && reader.skip.some((r) => r.reason === f.reason)))
        .length,
      of: imagePaths.length,
    };

  // Times.
  let seededAtMs: number | null = null;
  if (options.seededAt !== undefined && options.seededAt.trim() !== '') {
    const ms = parseWallClock(options.seededAt);
    if (Number.isFinite(ms)) seededAtMs = ms;
    else problems.push(`seeding time '${options.seededAt}' is not a date and time (write it like 2023-01-04T09:00)`);
  }
  const clocks = [...reads.values()].flatMap((r) => (r.fields.wallClockMs === undefined ? [] : [r.fields.wallClockMs]));
  if (clocks.length > 0 && seededAtMs === null) {
    seededAtMs = Math.min(...clocks);
    notes.push(
      `no seeding time given: hours are counted from the first image (${formatWallClock(seededAtMs)}); give the seeding time to count from it`,
    );
  }
  // BioStation stamps every tile; the tiles of one scan (gaps under 15 min) share the scan's first time.
  if (reader.preset?.metadata === 'biostation-micro-csv') {
    const stamps = [...new Set(clocks)].sort((a, b) => a - b);
    const scanOf = new Map<number, number>();
    let start = stamps[0]!;
    stamps.forEach((t, i) => {
      if (i > 0 && t - stamps[i - 1]! > SCAN_GAP_MS) start = t;
      scanOf.set(t, start);
    });
    for (const r of reads.values())
      if (r.fields.wallClockMs !== undefined) r.fields.wallClockMs = scanOf.get(r.fields.wallClockMs)!;
  }
  const hourOptions = {
    ...(options.intervalH !== undefined ? { intervalH: options.intervalH } : {}),
    ...(seededAtMs !== null ? { seededAtMs } : {}),
  };
  for (const [file, r] of reads) {
    const hours = fieldHours(r.fields, hourOptions);
    if (typeof hours === 'string') file.reason ??= hours;
    else file.timeH = hours;
  }

  // BioStation: one field per stage position within a well (or folder), in order of first appearance.
  if (reader.preset?.metadata === 'biostation-micro-csv') {
    const positions = new Map<string, string[]>();
    for (const file of reads.keys()) {
      if (!file.positionUm) continue;
      const group = file.well ?? file.plate ?? '';
      const key = `${Math.round(file.positionUm.x)},${Math.round(file.positionUm.y)}`;
      const list = positions.get(group) ?? [];
      if (!list.includes(key)) list.push(key);
      positions.set(group, list);
      file.fov = list.indexOf(key) + 1;
    }
  }

  // Channel and z plane.
  const channels = [...new Set([...reads.keys()].flatMap((f) => (f.channel === null ? [] : [f.channel])))].sort(
    natural,
  );
  let keptChannel = defaultChannel(channels);
  if (options.channel !== undefined && options.channel !== '') {
    const asked = channels.find((c) => sameChannel(options.channel!, c));
    if (asked !== undefined) keptChannel = asked;
    else if (channels.length > 0)
      problems.push(`channel '${options.channel}' is not in these files: they have ${channels.join(', ')}`);
    else problems.push(`channel '${options.channel}' was asked for, but the names carry no channel`);
  }
  const zPlanes = [...new Set([...reads.keys()].flatMap((f) => (f.z === null ? [] : [f.z])))].sort((a, b) => a - b);
  let keptZ = zPlanes[0] ?? null;
  if (options.z !== undefined) {
    if (zPlanes.includes(options.z)) keptZ = options.z;
    else if (zPlanes.length > 0)
      problems.push(`z plane ${options.z} is not in these files: they have ${zPlanes.join(', ')}`);
  }
  for (const file of reads.keys()) {
    if (file.reason !== null) continue;
    if (file.channel !== null && keptChannel !== null && file.channel !== keptChannel)
      file.reason = `other channel (${file.channel}; keeping ${keptChannel})`;
    else if (file.z !== null && keptZ !== null && file.z !== keptZ)
      file.reason = `other z plane (${file.z}; keeping ${keptZ})`;
  }

  // Clones.
  const unmapped = new Set<string>();
  for (const [file, r] of reads) {
    if (file.well !== null) {
      const row = plateMap ? plateMapRow(plateMap.map, file.well, file.plate) : undefined;
      if (plateMap && !row) {
        unmapped.add(file.well);
        if (options.unmappedWells === 'leave-out') {
          file.reason ??= `well ${file.well} is not in the plate map (left out)`;
          continue;
        }
      }
      file.clone = row?.clone ?? file.well;
    } else {
      const text = r.fields.clone ?? options.defaultClone ?? file.plate ?? undefined;
      if (text !== undefined && text.trim() !== '') file.clone = normaliseCloneId(text);
      else file.reason ??= 'the pattern has no {clone}: give the clone these files belong to';
    }
  }
  const unmappedWells = [...unmapped].sort((a, b) => {
    const pa = parseWell(a);
    const pb = parseWell(b);
    return pa.ok && pb.ok ? pa.row - pb.row || pa.column - pb.column : natural(a, b);
  });
  if (plateMap && unmappedWells.length > 0)
    notes.push(
      `${unmappedWells.length} well${unmappedWells.length === 1 ? ' is' : 's are'} not in the plate map (${unmappedWells.join(', ')}): ${options.unmappedWells === 'leave-out' ? 'left out' : 'kept under the well name'}`,
    );

  // Replicate wells of one clone: the second well's fields follow the first's.
  const candidates = files.filter((f) => f.nameRead && f.reason === null);
  const wellsOfClone = new Map<string, Map<string, number>>();
  for (const f of candidates) {
    if (f.well === null || f.clone === null) continue;
    const wells = wellsOfClone.get(f.clone) ?? new Map<string, number>();
    wells.set(`${f.plate ?? ''}|${f.well}`, Math.max(wells.get(`${f.plate ?? ''}|${f.well}`) ?? 0, f.fov ?? 1));
    wellsOfClone.set(f.clone, wells);
  }
  for (const [clone, wells] of wellsOfClone) {
    if (wells.size < 2) continue;
    const order = [...wells.keys()].sort(natural);
    const offset = new Map<string, number>();
    let sum = 0;
    for (const key of order) {
      offset.set(key, sum);
      sum += wells.get(key)!;
    }
    notes.push(
      `${clone} is in ${wells.size} wells (${order.map((k) => k.split('|')[1]).join(', ')}): their fields are numbered one after another`,
    );
    for (const f of candidates)
      if (f.clone === clone && f.well !== null) f.fov = (f.fov ?? 1) + offset.get(`${f.plate ?? ''}|${f.well}`)!;
  }

  // Same clone, time and field.
  const first = new Map<string, NamedFile>();
  for (const f of candidates) {
    const key = `${f.clone}|${f.timeH}|${f.fov}`;
    const earlier = first.get(key);
    if (earlier)
      f.reason = `same clone, time and FOV (${f.clone}, ${roundHours(f.timeH!)} h, FOV ${f.fov}) as ${earlier.path}`;
    else {
      first.set(key, f);
      f.ok = true;
    }
  }

  const used = files.filter((f) => f.ok);
  return {
    presetId,
    auto,
    patterns: reader.patterns,
    ranking,
    files,
    channels,
    keptChannel: channels.length > 0 ? keptChannel : null,
    zPlanes,
    keptZ,
    plateMap,
    unmappedWells,
    seededAtMs,
    notes,
    problems,
    summary: {
      clones: new Set(used.map((f) => f.clone)).size,
      time_points: new Set(used.map((f) => f.timeH)).size,
      fovs: new Set(used.map((f) => f.fov)).size,
      skipped: files.filter((f) => !f.ok && f.role !== 'plate-map' && f.role !== 'metadata').length,
    },
  };
}

/** Files that landed on an address another file already had (the import table's "collided" badge). */
export function isCollision(file: NamedFile): boolean {
  return file.nameRead && !file.ok && file.reason !== null && file.reason.startsWith('same clone, time and FOV');
}
