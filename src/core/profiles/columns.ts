/**
 * Names of profile columns (shared/DESIGN.md §6, shared/reference/README.md §2):
 * `<descriptor>_<mean|sd>_<hours>h`, hours outermost, then descriptor in DESCRIPTORS order, then mean
 * before sd. A time window 6…t h is then a prefix of the full column list, 24 columns per time point.
 */
import { DESCRIPTORS, TIME_POINTS_H, formatHours, type Descriptor } from '../experiment';

export type ProfileStat = 'mean' | 'sd';

export interface ProfileColumn {
  descriptor: Descriptor;
  stat: ProfileStat;
  hours: number;
}

/** Columns per time point: 12 descriptors × (mean, sd). */
export const COLUMNS_PER_TIME_POINT = DESCRIPTORS.length * 2;

export function profileColumnName(descriptor: Descriptor, stat: ProfileStat, hours: number): string {
  return `${descriptor}_${stat}_${formatHours(hours)}h`;
}

/** All column names for these time points, in the reference order. */
export function profileColumns(timePointsH: readonly number[] = TIME_POINTS_H): string[] {
  const names: string[] = [];
  for (const h of timePointsH)
    for (const d of DESCRIPTORS) {
      names.push(profileColumnName(d, 'mean', h));
      names.push(profileColumnName(d, 'sd', h));
    }
  return names;
}

const COLUMN_RE = new RegExp(`^(${DESCRIPTORS.join('|')})_(mean|sd)_(\\d+(?:\\.\\d+)?)h$`);

/** Descriptor, statistic and hours of a column name, or null when it is not a profile column. */
export function parseProfileColumn(name: string): ProfileColumn | null {
  const m = COLUMN_RE.exec(name);
  if (!m) return null;
  return { descriptor: m[1] as Descriptor, stat: m[2] as ProfileStat, hours: Number(m[3]) };
}
