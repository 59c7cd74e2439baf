/** Profiles and per-cell rows as CSV text, the files the CLI writes and the browser exports. */
import { formatG10 } from '../descriptors/csv';
import { PHYSICAL_COLUMNS, PHYSICAL_DESCRIPTORS, toPhysicalFactor } from '../descriptors/units';
import { DESCRIPTORS } from '../experiment';
import { cloneMatchKey } from '../naming/cloneId';
import type { Profiles } from './build';

/** `%.10g`, but an undefined value is an empty cell (R and pandas read it as missing). */
function cell(v: number): string {
  return Number.isNaN(v) ? '' : formatG10(v);
}

/**
 * `clone,<columns>[,potency]`, one row per clone. Potencies are matched leniently (clone7 = clone07);
 * a clone without a known potency gets an empty cell. `prefix` adds leading columns to every row
 * (e.g. `replicate`).
 */
export function profilesToCsv(
  profile: Profiles,
  potency?: Map<string, number | null>,
  prefix?: { names: string[]; values: string[] },
): string {
  const potencyByKey = potency ? new Map([...potency].map(([k, v]) => [cloneMatchKey(k), v])) : undefined;
  return (
    profilesHeader(profile, potency !== undefined, prefix?.names) + profilesRows(profile, potencyByKey, prefix?.values)
  );
}

/** The header line of `profilesToCsv`, with its newline. */
export function profilesHeader(profile: Profiles, withPotency: boolean, prefixNames: string[] = []): string {
  return [...prefixNames, 'clone', ...profile.columns, ...(withPotency ? ['potency'] : [])].join(',') + '\n';
}

/** The data lines of `profilesToCsv` (potency keys already passed through cloneMatchKey). */
export function profilesRows(
  profile: Profiles,
  potencyByKey?: Map<string, number | null>,
  prefixValues: string[] = [],
): string {
  const m = profile.columns.length;
  const lines: string[] = [];
  profile.clones.forEach((clone, c) => {
    const row = [...prefixValues, clone];
    for (let j = 0; j < m; j++) row.push(cell(profile.values[c * m + j]!));
    if (potencyByKey) {
      const p = potencyByKey.get(cloneMatchKey(clone));
      row.push(p === undefined || p === null ? '' : formatG10(p));
    }
    lines.push(row.join(','));
  });
  return lines.length ? lines.join('\n') + '\n' : '';
}

/** Header of the tidy per-cell table, with its newline. */
export const CELL_ROWS_HEADER = ['clone', 'time_h', 'fov', 'label', ...DESCRIPTORS].join(',') + '\n';

/**
 * The header when the pixel size is known: the 12 descriptors in pixels as before, then the
 * lengths in µm and the area in µm² (area_um2, perimeter_um, length_um, breadth_um) and um_per_px.
 */
export const CELL_ROWS_UM_HEADER = CELL_ROWS_HEADER.replace('\n', `,${PHYSICAL_COLUMNS.join(',')},um_per_px\n`);

/**
 * One image's cells as tidy rows `clone,time_h,fov,label,<12 descriptors>` (no header, each line
 * ending in a newline), so that many images can be streamed into one file after CELL_ROWS_HEADER.
 * Undefined values are `NaN`, as in the reference per-cell tables.
 */
export function cellRowsCsv(
  clone: string,
  timeH: number,
  fov: number,
  labelIds: ArrayLike<number>,
  values: ArrayLike<number>,
  /** With a pixel size, the rows carry the CELL_ROWS_UM_HEADER columns. */
  umPerPx?: number,
): string {
  const k = DESCRIPTORS.length;
  if (values.length !== labelIds.length * k)
    throw new RangeError(`${values.length} values for ${labelIds.length} cells of ${k} descriptors`);
  const lead = `${clone},${formatG10(timeH)},${fov},`;
  const physical = umPerPx === undefined ? [] : PHYSICAL_DESCRIPTORS.map((d) => [DESCRIPTORS.indexOf(d), toPhysicalFactor(d, umPerPx)] as const);
  const tail = umPerPx === undefined ? '' : ',' + formatG10(umPerPx);
  let out = '';
  for (let r = 0; r < labelIds.length; r++) {
    let line = lead + String(labelIds[r]!);
    for (let d = 0; d < k; d++) line += ',' + formatG10(values[r * k + d]!);
    for (const [d, f] of physical) line += ',' + formatG10(values[r * k + d]! * f);
    out += line + tail + '\n';
  }
  return out;
}
