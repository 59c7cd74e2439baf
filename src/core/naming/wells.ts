/**
 * Wells of a multi-well plate as imagers write them: `A1`, `A01`, `B-03`, `r02c03` (Harmony's row 2,
 * column 3) or a well index counted row by row with the plate size (`37` on a 96-well plate = D1).
 * Every form becomes one canonical name, the row letter(s) and the column without zeros: `B3`.
 */

/** Plate sizes with their rows × columns. */
export const PLATE_LAYOUTS: Readonly<Record<number, { rows: number; columns: number }>> = {
  6: { rows: 2, columns: 3 },
  12: { rows: 3, columns: 4 },
  24: { rows: 4, columns: 6 },
  48: { rows: 6, columns: 8 },
  96: { rows: 8, columns: 12 },
  384: { rows: 16, columns: 24 },
  1536: { rows: 32, columns: 48 },
};

/** What a `{well}` token may look like in a name (case is ignored). */
export const WELL_REGEX = 'r\\d{1,3}c\\d{1,3}|[a-z]{1,2}-?\\d{1,3}|\\d{1,4}';

/** Row letters of a 1-based row: 1 → A, 26 → Z, 27 → AA (1536-well plates have 32 rows). */
export function rowLetters(row: number): string {
  return row <= 26 ? String.fromCharCode(64 + row) : `A${String.fromCharCode(64 + row - 26)}`;
}

function rowNumber(letters: string): number {
  const up = letters.toUpperCase();
  return up.length === 1 ? up.charCodeAt(0) - 64 : 26 + up.charCodeAt(1) - 64;
}

export type WellReading = { ok: true; well: string; row: number; column: number } | { ok: false; reason: string };

/** The canonical well of a text, or why it is not one. A bare index needs `plateSize`. */
export function parseWell(text: string, plateSize?: number): WellReading {
  const t = text.trim();
  const fail = (reason: string): WellReading => ({ ok: false, reason });
  let row: number;
  let column: number;
  const rc = /^r(\d{1,3})c(\d{1,3})$/i.exec(t);
  const letter = /^([a-z]{1,2})-?(\d{1,3})$/i.exec(t);
  if (rc) {
    row = Number(rc[1]);
    column = Number(rc[2]);
  } else if (letter) {
    row = rowNumber(letter[1]!);
    column = Number(letter[2]);
  } else if (/^\d{1,4}$/.test(t)) {
    const layout = plateSize === undefined ? undefined : PLATE_LAYOUTS[plateSize];
    if (!layout)
      return fail(
        plateSize === undefined
          ? `well '${t}' is a number: give the plate size (96, 384…) to turn it into a row and column`
          : `plate size ${plateSize} is not one of ${Object.keys(PLATE_LAYOUTS).join(', ')}`,
      );
    const index = Number(t);
    if (index < 1 || index > plateSize!)
      return fail(`well index ${t} is outside a ${plateSize}-well plate (1–${plateSize})`);
    row = Math.floor((index - 1) / layout.columns) + 1;
    column = ((index - 1) % layout.columns) + 1;
  } else return fail(`'${t}' is not a well (like A1, B03, r02c03)`);
  if (row < 1 || column < 1) return fail(`'${t}' is not a well: rows and columns start at 1`);
  if (row > 32 || column > 48) return fail(`'${t}' is outside the largest plate (1536 wells, rows A–AF, columns 1–48)`);
  return { ok: true, well: `${rowLetters(row)}${column}`, row, column };
}

/** Wells in plate order (row by row), for tables. */
export function compareWells(a: string, b: string): number {
  const pa = parseWell(a);
  const pb = parseWell(b);
  if (pa.ok && pb.ok) return pa.row - pb.row || pa.column - pb.column;
  return a < b ? -1 : a > b ? 1 : 0;
}
