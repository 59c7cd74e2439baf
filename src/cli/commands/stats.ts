/**
 * `stats kde|pca|ttest …`: the app's statistics on CSV files, printed as JSON, so they can be
 * checked against R (shared/reference/kde.json, pca.json, ttest.json). `statsReport(args)` does the
 * work and returns the object; `run` prints it.
 */
import { readFileSync } from 'node:fs';
import { kdeExact, kdeR42, pca, readNumericCsv, tTest, type NumericTable } from '../../core/stats/index.ts';
import { numberOption, parseArgs, stringOption, UsageError, type ParsedArgs } from '../args.ts';

export const usage = [
  'stats kde FILE.csv --column C [--log10] [--min-area A] [--n 512] [--method exact|r]',
  '        Gaussian KDE (bw.nrd0); --method r reproduces R 4.2 density(); prints {bw, x, y}',
  '  stats pca PROFILES.csv [--components 3]',
  '        prcomp(scale.=TRUE) of every column but clone/potency; prints sdev, rotation, scores',
  '  stats ttest A.csv B.csv --column C [--log10] [--min-area A] [--equal-var]',
  '        two-sided t-test (Welch unless --equal-var); prints {t, df, p}',
].join('\n');

const FLAGS = ['log10', 'equal-var'];

export { UsageError };

function readTable(path: string): NumericTable {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new Error(`${path}: cannot read the file (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  try {
    return readNumericCsv(text);
  } catch (err) {
    throw new Error(`${path}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** The --column values of a file, after the optional area filter and log10, without NaNs. */
function loadValues(path: string, parsed: ParsedArgs): Float64Array {
  const column = stringOption(parsed, 'column');
  if (!column) throw new UsageError('--column is required');
  const table = readTable(path);
  let values = table.column(column);
  const minArea = stringOption(parsed, 'min-area');
  if (minArea !== undefined) {
    const threshold = numberOption(parsed, 'min-area', 0);
    // The paper keeps cells with area > 200 px; the filter is on area whatever column is analysed.
    const area = table.column('area');
    values = values.filter((_, i) => area[i]! > threshold);
  }
  if (parsed.options.has('log10')) values = values.map(Math.log10);
  values = values.filter((v) => Number.isFinite(v));
  if (values.length < 2) throw new Error(`${path}: fewer than 2 usable values in column '${column}'`);
  return values;
}

function kdeReport(parsed: ParsedArgs) {
  const [, file, ...extra] = parsed.positional;
  if (!file || extra.length > 0) throw new UsageError('stats kde needs exactly one FILE.csv');
  const method = stringOption(parsed, 'method') ?? 'exact';
  if (method !== 'exact' && method !== 'r') throw new UsageError(`--method must be exact or r, got "${method}"`);
  const n = numberOption(parsed, 'n', 512);
  const values = loadValues(file, parsed);
  const kde = (method === 'r' ? kdeR42 : kdeExact)(values, { n });
  return { method, n_values: values.length, bw: kde.bw, x: Array.from(kde.x), y: Array.from(kde.y) };
}

function pcaReport(parsed: ParsedArgs) {
  const [, file, ...extra] = parsed.positional;
  if (!file || extra.length > 0) throw new UsageError('stats pca needs exactly one PROFILES.csv');
  const table = readTable(file);
  const columns = table.header.filter((h) => h !== 'clone' && h !== 'potency');
  const clones = table.hasColumn('clone')
    ? table.rows.map((row) => row[table.header.indexOf('clone')]!)
    : table.rows.map((_, r) => `row${r + 1}`);
  const nRows = table.rows.length;
  const nCols = columns.length;
  const matrix = new Float64Array(nRows * nCols);
  columns.forEach((name, j) => table.column(name).forEach((v, r) => (matrix[r * nCols + j] = v)));
  const model = pca(matrix, nRows, nCols);
  const k = model.nComponents;
  const shown = Math.min(k, numberOption(parsed, 'components', 3));
  const rotation: Record<string, Record<string, number>> = {};
  const scores: Record<string, Record<string, number>> = {};
  for (let pc = 0; pc < shown; pc++) {
    const name = `PC${pc + 1}`;
    rotation[name] = Object.fromEntries(columns.map((c, j) => [c, model.rotation[j * k + pc]!]));
    scores[name] = Object.fromEntries(clones.map((c, r) => [c, model.scores[r * k + pc]!]));
  }
  return {
    sdev: Array.from(model.sdev),
    variance_explained: Array.from(model.varianceExplained),
    dropped_columns: model.droppedColumns.map((j) => columns[j]!),
    rotation,
    scores,
  };
}

function ttestReport(parsed: ParsedArgs) {
  const [, fileA, fileB, ...extra] = parsed.positional;
  if (!fileA || !fileB || extra.length > 0) throw new UsageError('stats ttest needs exactly two CSV files');
  const x = loadValues(fileA, parsed);
  const y = loadValues(fileB, parsed);
  const result = tTest(x, y, { equalVar: parsed.options.has('equal-var') });
  return {
    test: parsed.options.has('equal-var') ? 'pooled' : 'welch',
    t: result.t,
    df: result.df,
    p: result.p,
    n_x: x.length,
    n_y: y.length,
    mean_x: result.meanX,
    mean_y: result.meanY,
  };
}

/** The JSON object `stats …` prints. Throws UsageError for a bad command line. */
export function statsReport(args: string[]): object {
  const parsed = parseArgs(args, FLAGS, ['column', 'min-area', 'method', 'n', 'components']);
  switch (parsed.positional[0]) {
    case 'kde':
      return kdeReport(parsed);
    case 'pca':
      return pcaReport(parsed);
    case 'ttest':
      return ttestReport(parsed);
    default:
      throw new UsageError(`unknown or missing subcommand "${parsed.positional[0] ?? ''}"; use kde, pca or ttest`);
  }
}

export async function run(args: string[]): Promise<number> {
  try {
    console.log(JSON.stringify(statsReport(args)));
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`${err.message}\nusage: npm run cli -- ${usage}`);
      return 2;
    }
    console.error(err instanceof Error ? err.message : String(err));
    return 1;
  }
}
