/**
 * The numbers in docs/import.md: every vendor layout of src/testing/namingLayouts.ts built in a temp
 * dir and read by the folder reader with "auto" (as `names DIR` would), with files read and skipped
 * by reason; the ../shared time-lapse under its NIS-Elements names; and the time the reader takes on
 * a paper-scale listing (96 wells × 15 time points × 10 fields × 2 channels, names only).
 *   npx tsx scripts/naming-layouts.ts
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listFolder } from '../src/cli/naming';
import { readFolder, type FolderReading } from '../src/core/naming/folder';
import { rowLetters } from '../src/core/naming/wells';
import { LAYOUTS, writeLayout } from '../src/testing/namingLayouts';
import { sharedPath } from '../src/testing/shared';

const root = mkdtempSync(join(tmpdir(), 'naming-bench-'));
const KINDS = ['other channel', 'other z plane', 'thumbnail', 'not in the plate map', 'not listed in', 'not an image'];

function skippedByKind(r: FolderReading): string {
  const counts = new Map<string, number>();
  for (const f of r.files) {
    if (f.ok || f.role === 'plate-map' || f.role === 'metadata') continue;
    const kind = KINDS.find((k) => f.reason!.includes(k)) ?? (f.nameRead ? f.reason! : 'name not read');
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  return [...counts].map(([k, n]) => `${n} ${k}`).join(', ') || '—';
}

function row(name: string, r: FolderReading): string {
  const used = r.files.filter((f) => f.ok).length;
  const tables = r.files.filter((f) => f.role === 'plate-map' || f.role === 'metadata').length;
  const s = r.summary;
  return `| ${name} | ${r.presetId} | ${r.files.length} | ${used} | ${tables} | ${s.skipped} (${skippedByKind(r)}) | ${s.clones} × ${s.time_points} × ${s.fovs} | ${r.keptChannel ?? '—'} |`;
}

try {
  console.log(
    '| layout | auto preset | files | used | tables read | skipped (why) | clones × times × FOVs | channel kept |',
  );
  console.log('|---|---|---|---|---|---|---|---|');
  for (const [name, layout] of Object.entries(LAYOUTS)) {
    const dir = join(root, name);
    writeLayout(dir, layout.files);
    console.log(row(name, readFolder(listFolder(dir), layout.options ?? {})));
  }
  const src = sharedPath('data', 'phase-contrast', 'timelapse');
  if (existsSync(src)) {
    const dir = join(root, 'nis-shared');
    mkdirSync(dir);
    for (const f of readdirSync(src)) {
      const m = /^t(\d+)(_labels)?\.(tif|png)$/.exec(f);
      if (m) copyFileSync(join(src, f), join(dir, `20180101ef002xy01t${m[1]}${m[2] ?? ''}.${m[3]}`));
    }
    console.log(
      row(
        '../shared time-lapse as 20180101ef002xy01tNN.tif (interval 0.17 h)',
        readFolder(listFolder(dir), { intervalH: 0.17 }),
      ),
    );
  } else console.log('(../shared not found: the time-lapse row is left out)');

  // Paper scale, names only: what the live import table recomputes when an option changes.
  const paths: { path: string }[] = [];
  for (let w = 0; w < 96; w++)
    for (let t = 0; t < 15; t++)
      for (let f = 1; f <= 10; f++)
        for (const c of ['Phase', 'Green']) {
          const h = 6 + 6 * t;
          paths.push({
            path: `VID1_${c}_${rowLetters(Math.floor(w / 12) + 1)}${(w % 12) + 1}_${f}_${String(Math.floor(h / 24)).padStart(2, '0')}d${String(h % 24).padStart(2, '0')}h00m.tif`,
          });
        }
  const runs: number[] = [];
  let last: FolderReading | null = null;
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    last = readFolder(paths);
    runs.push(performance.now() - t0);
  }
  runs.sort((a, b) => a - b);
  console.log(
    `\npaper-scale listing: ${paths.length} names, auto → ${last!.presetId}, ${last!.files.filter((f) => f.ok).length} used; readFolder median ${runs[2]!.toFixed(0)} ms (min ${runs[0]!.toFixed(0)}, max ${runs[4]!.toFixed(0)}) over 5 runs`,
  );
} finally {
  rmSync(root, { recursive: true, force: true });
}
