/**
 * The text of `analyze`'s table files from its per-image records: `image_stats.json`,
 * `profiles.csv` (all FOVs, 6 h … the last time point imaged) and `qc.csv`. One function, used by
 * `analyze` and by `merge`, so a merged sharded analysis is the unsharded one byte for byte.
 */
import { formatHours } from '../experiment';
import { buildProfiles, indexImageStats, lastTimePoint, type Profiles } from './build';
import { profilesToCsv } from './csv';
import { imageStatsFileText, type ImageStatsRecord } from './imageStatsFile';

export interface AnalysisFiles {
  imageStats: string;
  profilesCsv: string;
  qcCsv: string;
  profiles: Profiles;
}

/** `records` in address order (clone, time, FOV), as `analyze` keeps them. */
export function analysisFiles(
  records: ImageStatsRecord[],
  provenance: Record<string, unknown>,
  potency?: Map<string, number | null>,
): AnalysisFiles {
  const index = indexImageStats(
    records.map((r) => ({
      clone: r.clone,
      timeH: r.timeH,
      fov: r.fov,
      stats: { n: Float64Array.from(r.n), mean: Float64Array.from(r.mean), m2: Float64Array.from(r.m2) },
    })),
  );
  // The full window ends at the last time point imaged, so a short experiment has no empty columns.
  const profiles = buildProfiles(index, { windowEndH: lastTimePoint(index) });
  return {
    imageStats: imageStatsFileText(records, provenance, potency),
    profilesCsv: profilesToCsv(profiles, potency),
    qcCsv: qcCsv(records),
    profiles,
  };
}

export function qcCsv(records: ImageStatsRecord[]): string {
  let out = 'clone,time_h,fov,file,cells\n';
  for (const r of records) out += `${r.clone},${r.timeH},${r.fov},${csvText(r.file)},${r.cellCount}\n`;
  return out;
}

function csvText(s: string): string {
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** `clone07_t030h_f12.csv`, the image's per-cell table in OUT/cells/; hours that are not whole keep their decimals (`t036.5h`). */
export function cellFileName(im: { clone: string; timeH: number; fov: number }): string {
  const h = Number.isInteger(im.timeH) ? formatHours(im.timeH) : String(im.timeH).padStart(5, '0');
  return `${im.clone}_t${h}h_f${String(im.fov).padStart(2, '0')}.csv`;
}
