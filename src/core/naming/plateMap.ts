/**
 * The plate map a lab keeps beside its images: `well,clone,group,potency` per line (docs/import.md).
 * Only `well` is required; a blank clone keeps the well's name, group is REC or bulk, a blank
 * potency is "to be predicted". A `plate` column, when there, restricts a row to that plate.
 * Read with the same lenient CSV rules as the potency table (potencyCsv.ts): every line that cannot
 * be used is reported with its number.
 */
import type { CloneGroup } from '../experiment';
import { normaliseCloneId } from './cloneId';
import { detectDelimiter, readNumber, readRecords } from './potencyCsv';
import { compareWells, parseWell } from './wells';

export interface PlateMapRow {
  /** Canonical well (B3). */
  well: string;
  plate: string | null;
  /** The clone label; null = keep the well's name. */
  clone: string | null;
  group: CloneGroup | null;
  potency: number | null;
  line: number;
}

export interface PlateMap {
  rows: PlateMapRow[];
  problems: { line: number; message: string }[];
}

const MISSING = /^(na|n\/a|nan|-|\?)$/i;

/** True when the first line of a CSV names a well column: a plate map rather than another table. */
export function looksLikePlateMap(text: string): boolean {
  const body = text.replace(/^\uFEFF/, '');
  const first = readRecords(body, detectDelimiter(body))[0];
  return !!first && first.cells.some((c) => /^\s*well\s*$/i.test(c));
}

/** Reads a plate map; a table without a `well` column is one problem, on line 1. */
export function parsePlateMap(text: string, plateSize?: number): PlateMap {
  const body = text.replace(/^\uFEFF/, '');
  const delimiter = detectDelimiter(body);
  const records = readRecords(body, delimiter).filter((r) => r.cells.some((c) => c.trim() !== ''));
  const rows: PlateMapRow[] = [];
  const problems: PlateMap['problems'] = [];
  const header = records.shift();
  const names = (header?.cells ?? []).map((c) => c.trim().toLowerCase());
  const column = (re: RegExp) => names.findIndex((n) => re.test(n));
  const wellColumn = column(/^well$/);
  if (wellColumn < 0) {
    problems.push({
      line: 1,
      message: `line 1: a plate map needs a header with a 'well' column (well,clone,group,potency); found '${(header?.cells ?? []).join(',')}'`,
    });
    return { rows, problems };
  }
  const cloneColumn = column(/^(clone|clone[ _]?(id|label)|label|sample)$/);
  const groupColumn = column(/^(group|type|kind)$/);
  const potencyColumn = column(/potency|passage|spl/);
  const plateColumn = column(/^plate$/);
  const seen = new Map<string, number>();
  for (const { line, cells } of records) {
    const cell = (i: number) => (i < 0 ? '' : (cells[i] ?? '').trim());
    const wellText = cell(wellColumn);
    const well = parseWell(wellText, plateSize);
    if (!well.ok) {
      problems.push({ line, message: `line ${line}: ${wellText === '' ? 'no well' : well.reason}` });
      continue;
    }
    const plate = cell(plateColumn) || null;
    const key = `${plate ?? ''}|${well.well}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      problems.push({
        line,
        message: `line ${line}: well ${well.well} was already given on line ${earlier}; this line is ignored`,
      });
      continue;
    }
    const groupText = cell(groupColumn);
    let group: CloneGroup | null = null;
    if (/^rec$/i.test(groupText)) group = 'REC';
    else if (/^bulk$/i.test(groupText)) group = 'bulk';
    else if (groupText !== '') {
      problems.push({
        line,
        message: `line ${line}: group '${groupText}' for ${well.well} is neither REC nor bulk; this line is ignored`,
      });
      continue;
    }
    const potencyText = cell(potencyColumn);
    let potency: number | null = null;
    if (potencyText !== '' && !MISSING.test(potencyText)) {
      potency = readNumber(potencyText, delimiter);
      if (Number.isNaN(potency) || potency < 0) {
        problems.push({
          line,
          message: `line ${line}: potency '${potencyText}' for ${well.well} is not a number ≥ 0; this line is ignored`,
        });
        continue;
      }
    }
    const cloneText = cell(cloneColumn);
    seen.set(key, line);
    rows.push({
      well: well.well,
      plate,
      clone: cloneText === '' ? null : normaliseCloneId(cloneText),
      group,
      potency,
      line,
    });
  }
  rows.sort((a, b) => compareWells(a.well, b.well));
  return { rows, problems };
}

/** The row for a well (and plate, when the map has plates), or undefined. */
export function plateMapRow(map: PlateMap, well: string, plate?: string | null): PlateMapRow | undefined {
  return (
    map.rows.find(
      (r) => r.well === well && r.plate !== null && plate != null && r.plate.toLowerCase() === plate.toLowerCase(),
    ) ?? map.rows.find((r) => r.well === well && r.plate === null)
  );
}

/** What a plate map sets on a clone: its label, group and potency, with the wells it came from. */
export interface MappedClone {
  clone: string;
  wells: string[];
  group: CloneGroup | null;
  potency: number | null;
}

/** The clones a plate map makes of the wells that were imaged (replicate wells of one clone merge). */
export function mappedClones(map: PlateMap, wells: readonly { well: string; plate: string | null }[]): MappedClone[] {
  const byClone = new Map<string, MappedClone>();
  for (const { well, plate } of wells) {
    const row = plateMapRow(map, well, plate);
    if (!row) continue;
    const clone = row.clone ?? well;
    const entry = byClone.get(clone) ?? { clone, wells: [], group: row.group, potency: row.potency };
    if (!entry.wells.includes(well)) entry.wells.push(well);
    byClone.set(clone, entry);
  }
  return [...byClone.values()];
}
