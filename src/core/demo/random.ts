/**
 * Seeded pseudo-random numbers for the demo experiment.
 *
 * Every image draws from its own stream, keyed by (seed, purpose, clone, time, FOV), so an image
 * has the same pixels whether it is made alone, in a batch, or in any worker of a pool.
 * The generator is mulberry32: 32-bit state, fast in JavaScript, good enough for simulation.
 */

import { fnv1a, mix32 } from '../hash32';

export type RandomKey = string | number;

/** FNV-1a over the keys' text, then the murmur3 finaliser: a well-mixed 32-bit stream seed. */
export function hashKeys(seed: number, ...keys: readonly RandomKey[]): number {
  let h = 0x811c9dc5 ^ (seed >>> 0);
  h = Math.imul(h, 0x01000193);
  h = fnv1a(keys.map(String).join('\u001f'), h);
  h ^= Math.floor(seed / 0x100000000) | 0; // seeds beyond 32 bits still matter
  return mix32(h);
}

export interface Random {
  /** Uniform in [0, 1). */
  uniform(): number;
  /** Uniform in [lo, hi). */
  range(lo: number, hi: number): number;
  /** Integer in 0 .. n-1. */
  int(n: number): number;
  /** Raw 32-bit unsigned integer. */
  uint32(): number;
  /** Normal with the given mean and SD (polar Box–Muller, the spare value is kept). */
  normal(mean?: number, sd?: number): number;
  /**
   * Approximately standard normal: the scaled sum of the four bytes of one 32-bit draw
   * (Irwin–Hall). Tails stop at ±3.45; meant for per-pixel noise, where speed matters.
   */
  quickNormal(): number;
  /** Fills `out` with successive quickNormal() values: the same numbers, without a call per value. */
  fillQuickNormal(out: Float32Array | Float64Array): void;
  /** Poisson count with mean lambda (Knuth for small lambda, normal approximation above 30). */
  poisson(lambda: number): number;
  /** Fisher–Yates shuffle in place; returns the array. */
  shuffle<T>(items: T[]): T[];
}

/** A generator started from a 32-bit state. */
export function createRandom(state: number): Random {
  let s = state >>> 0;
  let spare: number | null = null;

  const uint32 = (): number => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (t ^ (t >>> 14)) >>> 0;
  };
  const uniform = (): number => uint32() / 4294967296;

  const standardNormal = (): number => {
    if (spare !== null) {
      const v = spare;
      spare = null;
      return v;
    }
    let u: number;
    let v: number;
    let q: number;
    do {
      u = 2 * uniform() - 1;
      v = 2 * uniform() - 1;
      q = u * u + v * v;
    } while (q >= 1 || q === 0);
    const f = Math.sqrt((-2 * Math.log(q)) / q);
    spare = v * f;
    return u * f;
  };

  const random: Random = {
    uniform,
    range: (lo, hi) => lo + (hi - lo) * uniform(),
    int: (n) => Math.floor(uniform() * n),
    uint32,
    quickNormal() {
      const x = uint32();
      // four bytes: mean 510, SD sqrt(4 · (256² − 1) / 12) = 147.80
      return ((x & 255) + ((x >>> 8) & 255) + ((x >>> 16) & 255) + (x >>> 24) - 510) / 147.8;
    },
    fillQuickNormal(out) {
      // mulberry32 inlined on a local copy of the state: per-pixel noise is most of a field's cost.
      let state = s;
      for (let i = 0; i < out.length; i++) {
        state = (state + 0x6d2b79f5) | 0;
        let t = Math.imul(state ^ (state >>> 15), 1 | state);
        t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
        const x = (t ^ (t >>> 14)) >>> 0;
        out[i] = ((x & 255) + ((x >>> 8) & 255) + ((x >>> 16) & 255) + (x >>> 24) - 510) / 147.8;
      }
      s = state;
    },
    normal: (mean = 0, sd = 1) => mean + sd * standardNormal(),
    poisson(lambda) {
      if (!(lambda > 0)) return 0;
      if (lambda > 30) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * standardNormal()));
      const limit = Math.exp(-lambda);
      let k = 0;
      let p = uniform();
      while (p > limit) {
        k++;
        p *= uniform();
      }
      return k;
    },
    shuffle(items) {
      for (let i = items.length - 1; i > 0; i--) {
        const j = Math.floor(uniform() * (i + 1));
        const tmp = items[i]!;
        items[i] = items[j]!;
        items[j] = tmp;
      }
      return items;
    },
  };
  return random;
}

/** An independent stream for one purpose, e.g. `forkRandom(seed, 'image', 'clone07', 30, 12)`. */
export function forkRandom(seed: number, ...keys: readonly RandomKey[]): Random {
  return createRandom(hashKeys(seed, ...keys));
}
