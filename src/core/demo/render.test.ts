import { describe, expect, it } from 'vitest';
import { TIME_POINTS_H } from '../experiment';
import { makeDemoClones } from './clones';
import { demoFieldCounts, renderDemoImage } from './render';

function pearson(a: number[], b: number[]): number {
  const ma = a.reduce((s, v) => s + v, 0) / a.length;
  const mb = b.reduce((s, v) => s + v, 0) / b.length;
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += (a[i]! - ma) * (b[i]! - mb);
    aa += (a[i]! - ma) ** 2;
    bb += (b[i]! - mb) ** 2;
  }
  return ab / Math.sqrt(aa * bb);
}

const mean = (v: number[]): number => v.reduce((s, x) => s + x, 0) / v.length;
const sd = (v: number[]): number => {
  const m = mean(v);
  return Math.sqrt(v.reduce((s, x) => s + (x - m) ** 2, 0) / (v.length - 1));
};

/** Area and moment aspect ratio of every label not touching the border. */
function labelShapes(truth: Uint16Array, size: number, cells: number): { area: number; aspect: number }[] {
  const m = new Float64Array((cells + 1) * 6);
  const border = new Uint8Array(cells + 1);
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const l = truth[y * size + x]!;
      if (l === 0) continue;
      const o = l * 6;
      m[o]! += 1;
      m[o + 1]! += x;
      m[o + 2]! += y;
      m[o + 3]! += x * x;
      m[o + 4]! += y * y;
      m[o + 5]! += x * y;
      if (x === 0 || y === 0 || x === size - 1 || y === size - 1) border[l] = 1;
    }
  const out: { area: number; aspect: number }[] = [];
  for (let l = 1; l <= cells; l++) {
    const o = l * 6;
    const a = m[o]!;
    if (border[l] || a === 0) continue;
    const mx = m[o + 1]! / a;
    const my = m[o + 2]! / a;
    const cxx = m[o + 3]! / a - mx * mx;
    const cyy = m[o + 4]! / a - my * my;
    const cxy = m[o + 5]! / a - mx * my;
    const half = (cxx + cyy) / 2;
    const root = Math.sqrt(half * half - (cxx * cyy - cxy * cxy));
    out.push({ area: a, aspect: Math.sqrt((half + root) / Math.max(half - root, 1e-9)) });
  }
  return out;
}

/** Distance class of every pixel to the nearest cell: 0 inside, 1..3 the ring around it, 4 beyond. */
function ringsAroundCells(truth: Uint16Array, size: number): Uint8Array {
  const ring = new Uint8Array(truth.length).fill(4);
  for (let i = 0; i < truth.length; i++) if (truth[i] !== 0) ring[i] = 0;
  for (let step = 1; step <= 3; step++) {
    const prev = ring.slice();
    for (let y = 0; y < size; y++)
      for (let x = 0; x < size; x++) {
        const i = y * size + x;
        if (prev[i] !== 4) continue;
        for (let dy = -1; dy <= 1; dy++)
          for (let dx = -1; dx <= 1; dx++) {
            const xx = x + dx;
            const yy = y + dy;
            if (xx >= 0 && yy >= 0 && xx < size && yy < size && prev[yy * size + xx] === step - 1) ring[i] = step;
          }
      }
  }
  return ring;
}

describe('demo image renderer', () => {
  const clones = makeDemoClones(1);
  const clone07 = clones[6]!;

  it('gives identical bytes for the same seed, whatever was drawn before', () => {
    const alone = renderDemoImage({ seed: 1, clone: clone07, timeH: 30, fov: 12 });
    for (const c of clones.slice(0, 4)) renderDemoImage({ seed: 1, clone: c, timeH: 60, fov: 3 });
    const fresh = makeDemoClones(1)[6]!;
    const again = renderDemoImage({ seed: 1, clone: fresh, timeH: 30, fov: 12 });
    expect(again.width).toBe(512);
    expect(again.height).toBe(512);
    expect(Buffer.from(again.data).equals(Buffer.from(alone.data))).toBe(true);
  });

  it('differs between seeds and between fields', () => {
    const a = renderDemoImage({ seed: 1, clone: clone07, timeH: 30, fov: 12 }).data;
    const otherSeed = renderDemoImage({ seed: 2, clone: clone07, timeH: 30, fov: 12 }).data;
    const otherFov = renderDemoImage({ seed: 1, clone: clone07, timeH: 30, fov: 11 }).data;
    for (const b of [otherSeed, otherFov]) {
      let differ = 0;
      for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) differ++;
      expect(differ / a.length).toBeGreaterThan(0.5);
    }
  });

  it('grows the cell count over time, never falling within a field', () => {
    for (const c of clones)
      for (let fov = 1; fov <= 4; fov++) {
        const counts = TIME_POINTS_H.map((h) => demoFieldCounts(1, c, h, fov).cells);
        for (let k = 1; k < counts.length; k++) expect(counts[k]!).toBeGreaterThanOrEqual(counts[k - 1]!);
      }
    const total = (h: number): number =>
      clones.reduce((s, c) => s + [1, 2, 3, 4].reduce((t, f) => t + demoFieldCounts(1, c, h, f).cells, 0), 0);
    const per6h = total(6) / (clones.length * 4);
    const ratio = total(90) / total(6);
    expect(per6h).toBeGreaterThan(8);
    expect(per6h).toBeLessThan(15);
    expect(ratio).toBeGreaterThan(3);
    expect(ratio).toBeLessThan(6);
    // The drawn images follow: more labelled cells at 90 h than at 6 h.
    const drawn = (h: number): number =>
      [1, 2, 3].reduce(
        (s, f) => s + renderDemoImage({ seed: 1, clone: clone07, timeH: h, fov: f }, { withTruth: true }).cells,
        0,
      );
    expect(drawn(90)).toBeGreaterThan(2 * drawn(6));
  });

  it('scales the count with field area: a 1000-px field holds about 3.8× a 512-px one', () => {
    let small = 0;
    let large = 0;
    for (const c of clones)
      for (let fov = 1; fov <= 8; fov++) {
        small += demoFieldCounts(1, c, 48, fov, 512).cells;
        large += demoFieldCounts(1, c, 48, fov, 1000).cells;
      }
    expect(large / small).toBeGreaterThan(3.3);
    expect(large / small).toBeLessThan(4.4);
  });

  it('draws a plausible phase-contrast field: grey background, bright halos, textured cells', () => {
    const size = 512;
    const { image, truth, cells } = renderDemoImage(
      { seed: 1, clone: clone07, timeH: 60, fov: 2 },
      { withTruth: true },
    );
    expect(image.data).toHaveLength(size * size);
    expect(truth).toHaveLength(size * size);
    const ring = ringsAroundCells(truth, size);
    const bg: number[] = [];
    const halo: number[] = [];
    let bgDiff = 0;
    let bgPairs = 0;
    let cellDiff = 0;
    let cellPairs = 0;
    for (let y = 0; y < size; y++)
      for (let x = 0; x < size; x++) {
        const i = y * size + x;
        const v = image.data[i]!;
        if (ring[i] === 4) bg.push(v);
        else if (ring[i] === 1 || ring[i] === 2) halo.push(v);
        if (x + 1 < size) {
          const d = Math.abs(v - image.data[i + 1]!);
          if (ring[i] === 4 && ring[i + 1] === 4) {
            bgDiff += d;
            bgPairs++;
          } else if (truth[i] !== 0 && truth[i] === truth[i + 1]) {
            cellDiff += d;
            cellPairs++;
          }
        }
      }
    expect(cells).toBeGreaterThan(10);
    expect(mean(bg)).toBeGreaterThan(100);
    expect(mean(bg)).toBeLessThan(150);
    expect(sd(bg)).toBeLessThan(15); // illumination drift plus noise, no structure
    expect(mean(halo)).toBeGreaterThan(mean(bg) + 10);
    // Texture: neighbouring pixels inside cells differ far more than on the background.
    expect(cellDiff / cellPairs).toBeGreaterThan(2 * (bgDiff / bgPairs));
    const all = Array.from(image.data);
    expect(mean(all)).toBeGreaterThan(100);
    expect(mean(all)).toBeLessThan(160);
  });

  it('returns contiguous truth labels 1..cells with cell-sized areas', () => {
    const size = 512;
    for (const [c, h] of [
      [clones[0]!, 90],
      [clone07, 6],
      [clones[14]!, 90],
    ] as const) {
      const { truth, cells } = renderDemoImage({ seed: 3, clone: c, timeH: h, fov: 1 }, { withTruth: true });
      const area = new Uint32Array(65536);
      let max = 0;
      for (const l of truth) {
        area[l]!++;
        if (l > max) max = l;
      }
      expect(max).toBe(cells);
      for (let l = 1; l <= cells; l++) expect(area[l]).toBeGreaterThan(0);
      const inner = labelShapes(truth, size, cells).map((s) => s.area);
      expect(Math.min(...inner)).toBeGreaterThan(60);
      expect(Math.max(...inner)).toBeLessThan(4000);
      expect(mean(inner)).toBeGreaterThan(150);
      expect(mean(inner)).toBeLessThan(2500);
    }
  });

  it('accepts sizes 64..2048 only', () => {
    const tiny = renderDemoImage({ seed: 1, clone: clone07, timeH: 90, fov: 1, size: 64 });
    expect(tiny.data).toHaveLength(64 * 64);
    expect(() => renderDemoImage({ seed: 1, clone: clone07, timeH: 90, fov: 1, size: 63 })).toThrow(/64 to 2048/);
    expect(() => renderDemoImage({ seed: 1, clone: clone07, timeH: 90, fov: 1, size: 2049 })).toThrow(/64 to 2048/);
  });

  it('lets simple per-clone statistics of the true cells recover potency (90 h, 4 FOVs)', () => {
    const areaMean: number[] = [];
    const areaSd: number[] = [];
    const aspectMean: number[] = [];
    const start = performance.now();
    for (const c of clones) {
      const shapes = [1, 2, 3, 4].flatMap((fov) => {
        const { truth, cells } = renderDemoImage({ seed: 1, clone: c, timeH: 90, fov }, { withTruth: true });
        return labelShapes(truth, 512, cells).filter((s) => s.area >= 150);
      });
      areaMean.push(mean(shapes.map((s) => s.area)));
      areaSd.push(sd(shapes.map((s) => s.area)));
      aspectMean.push(mean(shapes.map((s) => s.aspect)));
    }
    const msPerImage = (performance.now() - start) / (clones.length * 4);
    const potency = clones.map((c) => c.potency);
    const r = {
      areaMean: pearson(areaMean, potency),
      areaSd: pearson(areaSd, potency),
      aspect: pearson(aspectMean, potency),
    };
    console.log(
      `demo 90 h truth features vs potency: r = ${JSON.stringify(r)}; ${msPerImage.toFixed(1)} ms per 512-px image`,
    );
    expect(r.areaMean).toBeLessThan(-0.6);
    expect(r.areaSd).toBeLessThan(-0.6);
    expect(r.aspect).toBeGreaterThan(0.6);
    // Informative, not trivial: clone noise keeps single features away from a perfect fit.
    expect(Math.abs(r.areaMean)).toBeLessThan(0.98);
  });
});
