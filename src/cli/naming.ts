/**
 * The naming options `names` and `analyze` share, and the folder listing they read: every file
 * under the folder (hidden ones and the output folder left out), with the text of small tables so
 * the core folder reader (src/core/naming/folder.ts) sees plate maps and micro.csv as the browser does.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { decodeText } from '../core/naming/biostation';
import { readFolder, type FolderFile, type NamingOptions } from '../core/naming/folder';
import { parsePlateMap, plateMapRow } from '../core/naming/plateMap';
import { PATTERN_PRESETS } from '../core/naming/presets';
import { IMAGE_EXTENSIONS, imageExtension, validatePattern } from '../core/naming/pattern';
import { UsageError, stringOption, type ParsedArgs } from './args';

export const NAMING_OPTIONS = ['preset', 'pattern', 'plate-map', 'channel', 'seeded-at', 'interval-h'] as const;
export const NAMING_USAGE =
  '[--preset ID | --pattern P] [--plate-map MAP.csv] [--channel C] [--seeded-at ISO] [--interval-h H]';

const TABLE = /\.(csv|tsv|txt)$/i;
const MAX_TABLE_BYTES = 5_000_000;

/** Files under `root`, relative with `/`, in natural order; tables carry their text. */
export function listFolder(root: string, exclude?: string): FolderFile[] {
  const found: FolderFile[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const full = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (full !== exclude) walk(full);
      } else if (entry.isFile()) {
        const path = relative(root, full).split(sep).join('/');
        const text =
          TABLE.test(entry.name) && statSync(full).size <= MAX_TABLE_BYTES ? decodeText(readFileSync(full)) : undefined;
        found.push(text === undefined ? { path } : { path, text });
      }
    }
  };
  walk(root);
  const natural = new Intl.Collator('en', { numeric: true }).compare;
  return found.sort((a, b) => natural(a.path, b.path));
}

/**
 * NamingOptions from the command line. `--pattern` may also name a preset (as `analyze` always
 * allowed); `--preset` and `--pattern` together, a bad pattern, a bad number or an unreadable plate map
 * are usage errors naming the option.
 */
export function namingOptions(parsed: ParsedArgs): NamingOptions {
  const options: NamingOptions = {};
  const preset = stringOption(parsed, 'preset');
  const pattern = stringOption(parsed, 'pattern');
  if (preset !== undefined && pattern !== undefined) throw new UsageError('give --preset or --pattern, not both');
  const presetId =
    preset ?? (pattern !== undefined && PATTERN_PRESETS.some((p) => p.id === pattern) ? pattern : undefined);
  if (presetId !== undefined) {
    if (presetId !== 'auto' && !PATTERN_PRESETS.some((p) => p.id === presetId))
      throw new UsageError(
        `--preset ${presetId}: unknown preset; use auto or one of ${PATTERN_PRESETS.map((p) => p.id).join(', ')}`,
      );
    options.preset = presetId;
  } else if (pattern !== undefined) {
    const problem = validatePattern(pattern);
    if (problem) throw new UsageError(`--pattern ${pattern}: ${problem}`);
    options.pattern = pattern;
  }
  const channel = stringOption(parsed, 'channel');
  if (channel !== undefined) options.channel = channel;
  const seededAt = stringOption(parsed, 'seeded-at');
  if (seededAt !== undefined) options.seededAt = seededAt;
  const interval = stringOption(parsed, 'interval-h');
  if (interval !== undefined) {
    const h = Number(interval);
    if (!(h > 0) || interval.trim() === '')
      throw new UsageError(`--interval-h must be a number of hours > 0, got "${interval}"`);
    options.intervalH = h;
  }
  const mapPath = stringOption(parsed, 'plate-map');
  if (mapPath !== undefined) {
    let text: string;
    try {
      text = decodeText(readFileSync(mapPath));
    } catch (err) {
      throw new UsageError(`--plate-map ${mapPath}: ${err instanceof Error ? err.message : String(err)}`);
    }
    const map = parsePlateMap(text);
    for (const p of map.problems) console.error(`${mapPath}: ${p.message}`);
    if (map.rows.length === 0) throw new UsageError(`--plate-map ${mapPath}: no well could be read`);
    options.plateMap = map;
  }
  return options;
}

export interface NamedImage {
  /** Path relative to the folder, with `/`. */
  file: string;
  clone: string;
  timeH: number;
  fov: number;
}

export interface NamedFolder {
  /** The pattern(s) used, for provenance: one pattern, `a | b` for a preset of several, or the metadata table. */
  pattern: string;
  images: NamedImage[];
  /** Image files found. */
  imageFiles: number;
  /** Image files not used, each already printed on stderr as `<file>: <reason>`. */
  problems: number;
  /** Potencies the plate map gives the clones it names. */
  potency: Map<string, number | null> | undefined;
}

/**
 * `analyze`'s reading of DIR: the images to analyse, through the same folder reader as `names` and
 * the browser. Prints the preset chosen and every image file not used with its reason; returns an
 * exit code when nothing can be analysed.
 */
export function readNamedImages(
  dir: string,
  root: string,
  exclude: string,
  options: NamingOptions,
): NamedFolder | number {
  const listing = listFolder(root, exclude);
  const isImage = (path: string) => imageExtension(path).ok;
  const imageFiles = listing.filter((f) => isImage(f.path));
  if (imageFiles.length === 0) {
    console.error(`${dir}: no image files (${IMAGE_EXTENSIONS.join(', ')}) found`);
    return 1;
  }
  const reading = readFolder(listing, options);
  for (const p of reading.problems) console.error(`analyze: ${p}`);
  if (reading.problems.length > 0) return 2;
  const preset = PATTERN_PRESETS.find((p) => p.id === reading.presetId);
  const pattern = preset?.metadata ? 'micro.csv (BioStation CT)' : reading.patterns.join(' | ');
  if (reading.auto) {
    const best = reading.ranking[0];
    if (!best || !preset) {
      console.error(
        `no naming pattern reads these files (e.g. ${imageFiles[0]!.path}); give one with --pattern, e.g. ` +
          PATTERN_PRESETS.filter((p) => p.pattern)
            .map((p) => `"${p.pattern}"`)
            .join(', '),
      );
      return 2;
    }
    if (preset.needsDefaults) {
      console.error(`the files look like "${preset.label}", which needs the clone given separately; use --pattern`);
      return 2;
    }
    console.error(
      `pattern: ${pattern} (preset "${preset.id}", reads ${best.read} of ${imageFiles.length} image files)`,
    );
  } else console.error(`pattern: ${pattern}${preset ? ` (preset "${preset.id}")` : ''}`);
  for (const n of reading.notes) console.error(`note: ${n}`);
  if (reading.channels.length > 1)
    console.error(`channels: ${reading.channels.join(', ')} (keeping ${reading.keptChannel}; --channel to choose)`);
  for (const f of reading.files) if (f.role === 'plate-map') console.error(`${f.path}: ${f.reason}`);
  let problems = 0;
  const images: NamedImage[] = [];
  for (const f of reading.files) {
    if (!isImage(f.path)) continue;
    if (f.ok) images.push({ file: f.path, clone: f.clone!, timeH: f.timeH!, fov: f.fov! });
    else {
      problems++;
      console.error(`${f.path}: ${f.reason}${f.nameRead ? '; skipped' : ''}`);
    }
  }
  if (images.length === 0) {
    console.error(`${dir}: none of the ${imageFiles.length} image files could be read with pattern ${pattern}`);
    return 1;
  }
  let potency: Map<string, number | null> | undefined;
  if (reading.plateMap) {
    potency = new Map();
    for (const f of reading.files) {
      if (!f.ok || f.well === null) continue;
      const row = plateMapRow(reading.plateMap.map, f.well, f.plate);
      if (row && row.potency !== null) potency.set(f.clone!, row.potency);
    }
  }
  return { pattern, images, imageFiles: imageFiles.length, problems, potency };
}
