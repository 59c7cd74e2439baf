/**
 * `analyze` takes the pixel size from the files (the ../shared Nikon TIFFs state 0.8708 µm/px in
 * tag 65326) unless `--pixel-size UM` is given, and writes areas in µm² beside the pixel columns.
 * The frames are copied from ../shared under new names into a temporary folder, removed afterwards.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it, vi } from 'vitest';
import { describeWithShared, sharedPath } from '../testing/shared';
import { run as analyze } from './commands/analyze';

const root = mkdtempSync(join(tmpdir(), 'analyze-units-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function runAnalyze(args: string[]): Promise<{ code: number; errors: string[] }> {
  const errors: string[] = [];
  const spy = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void errors.push(a.join(' ')));
  try {
    return { code: await analyze(args), errors };
  } finally {
    spy.mockRestore();
  }
}

describeWithShared(
  'analyze: pixel size and units',
  () => {
    const input = join(root, 'in');
    mkdirSync(input, { recursive: true });
    for (const [t, h] of [
      ['01', 6],
      ['04', 12],
    ] as const)
      copyFileSync(sharedPath('data', 'phase-contrast', 'timelapse', `t${t}.tif`), join(input, `clone01_t${String(h).padStart(3, '0')}h_f01.tif`));

    it('reads 0.8708 µm/px from the Nikon tag and writes µm² beside px', async () => {
      const out = join(root, 'out-file');
      const { code, errors } = await runAnalyze([input, '--out', out, '--workers', '1', '--method', 'classical']);
      expect(code, errors.join('\n')).toBe(0);
      expect(errors).toContain('analyze: pixel size 0.8708 µm/px, read from clone01_t006h_f01.tif: 0.8708 µm/px (Nikon NIS-Elements tag 65326)');
      const file = readdirSync(join(out, 'cells')).sort()[0]!;
      const [header, ...rows] = readFileSync(join(out, 'cells', file), 'utf8').trimEnd().split('\n').map((l) => l.split(','));
      const col = (name: string) => header!.indexOf(name);
      expect(rows.length).toBeGreaterThan(10);
      for (const r of rows) {
        // Printed with 10 significant digits.
        expect(Number(r[col('area_um2')]) / (Number(r[col('area')]) * 0.8708 ** 2)).toBeCloseTo(1, 8);
        expect(Number(r[col('perimeter_um')]) / (Number(r[col('perimeter')]) * 0.8708)).toBeCloseTo(1, 8);
        expect(r[col('um_per_px')]).toBe('0.8708');
      }
    });

    it('--pixel-size overrides the file, and the classical sizes scale with it', async () => {
      const out = join(root, 'out-flag');
      const { code, errors } = await runAnalyze([input, '--out', out, '--workers', '1', '--method', 'classical', '--pixel-size', '0.435']);
      expect(code, errors.join('\n')).toBe(0);
      expect(errors).toContain('analyze: pixel size 0.435 µm/px, from --pixel-size');
      const file = readdirSync(join(out, 'cells')).sort()[0]!;
      const [header, first] = readFileSync(join(out, 'cells', file), 'utf8').split('\n').map((l) => l.split(','));
      expect(first![header!.indexOf('um_per_px')]).toBe('0.435');
      // Each frame names the mismatch between what it states and what was used.
      expect(errors.some((e) => /^clone01_t006h_f01\.tif: states 0\.8708 µm\/px .*; analysed at 0\.435 µm\/px/.test(e))).toBe(true);
    });
  },
  { requiredInCi: true },
);
