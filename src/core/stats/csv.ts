/**
 * A small reader for numeric CSV tables with one header row (per-cell descriptors, profiles).
 * Fields may be double-quoted (with "" for a quote); commas inside quotes are kept.
 * Empty cells, NA and NaN read as NaN; any other non-number is an error naming row and column.
 */

export interface NumericTable {
  header: string[];
  /** Data rows as text, each as long as the header. */
  rows: string[][];
  /** The named column as numbers; throws, listing the columns, when there is no such column. */
  column(name: string): Float64Array;
  hasColumn(name: string): boolean;
}

function splitLine(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      fields.push(field);
      field = '';
    } else field += c;
  }
  fields.push(field);
  return fields.map((f) => f.trim());
}

const MISSING = new Set(['', 'NA', 'NaN', 'nan']);

export function readNumericCsv(text: string): NumericTable {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const firstLine = lines.findIndex((l) => l.trim() !== '');
  if (firstLine < 0) throw new Error('CSV is empty: expected a header row');
  const header = splitLine(lines[firstLine]!);
  const rows: string[][] = [];
  for (let i = firstLine + 1; i < lines.length; i++) {
    if (lines[i]!.trim() === '') continue;
    const fields = splitLine(lines[i]!);
    if (fields.length !== header.length) {
      throw new Error(`CSV line ${i + 1} has ${fields.length} fields but the header has ${header.length}`);
    }
    rows.push(fields);
  }
  const indexOf = (name: string) => header.indexOf(name);
  return {
    header,
    rows,
    hasColumn: (name) => indexOf(name) >= 0,
    column(name) {
      const k = indexOf(name);
      if (k < 0) throw new Error(`column '${name}' not found; columns are: ${header.join(', ')}`);
      const out = new Float64Array(rows.length);
      rows.forEach((row, r) => {
        const text = row[k]!;
        const v = MISSING.has(text) ? NaN : Number(text);
        if (Number.isNaN(v) && !MISSING.has(text)) {
          throw new Error(`column '${name}', data row ${r + 1}: '${text}' is not a number`);
        }
        out[r] = v;
      });
      return out;
    },
  };
}
