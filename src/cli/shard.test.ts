/**
 * `analyze --shard I/N` + `merge` against one unsharded `analyze`, on the 8-FOV demo (3 clones ×
 * 15 time points × 8 FOVs = 360 fields, 256 px, classical as its demo.json says): N = 2 and 3 give
 * every output file byte for byte; a missing shard and a shard of other parameters are refused with
 * the reason; --shard 0/2, 3/2 and x are refused.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_SEGMENTATION_PARAMS } from '../core/demo/experiment';
import { shardOf } from '../core/sharding/assign';
import { run as analyze } from './commands/analyze';
import { run as demo } from './commands/demo';
import { run as merge } from './commands/merge';
import { quiet } from '../testing/quietCli';

const root = mkdtempSync(join(tmpdir(), 'shard-cli-'));
const input = join(root, 'demo');
afterAll(() => rmSync(root, { recursive: true, force: true }));


const FILES = ['profiles.csv', 'image_stats.json', 'qc.csv', 'manifest.json'];

function sameOutputs(a: string, b: string): void {
  for (const f of FILES) expect(readFileSync(join(b, f), 'utf8'), f).toBe(readFileSync(join(a, f), 'utf8'));
  const cells = readdirSync(join(a, 'cells')).sort();
  expect(readdirSync(join(b, 'cells')).sort()).toEqual(cells);
  for (const c of cells) expect(readFileSync(join(b, 'cells', c), 'utf8'), c).toBe(readFileSync(join(a, 'cells', c), 'utf8'));
}

describe('analyze --shard I/N and merge', () => {
  const whole = join(root, 'whole');
  beforeAll(async () => {
    expect((await quiet(() => demo(['--out', input, '--clones', '3', '--fovs', '8', '--size', '256']))).code).toBe(0);
    expect((await quiet(() => analyze([input, '--out', whole, '--workers', '1']))).code).toBe(0);
  }, 120_000);

  for (const n of [2, 3])
    it(`N = ${n}: the merged shards are the unsharded analysis, byte for byte`, async () => {
      const dirs: string[] = [];
      for (let i = 1; i <= n; i++) {
        const dir = join(root, `n${n}_${i}`);
        const r = await quiet(() => analyze([input, '--out', dir, '--shard', `${i}/${n}`, '--workers', '1']));
        expect(r.code).toBe(0);
        expect(existsSync(join(dir, 'profiles.csv'))).toBe(false);
        const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
        expect(m.shard).toEqual({ index: i, count: n });
        expect(m.listing).toHaveLength(360);
        expect(m.images.every((im: { file: string; sha256: string }) => shardOf(im.file, n) === i && /^[0-9a-f]{64}$/.test(im.sha256))).toBe(true);
        dirs.push(dir);
      }
      const out = join(root, `merged${n}`);
      // Given in any order.
      const r = await quiet(() => merge([...dirs].reverse().concat('--out', out)));
      expect(r.code, r.errors.join('\n')).toBe(0);
      sameOutputs(whole, out);
    }, 120_000);

  it('refuses a missing shard, naming it and its images', async () => {
    const r = await quiet(() => merge([join(root, 'n3_1'), join(root, 'n3_3'), '--out', join(root, 'bad1')]));
    expect(r.code).toBe(1);
    expect(r.errors[0]).toMatch(/^merge: shard 2\/3 is missing \(not among the folders given\): \d+ images not merged: clone/);
    expect(r.errors.at(-1)).toContain('merge refused (1 problem)');
    expect(existsSync(join(root, 'bad1'))).toBe(false);
  });

  it('refuses a shard made with other parameters, saying which', async () => {
    const params = join(root, 'other.json');
    writeFileSync(params, JSON.stringify({ ...DEMO_SEGMENTATION_PARAMS, method: 'classical', minArea2: DEMO_SEGMENTATION_PARAMS.minArea2 + 5 }));
    const other = join(root, 'other_2');
    expect((await quiet(() => analyze([input, '--out', other, '--shard', '2/2', '--params', params, '--workers', '1']))).code).toBe(0);
    const r = await quiet(() => merge([join(root, 'n2_1'), other, '--out', join(root, 'bad2')]));
    expect(r.code).toBe(1);
    expect(r.errors[0]).toMatch(/^merge: .*other_2: other segmentation parameters \(hash\) than .*n2_1 \("[0-9a-f]{16}" against "[0-9a-f]{16}"\)/);
    expect(existsSync(join(root, 'bad2'))).toBe(false);
  }, 60_000);

  it('refuses a shard whose statistics lost an image, naming it', async () => {
    const dir = join(root, 'n2_2');
    const stats = JSON.parse(readFileSync(join(dir, 'image_stats.json'), 'utf8'));
    const lost = stats.images.pop();
    const copy = join(root, 'cut');
    rmSync(copy, { recursive: true, force: true });
    // A shard folder whose image_stats.json lost an image (e.g. edited, or a copy that did not finish).
    cpSync(dir, copy, { recursive: true });
    writeFileSync(join(copy, 'image_stats.json'), JSON.stringify(stats));
    const r = await quiet(() => merge([join(root, 'n2_1'), copy, '--out', join(root, 'bad3')]));
    expect(r.code).toBe(1);
    expect(r.errors[0]).toBe(`merge: ${copy}: image ${lost.file} is missing from image_stats.json (the manifest says it was analysed)`);
  });

  it('refuses --shard 0/2, 3/2 and x with the reason', async () => {
    for (const [arg, why] of [
      ['0/2', 'I must be 1 … 2'],
      ['3/2', 'I must be 1 … 2'],
      ['x', 'must be I/N with whole numbers'],
    ] as const) {
      const r = await quiet(() => analyze([input, '--out', join(root, 'never'), '--shard', arg]));
      expect(r.code).toBe(2);
      expect(r.errors.join('\n')).toContain(why);
    }
    expect(existsSync(join(root, 'never'))).toBe(false);
  });
});
