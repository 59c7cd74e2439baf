/** The `measure` command end to end on a real field, against the native reference CSV. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { decode, encode } from 'fast-png';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it, vi } from 'vitest';
import { DESCRIPTORS } from '../core/experiment';
import { describeWithShared, sharedPath } from '../testing/shared';
import { run } from './commands/measure';

const out = mkdtempSync(join(tmpdir(), 'measure-cli-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

function parse(csv: string): { header: string; rows: number[][] } {
  const lines = csv.trim().split('\n');
  return { header: lines[0]!, rows: lines.slice(1).map((l) => l.split(',').map(Number)) };
}

function expectMatchesReference(csvPath: string) {
  const got = parse(readFileSync(csvPath, 'utf8'));
  const ref = parse(readFileSync(sharedPath('reference/cells/set18.csv'), 'utf8'));
  expect(got.header).toBe(ref.header);
  expect(got.rows.length).toBe(52);
  expect(got.rows.map((r) => r[0])).toEqual(ref.rows.map((r) => r[0]));
  got.rows.forEach((row, r) => {
    row.forEach((v, k) => {
      const want = ref.rows[r]![k]!;
      const name = k === 0 ? 'label' : DESCRIPTORS[k - 1]!;
      if (name === 'label' || name === 'area') expect(v).toBe(want);
      else if (name === 'glcm_contrast') expect(Math.abs(v - want)).toBeLessThanOrEqual(1e-9 * want);
      else if (name.startsWith('glcm_')) expect(Math.abs(v - want)).toBeLessThanOrEqual(1e-9);
      else expect(Math.abs(v - want), name).toBeLessThanOrEqual(1e-6 * Math.abs(want));
    });
  });
}

describeWithShared('npm run cli -- measure', () => {
  const field = (f: string) => sharedPath('data/phase-contrast/fields/set18', f);

  it('set18 phase8.png + labels.png → the reference CSV', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const csv = join(out, 'set18.csv');
    expect(await run([field('phase8.png'), '--labels', field('labels.png'), '--out', csv])).toBe(0);
    expectMatchesReference(csv);
  });

  it('set18 raw.tif (16-bit) is scaled by the stated rule and gives the same CSV', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const csv = join(out, 'set18-raw.csv');
    expect(await run([field('raw.tif'), '--labels', field('labels.png'), '--out', csv])).toBe(0);
    expectMatchesReference(csv);
    expect(readFileSync(csv, 'utf8')).toBe(readFileSync(join(out, 'set18.csv'), 'utf8'));
  });

  it('a 16-bit labels PNG gives the same CSV as the 8-bit one', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const png8 = decode(readFileSync(field('labels.png')));
    const labels16 = join(out, 'labels16.png');
    writeFileSync(
      labels16,
      encode({ width: png8.width, height: png8.height, channels: 1, depth: 16, data: Uint16Array.from(png8.data) }),
    );
    const csv = join(out, 'set18-16.csv');
    expect(await run([field('phase8.png'), '--labels', labels16, '--out', csv])).toBe(0);
    expect(readFileSync(csv, 'utf8')).toBe(readFileSync(join(out, 'set18.csv'), 'utf8'));
  });

  it('without --labels it prints usage and exits with 2', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(await run([field('phase8.png')])).toBe(2);
    expect(error).toHaveBeenCalledWith(expect.stringContaining('measure IMAGE --labels'));
  });
});
