/**
 * `segment` on a shared field: the learned method writes the labels and the per-cell table, and
 * the pixel size changes what it finds; mistyped options stop it before any work.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decode } from 'fast-png';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { run as segment } from './commands/segment';
import { describeWithShared, sharedPath } from '../testing/shared';

const root = mkdtempSync(join(tmpdir(), 'segment-cli-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function segmentCapturing(args: string[]): Promise<{ code: number; errors: string[] }> {
  const errors: string[] = [];
  const spy = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void errors.push(a.join(' ')));
  try {
    return { code: await segment(args), errors };
  } finally {
    spy.mockRestore();
  }
}

describeWithShared(
  'npm run cli -- segment --method learned',
  () => {
    const field = sharedPath('data', 'phase-contrast', 'fields', 'set18', 'raw.tif');
    const at087 = join(root, 'at087');
    const at060 = join(root, 'at060');
    let first: { code: number; errors: string[] };
    let second: { code: number; errors: string[] };

    beforeAll(async () => {
      first = await segmentCapturing([field, '--out', at087, '--method', 'learned']);
      second = await segmentCapturing([field, '--out', at060, '--method', 'learned', '--pixel-size', '0.6']);
    }, 120_000); // two learned fields; the default 10 s is too short on a loaded 2-core machine

    const cellsOf = (errors: string[]) => Number(/^raw: (\d+) cells/.exec(errors.find((e) => e.startsWith('raw: ')) ?? '')?.[1]);

    it('writes a 16-bit label image and one CSV row per cell', () => {
      expect(first.code).toBe(0);
      expect(first.errors[0]).toMatch(/^segmentation: learned \(model [0-9a-f]{16}, 0\.87 µm\/px/);
      const png = decode(readFileSync(join(at087, 'raw.labels.png')));
      expect([png.width, png.height, png.depth]).toEqual([1024, 1022, 16]);
      const labels = new Set(png.data as Uint16Array);
      labels.delete(0);
      const rows = readFileSync(join(at087, 'raw.cells.csv'), 'utf8').trimEnd().split('\n');
      expect(rows[0]!.startsWith('label,')).toBe(true);
      expect(rows.length - 1).toBe(labels.size);
      expect(cellsOf(first.errors)).toBe(labels.size);
      // The field states its pixel size (Nikon tag 65326), which the network's scale then uses.
      expect(first.errors).toContain('raw.tif: pixel size 0.8708 µm/px (Nikon NIS-Elements tag 65326), read from the file');
      expect(labels.size).toBeGreaterThan(20);
    });

    it('--pixel-size changes the scale the network sees, and so the cells found', () => {
      expect(second.code).toBe(0);
      expect(second.errors[0]).toMatch(/0\.6 µm\/px/);
      expect(cellsOf(second.errors)).not.toBe(cellsOf(first.errors));
      expect(/params ([0-9a-f]{16})/.exec(second.errors[0]!)?.[1]).not.toBe(/params ([0-9a-f]{16})/.exec(first.errors[0]!)?.[1]);
    });
  },
  { requiredInCi: true },
);

describe('segment refuses a bad command line before doing any work', () => {
  it('segment --methd names --methd', async () => {
    await expect(segment(['x.png', '--out', '/nonexistent/out', '--methd', 'learned'])).rejects.toThrow(/unknown option --methd/);
  });
  it('segment --method with a bad value or none', async () => {
    await expect(segment(['x.png', '--out', '/nonexistent/out', '--method', 'neural'])).rejects.toThrow(
      '--method must be learned or classical, got "neural"',
    );
    await expect(segment(['x.png', '--out', '/nonexistent/out', '--pixel-size'])).rejects.toThrow('--pixel-size needs a value');
    await expect(segment(['x.png', '--out', '/nonexistent/out', '--pixel-size', '0'])).rejects.toThrow(/--pixel-size must be a positive/);
  });
});
