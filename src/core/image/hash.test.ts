import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeWithShared, sharedPath } from '../../testing/shared.ts';
import { contentHash } from './hash.ts';

describe('contentHash', () => {
  it('is SHA-256 in lowercase hex (FIPS 180-2 test vectors)', async () => {
    expect(await contentHash(new TextEncoder().encode('abc'))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    expect(await contentHash(new Uint8Array(0))).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
  });

  it('hashes only the bytes of the view, not the whole buffer behind it', async () => {
    const buffer = new TextEncoder().encode('xxabcxx');
    expect(await contentHash(buffer.subarray(2, 5))).toBe(await contentHash(new TextEncoder().encode('abc')));
  });
});

describeWithShared('contentHash on the real files', () => {
  it('matches SHA256SUMS, and recognises t01.tif as a copy of set1/raw.tif', async () => {
    const sums = readFileSync(sharedPath('data', 'phase-contrast', 'SHA256SUMS'), 'utf8');
    const expected = (path: string) =>
      sums
        .split('\n')
        .find((l) => l.endsWith(`  ${path}`))!
        .slice(0, 64);
    const t01 = await contentHash(readFileSync(sharedPath('data', 'phase-contrast', 'timelapse', 't01.tif')));
    const raw = await contentHash(readFileSync(sharedPath('data', 'phase-contrast', 'fields', 'set1', 'raw.tif')));
    expect(t01).toBe(expected('timelapse/t01.tif'));
    expect(raw).toBe(t01);
    expect(await contentHash(readFileSync(sharedPath('data', 'phase-contrast', 'fields', 'set1', 'phase8.png')))).toBe(
      expected('fields/set1/phase8.png'),
    );
  });
});
