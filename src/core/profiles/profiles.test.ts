import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createRandom } from '../demo/random';
import { summarize } from '../descriptors/sufficientStats';
import { DESCRIPTORS, TIME_POINTS_H } from '../experiment';
import { describeWithShared, sharedPath } from '../../testing/shared';
import { buildProfiles, buildSubsetGrid, indexImageStats, profileWindow, type ImageStats } from './build';
import { parseProfileColumn, profileColumns } from './columns';
import { cellRowsCsv, CELL_ROWS_HEADER, profilesToCsv } from './csv';
import { imageStatsFileText, imageStatsRecord, parseImageStatsFile } from './imageStatsFile';
import { bootstrapFovs, selectFovs } from './select';

const K = DESCRIPTORS.length;

/** Random cells (cells × 12) on very different scales, with a few NaNs, like real descriptors. */
function randomCells(random: ReturnType<typeof createRandom>, cells: number, shift: number): Float64Array {
  const v = new Float64Array(cells * K);
  for (let i = 0; i < cells; i++)
    for (let d = 0; d < K; d++) {
      const scale = 10 ** (d % 5) / 100;
      v[i * K + d] = d === 5 && random.uniform() < 0.05 ? NaN : scale * (1000 + shift + 50 * random.normal());
    }
  return v;
}

function directMeanSd(columns: number[]): { mean: number; sd: number } {
  const xs = columns.filter((x) => !Number.isNaN(x));
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const ss = xs.reduce((a, b) => a + (b - mean) ** 2, 0);
  return { mean, sd: Math.sqrt(ss / (xs.length - 1)) };
}

const relClose = (a: number, b: number, tol: number) => Math.abs(a - b) <= tol * Math.abs(b);

describe('profile columns', () => {
  it('orders hours outermost, then descriptor, then mean before sd', () => {
    const cols = profileColumns();
    expect(cols).toHaveLength(360);
    expect(cols.slice(0, 4)).toEqual(['area_mean_006h', 'area_sd_006h', 'perimeter_mean_006h', 'perimeter_sd_006h']);
    expect(cols[23]).toBe('glcm_homogeneity_sd_006h');
    expect(cols[24]).toBe('area_mean_012h');
    expect(cols[359]).toBe('glcm_homogeneity_sd_090h');
    // A window is a prefix.
    expect(profileColumns([6, 12, 18])).toEqual(cols.slice(0, 72));
  });

  it('parses names back', () => {
    expect(parseProfileColumn('glcm_energy_mean_060h')).toEqual({ descriptor: 'glcm_energy', stat: 'mean', hours: 60 });
    expect(parseProfileColumn('aspect_ratio_sd_006h')).toEqual({ descriptor: 'aspect_ratio', stat: 'sd', hours: 6 });
    expect(parseProfileColumn('potency')).toBeNull();
    expect(parseProfileColumn('volume_mean_006h')).toBeNull();
    for (const c of profileColumns()) {
      const p = parseProfileColumn(c)!;
      expect(profileColumns([p.hours])).toContain(c);
    }
  });
});

describeWithShared('profile columns vs the reference profiles.csv', () => {
  it('match the header exactly, in order', () => {
    const header = readFileSync(sharedPath('reference', 'profiles.csv'), 'utf8').split('\n')[0]!.trim().split(',');
    expect(header[0]).toBe('clone');
    expect(header.at(-1)).toBe('potency');
    expect(header.slice(1, -1)).toEqual(profileColumns(TIME_POINTS_H));
  });
});

describe('pooling per-image statistics', () => {
  it('equals the mean and SD of all cells concatenated (1e-12 relative)', () => {
    const random = createRandom(42);
    const images: ImageStats[] = [];
    const all = new Map<string, number[][]>(); // clone|time → per-descriptor values
    for (const clone of ['clone2', 'clone10'])
      for (const timeH of [6, 12])
        for (let fov = 1; fov <= 5; fov++) {
          const cells = 20 + random.int(200);
          const v = randomCells(random, cells, fov * 37 + timeH);
          images.push({ clone, timeH, fov, stats: summarize(v) });
          const key = `${clone}|${timeH}`;
          const cols = all.get(key) ?? Array.from({ length: K }, () => [] as number[]);
          for (let i = 0; i < cells; i++) for (let d = 0; d < K; d++) cols[d]!.push(v[i * K + d]!);
          all.set(key, cols);
        }
    const p = buildProfiles(images, { windowEndH: 12 });
    expect(p.clones).toEqual(['clone2', 'clone10']); // natural order
    expect(p.columns).toHaveLength(48);
    expect(p.missing).toEqual([]);
    let checked = 0;
    p.clones.forEach((clone, c) => {
      [6, 12].forEach((h, t) => {
        const cols = all.get(`${clone}|${h}`)!;
        expect(p.cellCounts[c * 2 + t]).toBe(cols[0]!.length);
        for (let d = 0; d < K; d++) {
          const { mean, sd } = directMeanSd(cols[d]!);
          const at = c * 48 + t * 24 + 2 * d;
          expect(relClose(p.values[at]!, mean, 1e-12)).toBe(true);
          expect(relClose(p.values[at + 1]!, sd, 1e-12)).toBe(true);
          checked++;
        }
      });
    });
    expect(checked).toBe(2 * 2 * K);
  });

  it('counts a FOV drawn twice in a bootstrap twice', () => {
    const random = createRandom(7);
    const cells = new Map<number, Float64Array>();
    const images: ImageStats[] = [];
    for (let fov = 1; fov <= 6; fov++) {
      const v = randomCells(random, 30 + fov, fov * 100);
      cells.set(fov, v);
      images.push({ clone: 'c1', timeH: 6, fov, stats: summarize(v) });
    }
    const choice = { kind: 'bootstrap', seed: 3, replicate: 4 } as const;
    const drawn = bootstrapFovs([1, 2, 3, 4, 5, 6], 3, 'c1', 4);
    expect(new Set(drawn).size).toBeLessThan(6); // this replicate has repeats
    const p = buildProfiles(images, { windowEndH: 6, fovs: choice });
    const area = drawn.flatMap((f) =>
      Array.from({ length: cells.get(f)!.length / K }, (_, i) => cells.get(f)![i * K]!),
    );
    const { mean, sd } = directMeanSd(area);
    expect(p.cellCounts[0]).toBe(area.length);
    expect(relClose(p.values[0]!, mean, 1e-12)).toBe(true);
    expect(relClose(p.values[1]!, sd, 1e-12)).toBe(true);
  });

  it('gives NaN and a note for missing images, never throws', () => {
    const s = summarize(
      new Float64Array([100, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 200, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]),
    );
    const one = summarize(new Float64Array([100, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]));
    const images: ImageStats[] = [
      { clone: 'clone01', timeH: 6, fov: 1, stats: s },
      { clone: 'clone01', timeH: 6, fov: 2, stats: s },
      { clone: 'clone01', timeH: 12, fov: 1, stats: s }, // f02 missing at 12 h
      { clone: 'clone03', timeH: 6, fov: 1, stats: one }, // one cell: SD undefined; 12 h missing
    ];
    const p = buildProfiles(images, { windowEndH: 12 });
    expect(p.values[0]).toBe(150); // clone01 area mean at 6 h
    expect(p.values[1]).toBeCloseTo(Math.sqrt((2 * 50 ** 2 * 2) / 3), 10);
    expect(p.values[24]).toBe(150); // 12 h from f01 only
    expect(p.cellCounts[1]).toBe(2);
    const row2 = p.values.subarray(48, 96);
    expect(row2[0]).toBe(100);
    expect(row2[1]).toBeNaN();
    expect(Array.from(row2.subarray(24)).every(Number.isNaN)).toBe(true);
    expect(p.missing).toEqual(['clone01 at 012 h: no image for f02', 'clone03 has no image at 012 h']);
  });
});

describe('FOV selection', () => {
  const fovs = Array.from({ length: 64 }, (_, i) => i + 1);

  it('subsets are seeded, deterministic, nested in k and differ between clones', () => {
    const a = selectFovs(fovs, 8, 5, 'clone01');
    expect(a).toHaveLength(8);
    expect(selectFovs([...fovs].reverse(), 8, 5, 'clone01')).toEqual(a); // input order does not matter
    expect(selectFovs(fovs, 8, 6, 'clone01')).not.toEqual(a);
    expect(selectFovs(fovs, 8, 5, 'clone02')).not.toEqual(a);
    let previous: number[] = [];
    for (let k = 1; k <= 64; k++) {
      const s = selectFovs(fovs, k, 5, 'clone01');
      expect(s).toHaveLength(k);
      expect(new Set(s).size).toBe(k);
      for (const f of previous) expect(s).toContain(f);
      previous = s;
    }
    expect(previous).toEqual(fovs);
    expect(selectFovs([3, 9], 5, 1, 'x')).toEqual([3, 9]);
  });

  it('subset profiles use the same FOVs at every time point', () => {
    // Stats encode the FOV number in the mean, so the pooled mean reveals which FOVs were used.
    const images: ImageStats[] = [];
    for (const timeH of [6, 12, 18])
      for (let fov = 1; fov <= 10; fov++) {
        const v = new Float64Array(K).fill(fov);
        images.push({ clone: 'c', timeH, fov, stats: summarize(v) });
      }
    const p = buildProfiles(images, { windowEndH: 18, fovs: { kind: 'subset', k: 3, seed: 11 } });
    const chosen = selectFovs(
      Array.from({ length: 10 }, (_, i) => i + 1),
      3,
      11,
      'c',
    );
    const expected = chosen.reduce((a, b) => a + b, 0) / 3;
    for (let t = 0; t < 3; t++) expect(p.values[t * 24]).toBeCloseTo(expected, 12);
    expect(Array.from(p.cellCounts)).toEqual([3, 3, 3]);
  });

  it('the incremental window × FOV-count grid equals buildProfiles bit for bit, notes included', () => {
    const random = createRandom(3);
    const images: ImageStats[] = [];
    for (const clone of ['clone01', 'clone02', 'clone03'])
      for (const timeH of [6, 12, 18, 24])
        for (let fov = 1; fov <= (clone === 'clone02' ? 4 : 7); fov++) {
          if (clone === 'clone03' && timeH === 12 && fov % 2 === 0) continue; // missing FOVs
          if (clone === 'clone01' && timeH === 18) continue; // a missing time point
          images.push({ clone, timeH, fov, stats: summarize(randomCells(random, 5 + random.int(20), fov)) });
        }
    const index = indexImageStats(images);
    const timePointsH = [6, 12, 18, 24];
    const windows = [6, 12, 24];
    const grid = buildSubsetGrid(index, { seed: 8, maxK: 6, windowsEndH: windows, timePointsH });
    expect(grid).toHaveLength(3);
    windows.forEach((windowEndH, w) => {
      expect(grid[w]).toHaveLength(6);
      for (let k = 1; k <= 6; k++) {
        const direct = buildProfiles(index, { windowEndH, timePointsH, fovs: { kind: 'subset', k, seed: 8 } });
        const g = grid[w]![k - 1]!;
        expect(g.columns).toEqual(direct.columns);
        expect(Array.from(g.values)).toEqual(Array.from(direct.values)); // NaN equals NaN here
        expect(Array.from(g.cellCounts)).toEqual(Array.from(direct.cellCounts));
        expect(g.missing).toEqual(direct.missing);
      }
    });
    // A bootstrap's shorter window is a cut of its full window (FOV draws do not depend on the window).
    const fullBoot = buildProfiles(index, { timePointsH, fovs: { kind: 'bootstrap', seed: 2, replicate: 5 } });
    const cut = profileWindow(fullBoot, 12);
    const direct = buildProfiles(index, {
      windowEndH: 12,
      timePointsH,
      fovs: { kind: 'bootstrap', seed: 2, replicate: 5 },
    });
    expect(Array.from(cut.values)).toEqual(Array.from(direct.values));
    expect(cut.missing).toEqual(direct.missing);
    expect(cut.columns).toHaveLength(48);
    const last = grid[2]![5]!;
    expect(last.missing).toContain('clone01 has no image at 018 h');
    expect(last.missing).toContain('clone02 has 4 FOVs, fewer than the 6 asked; all are used');
    expect(last.missing.some((m) => m.startsWith('clone03 at 012 h: no image for f0'))).toBe(true);
  });

  it('bootstrap resamples with replacement, deterministically per (seed, clone, replicate)', () => {
    const b = bootstrapFovs(fovs, 9, 'clone01', 0);
    expect(b).toHaveLength(64);
    expect(bootstrapFovs(fovs, 9, 'clone01', 0)).toEqual(b);
    expect(bootstrapFovs(fovs, 9, 'clone01', 1)).not.toEqual(b);
    expect(bootstrapFovs(fovs, 9, 'clone02', 0)).not.toEqual(b);
    expect(b.every((f) => f >= 1 && f <= 64)).toBe(true);
    // About 1 − 1/e ≈ 63 % distinct FOVs on average over replicates.
    let distinct = 0;
    for (let r = 0; r < 200; r++) distinct += new Set(bootstrapFovs(fovs, 9, 'clone01', r)).size;
    expect(distinct / 200 / 64).toBeGreaterThan(0.6);
    expect(distinct / 200 / 64).toBeLessThan(0.66);
  });
});

describe('CSV and image_stats.json', () => {
  it('writes profiles with empty cells for NaN and matched potencies', () => {
    const images: ImageStats[] = [
      {
        clone: 'clone07',
        timeH: 6,
        fov: 1,
        stats: summarize(new Float64Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0.123456789012])),
      },
      { clone: 'clone10', timeH: 6, fov: 1, stats: summarize(new Float64Array(K).fill(2)) },
    ];
    const p = buildProfiles(images, { windowEndH: 6 });
    const csv = profilesToCsv(
      p,
      new Map([
        ['7', 9],
        ['clone10', null],
      ]),
    );
    const lines = csv.trimEnd().split('\n');
    expect(lines[0]).toBe(['clone', ...profileColumns([6]), 'potency'].join(','));
    expect(lines[1]).toBe('clone07,1,,2,,3,,4,,5,,6,,7,,8,,9,,10,,11,,0.123456789,,9');
    expect(lines[2]!.split(',')).toHaveLength(26);
    expect(lines[2]!.endsWith(',2,,')).toBe(true);
    expect(profilesToCsv(p).split('\n')[0]!.endsWith('glcm_homogeneity_sd_006h')).toBe(true);
  });

  it('writes tidy per-cell rows', () => {
    const values = new Float64Array(2 * K).map((_, i) => i + 0.5);
    values[5] = NaN;
    const rows = cellRowsCsv('clone03', 36.5, 12, Int32Array.from([4, 9]), values);
    expect(CELL_ROWS_HEADER).toBe(`clone,time_h,fov,label,${DESCRIPTORS.join(',')}\n`);
    expect(rows.split('\n')).toEqual([
      'clone03,36.5,12,4,0.5,1.5,2.5,3.5,4.5,NaN,6.5,7.5,8.5,9.5,10.5,11.5',
      'clone03,36.5,12,9,12.5,13.5,14.5,15.5,16.5,17.5,18.5,19.5,20.5,21.5,22.5,23.5',
      '',
    ]);
  });

  it('round-trips image statistics exactly through JSON', () => {
    const stats = summarize(randomCells(createRandom(1), 50, 0));
    const text = imageStatsFileText([imageStatsRecord({ clone: 'clone01', timeH: 6, fov: 3, stats }, 'a/b.png', 50)], {
      pattern: 'x',
    });
    const { images, file } = parseImageStatsFile(text);
    expect(file.images[0]!.cellCount).toBe(50);
    expect(images[0]!.fov).toBe(3);
    expect(Array.from(images[0]!.stats.m2)).toEqual(Array.from(stats.m2));
    expect(Array.from(images[0]!.stats.mean)).toEqual(Array.from(stats.mean));
    expect(() => parseImageStatsFile('{"images":[]}')).toThrow(/not an image_stats/);
  });

  it('flags duplicate images', () => {
    const s = summarize(new Float64Array(K).fill(1));
    const index = indexImageStats([
      { clone: 'a', timeH: 6, fov: 1, stats: s },
      { clone: 'a', timeH: 6, fov: 1, stats: s },
    ]);
    expect(index.duplicates).toEqual(['a has two images at 006 h f01; the first is used']);
  });
});
