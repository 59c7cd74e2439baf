/**
 * `profile OUT_OF_ANALYZE`: profiles rebuilt from `analyze`'s image_stats.json, without segmenting
 * again: any time window, a seeded subset of K FOVs per well, or B bootstrap resamples of the FOVs.
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { numberOption, parseArgs, stringOption } from '../args';
import { parsePotencyCsv } from '../../core/naming/potencyCsv';
import {
  buildProfiles,
  indexImageStats,
  lastTimePoint,
  parseImageStatsFile,
  profileWindow,
  profilesHeader,
  profilesRows,
  profilesToCsv,
  type FovChoice,
} from '../../core/profiles';
import { cloneMatchKey } from '../../core/naming/cloneId';

export const usage =
  'profile OUT_OF_ANALYZE [--window-end HOURS (last imaged)] [--fovs K] [--seed S (1)] [--bootstrap B] [--potency FILE.csv] [--out FILE.csv]   profiles from image_stats.json';

export async function run(args: string[]): Promise<number> {
  const parsed = parseArgs(args, [], ['window-end', 'fovs', 'seed', 'bootstrap', 'potency', 'out']);
  const input = parsed.positional[0];
  if (!input || parsed.positional.length > 1) {
    console.error(`usage: npm run cli -- ${usage}`);
    return 2;
  }
  const statsPath = existsSync(input) && statSync(input).isDirectory() ? join(input, 'image_stats.json') : input;
  if (!existsSync(statsPath)) {
    console.error(`${statsPath}: not found (run \`analyze\` first)`);
    return 1;
  }
  const windowOption = parsed.options.has('window-end') ? numberOption(parsed, 'window-end', 90) : undefined;
  const seed = numberOption(parsed, 'seed', 1);
  const k = parsed.options.has('fovs') ? numberOption(parsed, 'fovs', 0) : undefined;
  const bootstrap = parsed.options.has('bootstrap') ? numberOption(parsed, 'bootstrap', 0) : undefined;
  if (k !== undefined && !(Number.isInteger(k) && k >= 1)) return fail(`--fovs must be a whole number ≥ 1, got ${k}`);
  if (bootstrap !== undefined && !(Number.isInteger(bootstrap) && bootstrap >= 1))
    return fail(`--bootstrap must be a whole number ≥ 1, got ${bootstrap}`);
  if (k !== undefined && bootstrap !== undefined)
    return fail('--fovs and --bootstrap cannot be combined: a bootstrap resamples all FOVs of a well');
  const outPath = stringOption(parsed, 'out');
  const potencyPath = stringOption(parsed, 'potency');

  const { images, potency: stored } = parseImageStatsFile(readFileSync(statsPath, 'utf8'));
  const potency = potencyPath ? readPotency(potencyPath) : stored;
  const index = indexImageStats(images);
  const windowEndH = windowOption ?? lastTimePoint(index);

  let csv: string;
  let notes: string[];
  if (bootstrap === undefined) {
    const fovs: FovChoice = k === undefined ? { kind: 'all' } : { kind: 'subset', k, seed };
    const p = buildProfiles(index, { windowEndH, fovs });
    csv = profilesToCsv(p, potency);
    notes = p.missing;
    console.error(
      `${p.clones.length} clones × ${p.columns.length} columns, window ${p.timePointsH[0] ?? '–'}…${windowEndH} h, ` +
        (k === undefined ? 'all FOVs' : `${k} FOVs per well (seed ${seed})`),
    );
  } else {
    // Replicates are numbered from 1; replicate r draws FOVs keyed by (seed, clone, r).
    const potencyByKey = potency && new Map([...potency].map(([c, v]) => [cloneMatchKey(c), v]));
    const parts: string[] = [];
    const seen = new Set<string>();
    for (let r = 1; r <= bootstrap; r++) {
      const p = profileWindow(buildProfiles(index, { fovs: { kind: 'bootstrap', seed, replicate: r } }), windowEndH);
      if (r === 1) parts.push(profilesHeader(p, potency !== undefined, ['replicate']));
      for (const n of p.missing) seen.add(n);
      parts.push(profilesRows(p, potencyByKey, [String(r)]));
    }
    csv = parts.join('');
    notes = [...seen];
    console.error(`${bootstrap} bootstrap replicates (seed ${seed}), window …${windowEndH} h`);
  }
  for (const n of notes.slice(0, 20)) console.error(`note: ${n}`);
  if (notes.length > 20) console.error(`note: … and ${notes.length - 20} more`);
  if (outPath) {
    writeFileSync(outPath, csv);
    console.error(`→ ${outPath}`);
  } else process.stdout.write(csv);
  return 0;
}

function fail(message: string): number {
  console.error(message);
  return 2;
}

function readPotency(path: string): Map<string, number | null> {
  const table = parsePotencyCsv(readFileSync(path, 'utf8'));
  for (const p of table.problems) console.error(`${path}: ${p.message}`);
  return new Map(table.rows.map((r) => [r.clone, r.potency]));
}
