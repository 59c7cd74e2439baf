/** `analyze` then `profile`, end to end on a tiny generated demo folder (2 clones × 2 times × 1 FOV). */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encode } from 'fast-png';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { demoFileName, makeDemoClones, renderDemoImage } from '../core/demo';
import { DESCRIPTORS } from '../core/experiment';
import { parseImageStatsFile, profileColumns } from '../core/profiles';
import { run as analyze } from './commands/analyze';
import { run as profile } from './commands/profile';

const root = mkdtempSync(join(tmpdir(), 'analyze-cli-'));
const input = join(root, 'in');
const out = join(root, 'out');
afterAll(() => rmSync(root, { recursive: true, force: true }));

const csvRows = (path: string) =>
  readFileSync(path, 'utf8')
    .trimEnd()
    .split('\n')
    .map((l) => l.split(','));

describe('npm run cli -- analyze', () => {
  let errors: string[] = [];
  let code = -1;

  beforeAll(async () => {
    mkdirSync(join(input, 'plate'), { recursive: true });
    for (const clone of makeDemoClones(5, 2))
      for (const timeH of [6, 12]) {
        const img = renderDemoImage({ seed: 5, clone, timeH, fov: 1, size: 256 });
        const png = encode({ width: img.width, height: img.height, data: img.data, channels: 1, depth: 8 });
        writeFileSync(join(input, 'plate', demoFileName(clone, timeH, 1)), png);
      }
    writeFileSync(join(input, 'broken_t006h_f01.png'), 'not a png');
    writeFileSync(join(input, 'README.txt'), 'not an image, ignored');
    const spy = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void errors.push(a.join(' ')));
    try {
      code = await analyze([input, '--out', out, '--workers', '1', '--method', 'classical']);
    } finally {
      spy.mockRestore();
    }
  });

  it('reports the bad file, names the pattern, and still succeeds', () => {
    expect(code).toBe(0);
    expect(errors).toContain('pattern: {clone}_t{time}h_f{fov} (preset "demo", reads 5 of 5 image files)');
    expect(errors.some((e) => e.startsWith('broken_t006h_f01.png: not an image this app reads'))).toBe(true);
    expect(errors.some((e) => e.includes('100%  5/5 images'))).toBe(true);
    errors = [];
  });

  it('writes one tidy per-cell CSV per image, consistent with qc.csv and image_stats.json', () => {
    const cellFiles = readdirSync(join(out, 'cells')).sort();
    expect(cellFiles).toEqual([
      'clone01_t006h_f01.csv',
      'clone01_t012h_f01.csv',
      'clone02_t006h_f01.csv',
      'clone02_t012h_f01.csv',
    ]);
    const qc = csvRows(join(out, 'qc.csv'));
    expect(qc[0]).toEqual(['clone', 'time_h', 'fov', 'file', 'cells']);
    expect(qc.slice(1).map((r) => r.slice(0, 4))).toEqual([
      ['clone01', '6', '1', 'plate/clone01_t006h_f01.png'],
      ['clone01', '12', '1', 'plate/clone01_t012h_f01.png'],
      ['clone02', '6', '1', 'plate/clone02_t006h_f01.png'],
      ['clone02', '12', '1', 'plate/clone02_t012h_f01.png'],
    ]);
    const { images, file } = parseImageStatsFile(readFileSync(join(out, 'image_stats.json'), 'utf8'));
    expect(images).toHaveLength(4);
    let totalCells = 0;
    qc.slice(1).forEach((r, i) => {
      const rows = csvRows(join(out, 'cells', cellFiles[i]!));
      // Pixels as before, then µm / µm² and the pixel size (PNGs state none: the default 0.87).
      expect(rows[0]).toEqual(['clone', 'time_h', 'fov', 'label', ...DESCRIPTORS, 'area_um2', 'perimeter_um', 'length_um', 'breadth_um', 'um_per_px']);
      if (rows.length > 1) expect(Number(rows[1]![16])).toBeCloseTo(Number(rows[1]![4]) * 0.87 * 0.87, 6);
      const n = Number(r[4]);
      expect(rows.length - 1).toBe(n);
      expect(file.images[i]!.cellCount).toBe(n);
      expect(images[i]!.stats.n[0]).toBe(n);
      totalCells += n;
      // The stored statistics are those of the rows in the cell table.
      if (n > 0) {
        const area = rows.slice(1).map((row) => Number(row[4]));
        expect(rows.slice(1).every((row) => row[0] === r[0] && row[1] === r[1] && row[2] === '1')).toBe(true);
        const mean = area.reduce((a, b) => a + b, 0) / n;
        expect(images[i]!.stats.mean[0]).toBeCloseTo(mean, 9);
      }
    });
    expect(totalCells).toBeGreaterThan(0);
  });

  it('writes profiles.csv with 2 clones × (clone + 48 columns), matching the cell tables', () => {
    const rows = csvRows(join(out, 'profiles.csv'));
    expect(rows).toHaveLength(3);
    expect(rows[0]).toEqual(['clone', ...profileColumns([6, 12])]);
    expect(rows.map((r) => r[0])).toEqual(['clone', 'clone01', 'clone02']);
    const qc = csvRows(join(out, 'qc.csv')).slice(1);
    for (const [c, clone] of ['clone01', 'clone02'].entries())
      for (const [t, h] of ['006', '012'].entries()) {
        const cells = csvRows(join(out, 'cells', `${clone}_t${h}h_f01.csv`)).slice(1);
        const areas = cells.map((r) => Number(r[4]));
        const got = rows[c + 1]![1 + t * 24]!;
        if (areas.length === 0) expect(got).toBe('');
        else expect(Number(got)).toBeCloseTo(areas.reduce((a, b) => a + b, 0) / areas.length, 6);
        expect(Number(qc[c * 2 + t]![4])).toBe(areas.length);
      }
  });

  it('profile rebuilds the same profiles from image_stats.json, and bootstraps', async () => {
    const file = join(root, 'again.csv');
    const boot = join(root, 'boot.csv');
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      expect(await profile([out, '--out', file])).toBe(0);
      expect(await profile([out, '--bootstrap', '3', '--window-end', '6', '--out', boot])).toBe(0);
      expect(await profile([out, '--fovs', '2', '--bootstrap', '3'])).toBe(2);
    } finally {
      spy.mockRestore();
    }
    expect(readFileSync(file, 'utf8')).toBe(readFileSync(join(out, 'profiles.csv'), 'utf8'));
    const b = csvRows(boot);
    expect(b[0]).toEqual(['replicate', 'clone', ...profileColumns([6])]);
    expect(b.map((r) => r[0]).slice(1)).toEqual(['1', '1', '2', '2', '3', '3']);
    // One FOV per well: every resample is that FOV, so each replicate equals the plain profile.
    const plain = csvRows(file);
    for (let i = 1; i < b.length; i++) expect(b[i]!.slice(1)).toEqual(plain[((i - 1) % 2) + 1]!.slice(0, 25));
    expect(existsSync(join(out, 'image_stats.json'))).toBe(true);
  });
});
