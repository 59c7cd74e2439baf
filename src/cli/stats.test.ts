/** The `stats` command on the reference inputs, against R's numbers in shared/reference. */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { describeWithShared, sharedPath } from '../testing/shared';
import { run, statsReport } from './commands/stats';

const cells = (set: string) => sharedPath(`reference/cells/${set}.csv`);
const reference = (name: string) =>
  JSON.parse(readFileSync(sharedPath(`reference/${name}.json`), 'utf8')) as Record<string, unknown>;
const rel = (got: number, want: number) => Math.abs(got - want) / Math.abs(want);

/** Runs the command as the CLI would and returns its exit code and parsed stdout. */
async function runCaptured(args: string[]): Promise<{ code: number; output: Record<string, unknown> | undefined }> {
  const lines: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line));
  const error = vi.spyOn(console, 'error').mockImplementation(() => {});
  try {
    const code = await run(args);
    return { code, output: lines.length ? (JSON.parse(lines.join('\n')) as Record<string, unknown>) : undefined };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

afterEach(() => vi.restoreAllMocks());

describeWithShared('npm run cli -- stats', () => {
  it('kde --log10 (exact) prints bw, x and the exact kernel sum', async () => {
    const ref = reference('kde') as { bw: number; x: number[]; y: number[]; y_exact: number[] };
    const { code, output } = await runCaptured(['kde', cells('set18'), '--column', 'area', '--log10']);
    expect(code).toBe(0);
    const got = output as { bw: number; x: number[]; y: number[]; n_values: number };
    expect(got.n_values).toBe(52);
    expect(rel(got.bw, ref.bw)).toBeLessThanOrEqual(1e-12);
    got.x.forEach((x, i) => expect(Math.abs(x - ref.x[i]!)).toBeLessThanOrEqual(1e-12));
    got.y.forEach((y, i) => expect(rel(y, ref.y_exact[i]!)).toBeLessThanOrEqual(1e-9));
  });

  it("kde --method r reproduces R's density() y", () => {
    const ref = reference('kde') as { y: number[] };
    const got = statsReport(['kde', cells('set18'), '--column', 'area', '--log10', '--method', 'r']) as { y: number[] };
    const maxY = Math.max(...ref.y);
    got.y.forEach((y, i) => expect(Math.abs(y - ref.y[i]!)).toBeLessThanOrEqual(1e-6 * ref.y[i]! + 1e-9 * maxY));
  });

  it('kde --min-area keeps only cells with area above the threshold', () => {
    const areas = readFileSync(cells('set18'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => Number(l.split(',')[1]));
    const threshold = 2000;
    const got = statsReport([
      'kde',
      cells('set18'),
      '--column',
      'area',
      '--log10',
      '--min-area',
      String(threshold),
    ]) as {
      n_values: number;
    };
    expect(got.n_values).toBe(areas.filter((a) => a > threshold).length);
    expect(got.n_values).toBeLessThan(52);
  });

  it('pca prints sdev, named loadings and named scores matching prcomp', async () => {
    const ref = reference('pca') as Record<string, number[]> & { columns: string[]; clones: string[] };
    const { code, output } = await runCaptured(['pca', sharedPath('reference/profiles.csv')]);
    expect(code).toBe(0);
    const got = output as {
      sdev: number[];
      variance_explained: number[];
      dropped_columns: string[];
      rotation: Record<string, Record<string, number>>;
      scores: Record<string, Record<string, number>>;
    };
    expect(got.dropped_columns).toEqual([]);
    for (let i = 0; i < 14; i++) expect(rel(got.sdev[i]!, ref.sdev![i]!)).toBeLessThanOrEqual(1e-9);
    expect(Object.keys(got.rotation)).toEqual(['PC1', 'PC2', 'PC3']);
    for (let pc = 1; pc <= 3; pc++) {
      const loadings = ref.columns.map((c) => got.rotation[`PC${pc}`]![c]!);
      const scores = ref.clones.map((c) => got.scores[`PC${pc}`]![c]!);
      const wantL = ref[`rotation_pc${pc}`]!;
      const wantS = ref[`scores_pc${pc}`]!;
      const sign = Math.sign(loadings.reduce((s, v, j) => s + v * wantL[j]!, 0));
      loadings.forEach((v, j) => expect(Math.abs(sign * v - wantL[j]!)).toBeLessThanOrEqual(1e-8));
      scores.forEach((v, r) => expect(Math.abs(sign * v - wantS[r]!)).toBeLessThanOrEqual(1e-8));
    }
  });

  it('ttest prints Welch and, with --equal-var, pooled results matching t.test', async () => {
    const ref = reference('ttest') as Record<string, number>;
    const args = ['ttest', cells('set18'), cells('set22'), '--column', 'area', '--log10'];
    const welch = (await runCaptured(args)).output as { t: number; df: number; p: number };
    expect(rel(welch.t, ref.welch_statistic!)).toBeLessThanOrEqual(1e-10);
    expect(rel(welch.df, ref.welch_df!)).toBeLessThanOrEqual(1e-10);
    expect(rel(welch.p, ref.welch_p_value!)).toBeLessThanOrEqual(1e-8);
    const pooled = statsReport([...args, '--equal-var']) as { t: number; df: number; p: number };
    expect(rel(pooled.t, ref.pooled_statistic!)).toBeLessThanOrEqual(1e-10);
    expect(pooled.df).toBe(93);
    expect(rel(pooled.p, ref.pooled_p_value!)).toBeLessThanOrEqual(1e-8);
  });

  it('a misspelt column is exit code 1 with the columns listed', async () => {
    const messages: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((m: string) => void messages.push(m));
    expect(await run(['kde', cells('set18'), '--column', 'aera'])).toBe(1);
    expect(messages.join('\n')).toMatch(/column 'aera' not found; columns are: label, area, perimeter/);
  });
});

describe('stats command line errors', () => {
  it('a missing subcommand or --column is a usage error (exit 2)', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(await run([])).toBe(2);
    expect(await run(['kde', 'x.csv'])).toBe(2);
    expect(await run(['ttest', 'a.csv', '--column', 'area'])).toBe(2);
  });
});
