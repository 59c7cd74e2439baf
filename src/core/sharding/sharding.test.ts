import { describe, expect, it } from 'vitest';
import { describeDemoExperiment } from '../demo/experiment';
import { parseShard, shardOf } from './assign';
import { buildManifest, checkShards, mergedManifest, type GivenShard, type ManifestImage } from './manifest';

describe('parseShard', () => {
  it('reads I/N from 1', () => {
    expect(parseShard('1/4')).toEqual({ index: 1, count: 4 });
    expect(parseShard('4/4')).toEqual({ index: 4, count: 4 });
  });
  it('refuses 0/2, 3/2, x, 1/0 with the reason', () => {
    expect(() => parseShard('0/2')).toThrow('I must be 1 … 2 (shards are numbered from 1)');
    expect(() => parseShard('3/2')).toThrow('I must be 1 … 2');
    expect(() => parseShard('x')).toThrow('--shard must be I/N with whole numbers, e.g. 1/4 (got "x")');
    expect(() => parseShard('1/0')).toThrow('N must be 1');
    expect(() => parseShard('1.5/2')).toThrow('whole numbers');
  });
});

describe('shardOf', () => {
  const names = describeDemoExperiment({ clones: 15, fovs: 8 }).fileNames;

  it('depends on the path alone: the same in any listing order, and every image in exactly one shard', () => {
    const forward = names.map((n) => shardOf(n, 4));
    const backward = [...names].reverse().map((n) => shardOf(n, 4)).reverse();
    expect(backward).toEqual(forward);
    expect(forward.every((s) => s >= 1 && s <= 4)).toBe(true);
    expect(names.map((n) => shardOf(n, 1)).every((s) => s === 1)).toBe(true);
  });

  it('spreads the 1,800 demo fields evenly (each of 4 shards within 10 % of 450)', () => {
    const counts = [0, 0, 0, 0];
    for (const n of names) counts[shardOf(n, 4) - 1]!++;
    for (const c of counts) expect(Math.abs(c - 450)).toBeLessThan(45);
  });
});

describe('checkShards', () => {
  const listing = describeDemoExperiment({ clones: 2, fovs: 2 }).fileNames.slice(0, 12);
  const image = (file: string): ManifestImage => {
    const m = /^(clone\d+)_t(\d+)h_f(\d+)/.exec(file)!;
    return { file, sha256: 'ab'.repeat(32), clone: m[1]!, timeH: Number(m[2]), fov: Number(m[3]), cells: 3 };
  };
  const shard = (index: number, count: number, over: Partial<Parameters<typeof buildManifest>[0]> = {}): GivenShard => ({
    dir: `out${index}`,
    manifest: buildManifest({
      appVersion: '0.1.0',
      shard: { index, count },
      method: 'classical',
      model: null,
      paramsHash: '0123456789abcdef',
      pattern: '{clone}_t{time}h_f{fov}',
      listing,
      images: listing.filter((f) => shardOf(f, count) === index).map(image),
      ...over,
    }),
  });
  const three = [shard(1, 3), shard(2, 3), shard(3, 3)];

  it('accepts shards 1 … N of one analysis, and the merged manifest is the unsharded one', () => {
    expect(checkShards(three)).toEqual([]);
    expect(mergedManifest(three)).toEqual(shard(1, 1).manifest);
  });

  it('names a missing shard and its images', () => {
    const missing = listing.filter((f) => shardOf(f, 3) === 2);
    expect(missing.length).toBeGreaterThan(0);
    expect(checkShards([three[0]!, three[2]!])).toEqual([
      `shard 2/3 is missing (not among the folders given): ${missing.length} images not merged: ${missing.join(', ')}`,
    ]);
  });

  it('names a shard given twice, and a shard of another N', () => {
    expect(checkShards([...three, { ...three[1]!, dir: 'copy' }])).toEqual(['shard 2/3 given 2 times: out2, copy']);
    expect(checkShards([three[0]!, three[1]!, shard(2, 2)])[0]).toBe('out2: shard 2/2, but out1 is one of 3 shards');
  });

  it('refuses other parameters, method, model or version, saying which', () => {
    const other = [three[0]!, { ...shard(2, 3, { paramsHash: 'fedcba9876543210' }) }, three[2]!];
    expect(checkShards(other)).toEqual([
      'out2: other segmentation parameters (hash) than out1 ("fedcba9876543210" against "0123456789abcdef"); shards of one analysis must be made with the same settings',
    ]);
    const learned = shard(3, 3, { method: 'learned', model: { name: 'unet', sha256: 'c0ffee'.repeat(10) } });
    const p = checkShards([three[0]!, three[1]!, learned]);
    expect(p).toHaveLength(2);
    expect(p[0]).toContain('out3: other segmentation method than out1 ("learned" against "classical")');
    expect(p[1]).toContain('out3: other segmentation model than out1 (unet sha256 c0ffeec0ffeec0ff… against null)');
    expect(checkShards([three[0]!, shard(2, 3, { appVersion: '0.2.0' }), three[2]!])[0]).toContain('other app version');
  });

  it('names a duplicated image and a missing one', () => {
    const stolen = three[0]!.manifest.images[0]!;
    const dup = { ...three[1]!, manifest: { ...three[1]!.manifest, images: [...three[1]!.manifest.images, stolen] } };
    expect(checkShards([three[0]!, dup, three[2]!])).toEqual([
      `image ${stolen.file} is in two shards: out1 and out2`,
      `out2: image ${stolen.file} belongs to shard 1/3, not 2/3`,
    ]);
    const lost = three[2]!.manifest.images.at(-1)!;
    const short = { ...three[2]!, manifest: { ...three[2]!.manifest, images: three[2]!.manifest.images.slice(0, -1) } };
    expect(checkShards([three[0]!, three[1]!, short])).toEqual([`image ${lost.file} is missing: shard 3/3 does not list it`]);
  });

  it('refuses shards cut from different folder contents, naming the images', () => {
    const more = [...listing, 'clone03_t006h_f01.png'];
    const p = checkShards([three[0]!, shard(2, 3, { listing: more }), three[2]!]);
    expect(p).toEqual([
      'out2 was cut from another set of images than out1 (13 against 12 images; only in out2: clone03_t006h_f01.png); was the folder changed between shards?',
    ]);
  });
});
