import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it, vi } from 'vitest';
import { decode as decodePngFile } from 'fast-png';
import { describeWithShared, sharedPath } from '../testing/shared.ts';
import { run } from './commands/convert16.ts';

describeWithShared('cli convert16', () => {
  const dir = mkdtempSync(join(tmpdir(), 'convert16-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('turns set18/raw.tif into phase8.png, pixel for pixel, and reports the reference numbers', async () => {
    const out = join(dir, 'set18.png');
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    let code: number;
    let printed: unknown[][];
    try {
      code = await run([sharedPath('data', 'phase-contrast', 'fields', 'set18', 'raw.tif'), out]);
    } finally {
      printed = [...log.mock.calls];
      log.mockRestore();
    }
    expect(code).toBe(0);
    const report = JSON.parse(String(printed[0]![0])) as Record<string, unknown>;
    // set18: the field with 27 exact .5 ties, where round-half-to-even would differ in 5 pixels.
    expect(report).toMatchObject({
      width: 1024,
      height: 1022,
      bit_depth: 16,
      p_lo: 17024,
      p_hi: 55292,
      n_zero: 5322,
      n_255: 5271,
    });
    const written = decodePngFile(readFileSync(out));
    const expected = decodePngFile(readFileSync(sharedPath('data', 'phase-contrast', 'fields', 'set18', 'phase8.png')));
    expect([written.width, written.height, written.depth, written.channels]).toEqual([1024, 1022, 8, 1]);
    expect(Buffer.from(written.data as Uint8Array).equals(Buffer.from(expected.data as Uint8Array))).toBe(true);
  });

  it('refuses an unreadable input with the file named', async () => {
    const err = vi.spyOn(console, 'error').mockImplementation(() => {});
    let code: number;
    let printed: unknown[][];
    try {
      code = await run([sharedPath('reference', 'phase8_stretch.csv'), join(dir, 'x.png')]);
    } finally {
      printed = [...err.mock.calls];
      err.mockRestore();
    }
    expect(code).toBe(1);
    expect(String(printed[0]![0])).toMatch(
      /^phase8_stretch\.csv: not an image this app reads \(.*starts with 'set,p_lo,p_h'\)$/,
    );
  });
});
