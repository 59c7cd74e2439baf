import { describe, expect, it } from 'vitest';
import { makeThumbnail } from './thumbnail.ts';

describe('makeThumbnail', () => {
  it('averages whole blocks when the factor is an integer', () => {
    // 4 × 2 → 2 × 1: each output pixel is the mean of a 2 × 2 block.
    const data = Uint8Array.from([0, 10, 100, 101, 20, 30, 102, 103]);
    const t = makeThumbnail({ width: 4, height: 2, data }, 2);
    expect(t.width).toBe(2);
    expect(t.height).toBe(1);
    expect(Array.from(t.data)).toEqual([15, 102]); // 60/4 = 15; 406/4 = 101.5 → 102 (half up)
  });

  it('weights partly covered pixels by the covered fraction', () => {
    // 3 × 1 → 2 × 1: output 0 covers pixel 0 and half of pixel 1, output 1 the rest.
    const t = makeThumbnail({ width: 3, height: 1, data: Uint8Array.from([0, 90, 180]) }, 2);
    expect(t.width).toBe(2);
    expect(t.height).toBe(1);
    // (0 + 0.5·90)/1.5 = 30; (0.5·90 + 180)/1.5 = 150
    expect(Array.from(t.data)).toEqual([30, 150]);
  });

  it('keeps the aspect ratio and the mean grey of a large image', () => {
    const width = 1024;
    const height = 1022;
    const data = new Uint8Array(width * height);
    for (let i = 0; i < data.length; i++) data[i] = (i * 7919) % 256;
    const t = makeThumbnail({ width, height, data }, 128);
    expect([t.width, t.height]).toEqual([128, 128]); // 1022/8 = 127.75 → 128
    const mean = (a: Uint8Array) => a.reduce((s, v) => s + v, 0) / a.length;
    expect(Math.abs(mean(t.data) - mean(data))).toBeLessThan(0.6);
  });

  it('returns a copy of images already small enough', () => {
    const data = Uint8Array.from([1, 2, 3, 4]);
    const t = makeThumbnail({ width: 2, height: 2, data }, 64);
    expect(t).toEqual({ width: 2, height: 2, data });
    expect(t.data).not.toBe(data);
  });
});
