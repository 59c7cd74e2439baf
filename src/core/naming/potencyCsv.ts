/**
 * The table of known serial-passage potencies a user pastes or drops: `clone,potency` per line.
 * Spreadsheets write it in many dialects (comma, semicolon or tab; quotes; a byte-order mark;
 * Windows line ends; decimal commas), so reading is lenient and every line it cannot use is reported
 * with its number. A blank potency means "to be predicted" and is not a problem.
 */
import { cloneMatchKey, normaliseCloneId } from './cloneId';

export interface PotencyRow {
  clone: string;
  /** null = unknown, to be predicted. */
  potency: number | null;
  /** 1-based line in the text, for messages. */
  line: number;
}

export interface PotencyProblem {
  line: number;
  message: string;
}

export interface PotencyTable {
  rows: PotencyRow[];
  problems: PotencyProblem[];
}

export type Delimiter = ',' | ';' | '\t';

/** Tab or semicolon when the first line has one (both imply a comma may be a decimal mark), else comma. */
export function detectDelimiter(text: string): Delimiter {
  const firstLine = text.split(/\r\n|\n|\r/).find((l) => l.trim() !== '') ?? '';
  const unquoted = firstLine.replace(/"[^"]*"/g, '');
  if (unquoted.includes('\t')) return '\t';
  if (unquoted.includes(';')) return ';';
  return ',';
}

/** RFC 4180 records with the line each starts on; quoted fields may hold delimiters, quotes ("") and line breaks. */
export function readRecords(text: string, delimiter: Delimiter): { line: number; cells: string[] }[] {
  const records: { line: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let cell = '';
  let inQuotes = false;
  let line = 1;
  let recordLine = 1;
  const endRecord = () => {
    cells.push(cell);
    records.push({ line: recordLine, cells });
    cells = [];
    cell = '';
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (inQuotes) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') inQuotes = false;
      else {
        if (ch === '\n' || (ch === '\r' && text[i + 1] !== '\n')) line++;
        cell += ch;
      }
    } else if (ch === '"' && cell.trim() === '') {
      cell = '';
      inQuotes = true;
    } else if (ch === delimiter) {
      cells.push(cell);
      cell = '';
    } else if (ch === '\r' || ch === '\n') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
      recordLine = line;
    } else cell += ch;
  }
  if (cell !== '' || cells.length > 0) endRecord();
  return records;
}

const MISSING = /^(na|n\/a|nan|-|\?)$/i;
const CLONE_HEADER = /^(clone|well|id|sample|name)s?([ _]?id)?$/i;
const POTENCY_HEADER = /potency|passage|spl|limit/i;

/** A number as spreadsheets write it; with ; or tab as delimiter a decimal comma is read too. NaN otherwise. */
export function readNumber(text: string, delimiter: Delimiter): number {
  const t = delimiter === ',' ? text : text.replace(',', '.');
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t)) return Number.NaN;
  return Number(t);
}

/** Reads a potency table. Extra columns are ignored; with a header, the clone and potency columns are found by name. */
export function parsePotencyCsv(text: string): PotencyTable {
  const body = text.replace(/^\uFEFF/, '');
  const delimiter = detectDelimiter(body);
  const records = readRecords(body, delimiter).filter((r) => r.cells.some((c) => c.trim() !== ''));
  const rows: PotencyRow[] = [];
  const problems: PotencyProblem[] = [];

  let cloneColumn = 0;
  let potencyColumn = 1;
  const first = records[0];
  if (first) {
    const cells = first.cells.map((c) => c.trim());
    // A header is recognised by its words, so a first data row with a typo is reported, not dropped.
    const looksLikeHeader =
      cells.some((c) => CLONE_HEADER.test(c)) ||
      cells.some((c) => POTENCY_HEADER.test(c) && Number.isNaN(readNumber(c, delimiter)));
    if (looksLikeHeader) {
      records.shift();
      const c = cells.findIndex((h) => CLONE_HEADER.test(h) || /clone|well/i.test(h));
      const p = cells.findIndex((h) => POTENCY_HEADER.test(h));
      if (c >= 0) cloneColumn = c;
      if (p >= 0) potencyColumn = p;
      else if (cloneColumn === 1) potencyColumn = 0;
    }
  }

  const seen = new Map<string, number>();
  for (const { line, cells } of records) {
    const cloneText = (cells[cloneColumn] ?? '').trim();
    const potencyText = (cells[potencyColumn] ?? '').trim();
    if (cloneText === '') {
      problems.push({
        line,
        message: `line ${line}: no clone id (potency '${potencyText}')`,
      });
      continue;
    }
    const clone = normaliseCloneId(cloneText);
    const earlier = seen.get(cloneMatchKey(clone));
    if (earlier !== undefined) {
      problems.push({
        line,
        message: `line ${line}: ${clone} was already given on line ${earlier}; this line is ignored`,
      });
      continue;
    }
    seen.set(cloneMatchKey(clone), line);
    if (potencyText === '' || MISSING.test(potencyText)) {
      rows.push({ clone, potency: null, line });
      continue;
    }
    const potency = readNumber(potencyText, delimiter);
    if (Number.isNaN(potency)) {
      problems.push({
        line,
        message: `line ${line}: potency '${potencyText}' for ${clone} is not a number`,
      });
      continue;
    }
    if (potency < 0) {
      problems.push({
        line,
        message: `line ${line}: potency ${potencyText} for ${clone} is negative`,
      });
      continue;
    }
    rows.push({ clone, potency, line });
  }
  return { rows, problems };
}

export interface PotencyMatch {
  /** Rows whose clone is in the experiment, under the experiment's own id. */
  assigned: { clone: string; potency: number | null }[];
  /** Clone ids in the table that the experiment does not have, as written in the table. */
  unknown: string[];
  /** Experiment clones the table does not mention (they keep their current potency). */
  unlisted: string[];
}

/** Matches table rows to the experiment's clones, ignoring case and leading zeros (`Clone7` = `clone07`). */
export function matchPotencies(
  rows: readonly PotencyRow[],
  knownCloneIds: readonly string[],
): PotencyMatch {
  const known = new Map<string, string>();
  for (const id of knownCloneIds) {
    const key = cloneMatchKey(id);
    if (!known.has(key)) known.set(key, id);
  }
  const assigned: PotencyMatch['assigned'] = [];
  const unknown: string[] = [];
  const listed = new Set<string>();
  for (const row of rows) {
    const id = knownCloneIds.includes(row.clone) ? row.clone : known.get(cloneMatchKey(row.clone));
    if (id === undefined) unknown.push(row.clone);
    else {
      assigned.push({ clone: id, potency: row.potency });
      listed.add(id);
    }
  }
  return {
    assigned,
    unknown,
    unlisted: knownCloneIds.filter((id) => !listed.has(id)),
  };
}
