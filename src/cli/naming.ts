/**
 * The naming options `names` and `analyze` share, and the folder listing they read: every file
 * under the folder (hidden ones and the output folder left out), with the text of small tables so
 * the core folder reader (src/core/naming/folder.ts) sees plate maps and micro.csv as the browser does.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { decodeText } from '../core/naming/biostation';
import type { FolderFile, NamingOptions } from '../core/naming/folder';
import { parsePlateMap } from '../core/naming/plateMap';
import { PATTERN_PRESETS } from '../core/naming/presets';
import { validatePattern } from '../core/naming/pattern';
import { UsageError, stringOption, type ParsedArgs } from './args';

export const NAMING_OPTIONS = ['preset', 'pattern', 'plate-map', 'channel', 'seeded-at', 'interval-h'] as const;
export const NAMING_USAGE = '[--preset ID | --pattern P] [--plate-map MAP.csv] [--channel C] [--seeded-at ISO] [--interval-h H]';

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
        const text = TABLE.test(entry.name) && statSync(full).size <= MAX_TABLE_BYTES ? decodeText(readFileSync(full)) : undefined;
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
  const presetId = preset ?? (pattern !== undefined && PATTERN_PRESETS.some((p) => p.id === pattern) ? pattern : undefined);
  if (presetId !== undefined) {
    if (presetId !== 'auto' && !PATTERN_PRESETS.some((p) => p.id === presetId))
      throw new UsageError(`--preset ${presetId}: unknown preset; use auto or one of ${PATTERN_PRESETS.map((p) => p.id).join(', ')}`);
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
    if (!(h > 0) || interval.trim() === '') throw new UsageError(`--interval-h must be a number of hours > 0, got "${interval}"`);
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
