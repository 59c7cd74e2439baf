/**
 * `analyze` given a folder with good and bad files: every bad file is named with its problem on
 * stderr, the good ones are analysed and profiles.csv is written (exit 0); with only bad files the
 * command fails (exit ≠ 0) and still names each one.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encode } from 'fast-png';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { demoFileName, makeDemoClones, renderDemoImage } from '../core/demo';
import { run as analyze } from './commands/analyze';

const root = mkdtempSync(join(tmpdir(), 'analyze-robust-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function goodPng(clone: ReturnType<typeof makeDemoClones>[number], timeH: number): Uint8Array {
  const img = renderDemoImage({ seed: 5, clone, timeH, fov: 1, size: 256 });
  return encode({ width: img.width, height: img.height, data: img.data, channels: 1, depth: 8 });
}

/** Runs analyze with stderr captured line by line. */
async function analyzeCapturing(args: string[]): Promise<{ code: number; errors: string[] }> {
  const errors: string[] = [];
  const spy = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void errors.push(a.join(' ')));
  try {
    return { code: await analyze(args), errors };
  } finally {
    spy.mockRestore();
  }
}

const BAD: Record<string, string> = {
  'clone01_t018h_f01.png': 'clone01_t018h_f01.png: empty file (0 bytes)',
  'clone01_t024h_f01.png':
    "clone01_t024h_f01.png: not an image this app reads (no PNG, JPEG or TIFF signature; starts with 'Lab notes: c')",
  'clone02_t018h_f01.png': 'clone02_t018h_f01.png: truncated PNG (the image-data chunk at byte 33 runs to byte ',
  'holiday photo.png': "holiday photo.png: no {time} found: expected '_t' and something like t030h after 'holiday', but found ' photo'",
};

describe('analyze with bad files mixed in', () => {
  const input = join(root, 'mixed');
  const out = join(root, 'mixed-out');
  let result: { code: number; errors: string[] };

  beforeAll(async () => {
    mkdirSync(input, { recursive: true });
    const clones = makeDemoClones(5, 2);
    for (const clone of clones)
      for (const timeH of [6, 12]) writeFileSync(join(input, demoFileName(clone, timeH, 1)), goodPng(clone, timeH));
    const good = goodPng(clones[1]!, 18);
    writeFileSync(join(input, 'clone01_t018h_f01.png'), new Uint8Array(0));
    writeFileSync(join(input, 'clone01_t024h_f01.png'), 'Lab notes: clone 1 looked odd today.\n');
    writeFileSync(join(input, 'clone02_t018h_f01.png'), good.subarray(0, Math.floor(good.length / 2)));
    writeFileSync(join(input, 'holiday photo.png'), good);
    result = await analyzeCapturing([input, '--out', out, '--workers', '1', '--method', 'classical']);
  });

  it('names every bad file with its problem, once', () => {
    for (const [file, message] of Object.entries(BAD)) {
      const lines = result.errors.filter((e) => e.startsWith(`${file}: `));
      expect(lines, file).toHaveLength(1);
      expect(lines[0]!.startsWith(message), `${lines[0]} should start with ${message}`).toBe(true);
    }
    expect(result.errors.some((e) => e.includes('; 4 problems'))).toBe(true);
  });

  it('analyses the good files, writes profiles.csv and exits 0', () => {
    expect(result.code).toBe(0);
    expect(result.errors.some((e) => e.startsWith('analysed 4 of 8 image files'))).toBe(true);
    const qc = readFileSync(join(out, 'qc.csv'), 'utf8').trim().split('\n');
    expect(qc.slice(1).map((l) => l.split(',').slice(0, 4).join(','))).toEqual([
      'clone01,6,1,clone01_t006h_f01.png',
      'clone01,12,1,clone01_t012h_f01.png',
      'clone02,6,1,clone02_t006h_f01.png',
      'clone02,12,1,clone02_t012h_f01.png',
    ]);
    const profiles = readFileSync(join(out, 'profiles.csv'), 'utf8').trim().split('\n');
    expect(profiles).toHaveLength(3);
    expect(profiles[0]!.split(',')).toHaveLength(1 + 2 * 24);
    expect(profiles.slice(1).map((l) => l.split(',')[0])).toEqual(['clone01', 'clone02']);
  });
});

describe('analyze with only bad files', () => {
  it('names each file and exits non-zero without writing profiles', async () => {
    const input = join(root, 'bad-only');
    const out = join(root, 'bad-only-out');
    mkdirSync(input, { recursive: true });
    writeFileSync(join(input, 'clone01_t006h_f01.png'), new Uint8Array(0));
    writeFileSync(join(input, 'clone01_t012h_f01.png'), 'not a png');
    const { code, errors } = await analyzeCapturing([input, '--out', out, '--workers', '1', '--method', 'classical']);
    expect(code).toBe(1);
    expect(errors).toContain('clone01_t006h_f01.png: empty file (0 bytes)');
    expect(errors.some((e) => e.startsWith('clone01_t012h_f01.png: not an image this app reads'))).toBe(true);
    expect(errors).toContain('no image could be analysed (2 problems above)');
    expect(existsSync(join(out, 'profiles.csv'))).toBe(false);
  });

  it('names a folder where no file name can be read, and exits non-zero', async () => {
    const input = join(root, 'bad-names');
    mkdirSync(input, { recursive: true });
    writeFileSync(join(input, 'IMG_0001.png'), new Uint8Array(0));
    const { code, errors } = await analyzeCapturing([input, '--out', join(root, 'bad-names-out'), '--workers', '1', '--method', 'classical']);
    expect(code).toBe(2);
    expect(errors[0]).toMatch(/^no naming pattern reads these files \(e\.g\. IMG_0001\.png\); give one with --pattern/);
  });

  it('says so when the folder holds no image file at all', async () => {
    const input = join(root, 'no-images');
    mkdirSync(input, { recursive: true });
    writeFileSync(join(input, 'notes.txt'), 'nothing here');
    const { code, errors } = await analyzeCapturing([input, '--out', join(root, 'no-images-out'), '--workers', '1', '--method', 'classical']);
    expect(code).toBe(1);
    expect(errors).toEqual([`${input}: no image files (png, jpg, jpeg, tif, tiff) found`]);
  });
});
