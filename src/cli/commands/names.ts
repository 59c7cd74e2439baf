/**
 * `names DIR`: how the workbench reads a folder's file names — the preset ("auto": the one reading
 * the most files), and for every file its plate, well, clone, time, field, channel and z plane, or
 * why it is skipped. The same reader (src/core/naming/folder.ts) fills the browser's import table.
 * `--json` prints {preset, files: [{path, ok, plate, well, clone, time_h, fov, channel, z, reason}],
 * summary: {clones, time_points, fovs, skipped}}.
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from '../args';
import { readFolder, type FolderReading } from '../../core/naming/folder';
import { PATTERN_PRESETS } from '../../core/naming/presets';
import { NAMING_OPTIONS, NAMING_USAGE, listFolder, namingOptions } from '../naming';

export const usage = `names DIR ${NAMING_USAGE} [--json]   how the file names under DIR are read (clone, well, time, FOV, channel, z) and why files are skipped`;

export async function run(args: string[]): Promise<number> {
  const parsed = parseArgs(args, ['json'], [...NAMING_OPTIONS]);
  const dir = parsed.positional[0];
  if (!dir || parsed.positional.length > 1) {
    console.error(`usage: npm run cli -- ${usage}`);
    return 2;
  }
  const root = resolve(dir);
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    console.error(`${dir}: not a folder`);
    return 1;
  }
  const options = namingOptions(parsed);
  const reading = readFolder(listFolder(root), options);
  for (const p of reading.problems) console.error(`names: ${p}`);
  if (reading.problems.length > 0) return 2;
  if (parsed.options.has('json')) {
    console.log(JSON.stringify(toJson(reading), null, 2));
    return 0;
  }
  console.log(describePreset(reading));
  for (const n of reading.notes) console.log(`note: ${n}`);
  if (reading.channels.length > 0)
    console.log(`channels: ${reading.channels.join(', ')} (keeping ${reading.keptChannel})`);
  if (reading.zPlanes.length > 1) console.log(`z planes: ${reading.zPlanes.join(', ')} (keeping ${reading.keptZ})`);
  console.log('');
  console.log(table(reading));
  const s = reading.summary;
  console.log(
    `\n${reading.files.filter((f) => f.ok).length} of ${reading.files.length} files used: ${s.clones} clone${s.clones === 1 ? '' : 's'} × ${s.time_points} time point${s.time_points === 1 ? '' : 's'} × ${s.fovs} FOV${s.fovs === 1 ? '' : 's'}; ${s.skipped} skipped`,
  );
  return 0;
}

/** The JSON the issue names, exactly: {preset, files, summary}. */
export function toJson(reading: FolderReading) {
  return {
    preset: reading.presetId,
    files: reading.files.map((f) => ({
      path: f.path,
      ok: f.ok,
      plate: f.plate,
      well: f.well,
      clone: f.clone,
      time_h: f.timeH,
      fov: f.fov,
      channel: f.channel,
      z: f.z,
      reason: f.reason,
    })),
    summary: reading.summary,
  };
}

export function describePreset(reading: FolderReading): string {
  if (reading.presetId === 'custom') return `pattern: ${reading.patterns[0]}`;
  const preset = PATTERN_PRESETS.find((p) => p.id === reading.presetId)!;
  const how = reading.auto
    ? reading.ranking.length > 0
      ? ` (auto: reads ${reading.ranking[0]!.read} of ${reading.ranking[0]!.of} image files${
          reading.ranking.length > 1
            ? `; next ${reading.ranking
                .slice(1, 3)
                .map((r) => `${r.presetId} ${r.read} of ${r.of}`)
                .join(', ')}`
            : ''
        })`
      : ' (auto: no preset reads these names)'
    : '';
  return `preset: ${preset.id} — ${preset.label}${how}`;
}

function table(reading: FolderReading): string {
  const head = ['file', 'plate', 'well', 'clone', 'time_h', 'fov', 'channel', 'z', 'status'];
  const rows = reading.files.map((f) => [
    f.path,
    f.plate ?? '',
    f.well ?? '',
    f.clone ?? '',
    f.timeH === null ? '' : String(f.timeH),
    f.fov === null ? '' : String(f.fov),
    f.channel ?? '',
    f.z === null ? '' : String(f.z),
    f.ok ? 'ok' : f.role === 'plate-map' || f.role === 'metadata' ? `read: ${f.reason}` : `skipped: ${f.reason}`,
  ]);
  const widths = head.map((h, i) => Math.min(48, Math.max(h.length, ...rows.map((r) => r[i]!.length))));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  return [line(head), ...rows.map(line)].join('\n');
}
