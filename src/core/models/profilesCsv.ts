/**
 * Profiles tables for the models: one row per clone, a `clone` column, numeric profile columns and
 * optionally a target column (default `potency`), as in shared/reference/profiles.csv.
 * Parsing is from text, so the same code runs in the browser, a worker and the CLI.
 */

export interface ProfilesTable {
  clones: string[];
  columns: string[];
  /** clones × columns, row-major. */
  x: Float64Array;
  /** The target per clone, or null when the table has no target column. */
  y: Float64Array | null;
}

export interface ProfilesCsvOptions {
  /** Name of the target column (default "potency"). It is not a profile column. */
  target?: string;
  /** Require the target column (default false: y = null when absent). */
  requireTarget?: boolean;
}

/** Split one CSV line; double-quoted fields may hold commas and "" for a quote. */
function splitCsvLine(line: string): string[] {
  if (!line.includes('"')) return line.split(',').map((f) => f.trim());
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(field.trim());
      field = '';
    } else field += ch;
  }
  out.push(field.trim());
  return out;
}

function parseNumber(text: string, where: string): number {
  const v = text === '' ? NaN : Number(text);
  if (!Number.isFinite(v)) throw new Error(`${where}: "${text}" is not a number`);
  return v;
}

/** Read a profiles CSV. Every profile and target cell must be a finite number. */
export function parseProfilesCsv(text: string, options: ProfilesCsvOptions = {}): ProfilesTable {
  const target = options.target ?? 'potency';
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = lines[0];
  if (header === undefined) throw new Error('profiles CSV is empty');
  const names = splitCsvLine(header.replace(/^\uFEFF/, ''));
  const cloneAt = names.indexOf('clone');
  if (cloneAt < 0) throw new Error(`profiles CSV has no "clone" column (header: ${names.slice(0, 5).join(', ')}…)`);
  const seen = new Set<string>();
  for (const nm of names) {
    if (seen.has(nm)) throw new Error(`profiles CSV has the column "${nm}" twice`);
    seen.add(nm);
  }
  const targetAt = names.indexOf(target);
  if (targetAt < 0 && options.requireTarget)
    throw new Error(`profiles CSV has no target column "${target}"; columns include ${names.slice(0, 5).join(', ')}…`);
  const profileAt: number[] = [];
  names.forEach((_, i) => {
    if (i !== cloneAt && i !== targetAt) profileAt.push(i);
  });
  if (profileAt.length === 0) throw new Error('profiles CSV has no profile columns');

  const rows = lines.slice(1);
  const n = rows.length;
  if (n === 0) throw new Error('profiles CSV has a header but no clones');
  const p = profileAt.length;
  const clones: string[] = [];
  const x = new Float64Array(n * p);
  const y = targetAt >= 0 ? new Float64Array(n) : null;
  const cloneSet = new Set<string>();
  rows.forEach((line, r) => {
    const cells = splitCsvLine(line);
    if (cells.length !== names.length)
      throw new Error(`profiles CSV line ${r + 2} has ${cells.length} cells, the header has ${names.length}`);
    const clone = cells[cloneAt]!;
    if (clone === '') throw new Error(`profiles CSV line ${r + 2} has an empty clone name`);
    if (cloneSet.has(clone)) throw new Error(`profiles CSV lists clone "${clone}" twice`);
    cloneSet.add(clone);
    clones.push(clone);
    for (let j = 0; j < p; j++) {
      const at = profileAt[j]!;
      x[r * p + j] = parseNumber(cells[at]!, `clone "${clone}", column "${names[at]}"`);
    }
    if (y) y[r] = parseNumber(cells[targetAt]!, `clone "${clone}", target "${target}"`);
  });
  return { clones, columns: profileAt.map((i) => names[i]!), x, y };
}

/**
 * Read a separate target table (`clone` and a target column, e.g. potency.csv) into a map.
 * Clones with an empty target (to be predicted) are left out.
 */
export function parseTargetCsv(text: string, target = 'potency'): Map<string, number> {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = lines[0];
  if (header === undefined) throw new Error('target CSV is empty');
  const names = splitCsvLine(header.replace(/^\uFEFF/, ''));
  const cloneAt = names.indexOf('clone');
  const targetAt = names.indexOf(target);
  if (cloneAt < 0) throw new Error('target CSV has no "clone" column');
  if (targetAt < 0) throw new Error(`target CSV has no "${target}" column (columns: ${names.join(', ')})`);
  const out = new Map<string, number>();
  lines.slice(1).forEach((line, r) => {
    const cells = splitCsvLine(line);
    const clone = cells[cloneAt] ?? '';
    const value = cells[targetAt] ?? '';
    if (clone === '') throw new Error(`target CSV line ${r + 2} has an empty clone name`);
    if (value === '') return;
    if (out.has(clone)) throw new Error(`target CSV lists clone "${clone}" twice`);
    out.set(clone, parseNumber(value, `target CSV, clone "${clone}"`));
  });
  return out;
}

/**
 * Attach targets to a table. Every clone of the table needs a target, unless `dropMissing`, which
 * keeps only the clones that have one (in table order).
 */
export function joinTargets(
  table: ProfilesTable,
  targets: ReadonlyMap<string, number>,
  dropMissing = false,
): ProfilesTable & { y: Float64Array } {
  const missing = table.clones.filter((c) => !targets.has(c));
  if (missing.length && !dropMissing) throw new Error(`no target for clone(s) ${missing.join(', ')}`);
  const keep = table.clones.map((c, i) => (targets.has(c) ? i : -1)).filter((i) => i >= 0);
  const p = table.columns.length;
  const x = new Float64Array(keep.length * p);
  keep.forEach((i, r) => x.set(table.x.subarray(i * p, (i + 1) * p), r * p));
  const clones = keep.map((i) => table.clones[i]!);
  return { clones, columns: table.columns, x, y: Float64Array.from(clones, (c) => targets.get(c)!) };
}

/** Keep the named columns, in the given order; error naming any that are missing. */
export function selectColumns(table: ProfilesTable, columns: readonly string[]): ProfilesTable {
  const at = new Map(table.columns.map((c, j) => [c, j] as const));
  const missing = columns.filter((c) => !at.has(c));
  if (missing.length)
    throw new Error(
      `profiles lack column(s) ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ` and ${missing.length - 5} more` : ''}`,
    );
  const n = table.clones.length;
  const p0 = table.columns.length;
  const idx = columns.map((c) => at.get(c)!);
  const x = new Float64Array(n * idx.length);
  for (let i = 0; i < n; i++) for (let j = 0; j < idx.length; j++) x[i * idx.length + j] = table.x[i * p0 + idx[j]!]!;
  return { clones: table.clones, columns: [...columns], x, y: table.y };
}
