import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createRandom } from '../core/demo/random';
import { DESCRIPTORS } from '../core/experiment';
import { imageStatsFileText, type ImageStatsRecord } from '../core/profiles';
import { run as grid, type GridJson } from './commands/grid';

/**
 * 8 clones × 3 time points (6, 12, 18 h) × 4 FOVs. Descriptor 0's mean rises with potency (plus
 * per-FOV noise), the others are noise: the LASSO must find the signal and beat the trivial RMSE.
 */
function syntheticRecords(): { records: ImageStatsRecord[]; potency: Map<string, number> } {
  const random = createRandom(7);
  const records: ImageStatsRecord[] = [];
  const potency = new Map<string, number>();
  for (let c = 1; c <= 8; c++) {
    const clone = `clone${c}`;
    const y = (c - 4.5) / 2;
    potency.set(clone, y);
    for (const timeH of [6, 12, 18])
      for (let fov = 1; fov <= 4; fov++) {
        const n = 20 + 5 * fov;
        const mean = DESCRIPTORS.map((_, d) => 10 + d + (d === 0 ? y * (timeH / 6) : 0) + 0.3 * random.normal());
        const sd = DESCRIPTORS.map((_, d) => 1 + 0.1 * d);
        records.push({
          clone,
          timeH,
          fov,
          file: `${clone}_t${timeH}_f${fov}.png`,
          cellCount: n,
          n: DESCRIPTORS.map(() => n),
          mean,
          m2: sd.map((s) => s * s * (n - 1)),
        });
      }
  }
  return { records, potency };
}

const dir = mkdtempSync(join(tmpdir(), 'grid-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const { records, potency } = syntheticRecords();
writeFileSync(join(dir, 'image_stats.json'), imageStatsFileText(records, { test: true }, potency));
// The target file gives the potencies in reverse clone order: it must win over the stored ones.
const reversed = [...potency.values()].reverse();
writeFileSync(join(dir, 'reversed.csv'), 'clone,potency\n' + [...potency.keys()].map((c, i) => `${c},${reversed[i]}`).join('\n') + '\n');

const common = ['--bootstrap', '4', '--rf-trees', '40', '--seed', '3'];
const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as GridJson;
const trivial = (values: number[]) => {
  const m = values.reduce((s, v) => s + v, 0) / values.length;
  return Math.sqrt(values.reduce((s, v) => s + (v - m) ** 2, 0) / values.length);
};

describe('grid command', () => {
  it('writes the heatmap JSON from the stored potency, and the same numbers on 2 workers', async () => {
    const one = join(dir, 'one.json');
    const two = join(dir, 'two.json');
    expect(await grid([dir, ...common, '--workers', '1', '--out', one])).toBe(0);
    expect(await grid([dir, ...common, '--workers', '2', '--out', two])).toBe(0);
    const a = readJson(one);
    const b = readJson(two);
    expect(a.windows_end_h).toEqual([6, 12, 18]);
    expect(a.fov_counts).toEqual([1, 2, 3, 4]);
    expect(a.lasso!.rmse).toHaveLength(3);
    expect(a.lasso!.rmse[0]).toHaveLength(4);
    expect(a.rf!.rmse).toHaveLength(3);
    expect(a.cells).toHaveLength(3 * 4 * 2);
    // 2 conditions × 2 models, 4 replicates each
    expect(a.bootstrap.map((x) => [x.window_end_h, x.fov_count, x.model, x.rmse.length])).toEqual([
      [18, 1, 'lasso', 4],
      [18, 1, 'rf', 4],
      [18, 4, 'lasso', 4],
      [18, 4, 'rf', 4],
    ]);
    // the signal is strong: nested LASSO at 6–18 h × 4 FOVs is far below predicting the mean
    const base = trivial([...potency.values()]);
    const best = a.lasso!.rmse[2]![3]!;
    expect(base).toBeCloseTo(1.146, 3);
    expect(best).toBeLessThan(0.5 * base);
    // RF cannot extrapolate to the extreme clones; it must still beat the leave-one-out mean (base · n/(n−1))
    expect(a.rf!.rmse[2]![3]!).toBeLessThan((base * 8) / 7);
    expect(a.recommendation.earliest).not.toBeNull();
    expect(a.recommendation.text).toMatch(/^Earliest: 6–18 h/);
    // workers only change who computes: every number is the same
    expect(b.lasso).toEqual(a.lasso);
    expect(b.rf).toEqual(a.rf);
    expect(b.bootstrap).toEqual(a.bootstrap);
    expect(b.cells).toEqual(a.cells);
  }, 30_000);

  it('takes potencies from --target-file over the stored ones, and --fovs / --models', async () => {
    const out = join(dir, 'rev.json');
    expect(
      await grid([dir, ...common, '--workers', '1', '--models', 'lasso', '--fovs', '1,4', '--target-file', join(dir, 'reversed.csv'), '--out', out]),
    ).toBe(0);
    const r = readJson(out);
    expect(r.fov_counts).toEqual([1, 4]);
    expect(r.rf).toBeUndefined();
    expect(r.cells.every((c) => c.model === 'lasso')).toBe(true);
    const cell = r.cells.find((c) => c.windowEndH === 18 && c.fovCount === 4)!;
    expect(cell.measured).toEqual(reversed);
    // reversing the labels is a relabelling the signal follows exactly: still predictable
    expect(r.lasso!.rmse[2]![1]!).toBeLessThan(0.6);
  }, 20_000);

  it('refuses a run without enough known potencies', async () => {
    const bare = mkdtempSync(join(tmpdir(), 'grid-bare-'));
    writeFileSync(join(bare, 'image_stats.json'), imageStatsFileText(records));
    expect(await grid([bare, '--workers', '1'])).toBe(2);
    rmSync(bare, { recursive: true, force: true });
  });
});
