/**
 * The demo experiment's clones: a hidden serial-passage potency (7–13) per well, and the latent
 * morphology it implies, following the founding paper's observations:
 * high-potency clones have smaller, more uniform, spindle-shaped cells with less texture spread
 * and divide faster; low-potency clones have large flattened cells with a broad size spread,
 * heterogeneous texture, and grow slowly. Clone-to-clone noise on every trait keeps single
 * features informative but imperfect (|r| with potency about 0.7–0.9).
 */
import type { CloneGroup } from '../experiment';
import { forkRandom } from './random';

/**
 * Potency-like latent scores of one trait each: 0 = middle (potency 10), +1 = the potency-13 end,
 * −1 = the potency-7 end. Each is the clone's true score plus its own clone-level noise.
 */
export interface DemoLatent {
  size: number;
  sizeSpread: number;
  elongation: number;
  texture: number;
  textureSpread: number;
  growth: number;
}

/** What the renderer draws from, in pixels of the 512-px field (the pixel scale never changes). */
export interface DemoTraits {
  /** Geometric-mean area of a fully spread cell, px. */
  meanAreaPx: number;
  /** SD of the natural log of cell area: the size spread. */
  areaLogSd: number;
  /** Mean length / breadth of a spread cell. */
  meanAspect: number;
  /** Amplitude of the granular texture inside cells, grey levels. */
  textureAmplitude: number;
  /** SD of the log texture amplitude between cells: the texture spread. */
  textureLogSd: number;
  /** Exponential growth rate (cell divisions per cell per hour). */
  divisionRatePerH: number;
}

export interface DemoClone {
  /** `clone01` … `clone15`. */
  id: string;
  /** 1-based index, as in the id. */
  index: number;
  /** The hidden serial-passage potency the models should recover. */
  potency: number;
  /** `bulk` wells hold a mixed, non-clonal population. */
  group: CloneGroup;
  latent: DemoLatent;
  traits: DemoTraits;
  /** Expected cells in a 512 × 512 field at 6 h (seeding density; unrelated to potency). */
  cellsAt6h: number;
  /**
   * SD of a per-cell latent shift; 0 for clones. In bulk wells every cell draws its own shift,
   * as if from a mixture of sub-clones, which widens every distribution.
   */
  mixtureSd: number;
}

/** The potencies of the 15-clone demo: spread over 7–13, denser in the middle. */
export const DEMO_POTENCIES: readonly number[] = [7, 8, 8, 9, 9, 9, 10, 10, 10, 10, 11, 11, 11, 12, 13];

/** Clone-level noise on each latent trait, in latent units (the true scores span −1 … +1). */
const CLONE_NOISE_SD = 0.3;
const BULK_COUNT = 2;
const BULK_MIXTURE_SD = 0.55;

/** Latent score of a potency: 7 → −1, 10 → 0, 13 → +1. */
export function potencyScore(potency: number): number {
  return (potency - 10) / 3;
}

/** Traits implied by latent scores (also used per cell, with a shift, for bulk wells). */
export function traitsFromLatent(z: DemoLatent): DemoTraits {
  return {
    meanAreaPx: 720 * Math.exp(-0.5 * z.size),
    areaLogSd: Math.max(0.1, 0.3 - 0.13 * z.sizeSpread),
    meanAspect: Math.max(1.25, 2.3 + 0.8 * z.elongation),
    textureAmplitude: Math.max(5, 14 - 4 * z.texture),
    textureLogSd: Math.max(0.08, 0.28 - 0.14 * z.textureSpread),
    divisionRatePerH: Math.min(0.026, Math.max(0.01, 0.0172 + 0.004 * z.growth)),
  };
}

/** The n potencies: the 15-clone set itself, or its quantiles for other n (7 and 13 kept). */
function potenciesFor(n: number): number[] {
  if (n === DEMO_POTENCIES.length) return [...DEMO_POTENCIES];
  const out = Array.from({ length: n }, (_, i) => DEMO_POTENCIES[Math.floor(((i + 0.5) * DEMO_POTENCIES.length) / n)]!);
  if (n >= 2) {
    out[0] = 7;
    out[n - 1] = 13;
  }
  return out;
}

/** `cloneNN`, two digits (three from 100 clones on). */
export function demoCloneId(index: number): string {
  return `clone${String(index).padStart(2, '0')}`;
}

/**
 * The demo's clones for a seed. Potencies are shuffled over the clone numbers; the two wells
 * with potency nearest 10 are `bulk` (from 6 clones on).
 */
export function makeDemoClones(seed: number, nClones = 15): DemoClone[] {
  if (!Number.isInteger(nClones) || nClones < 1 || nClones > 999)
    throw new Error(`number of clones must be an integer in 1..999, got ${nClones}`);
  const random = forkRandom(seed, 'clones', nClones);
  const potencies = random.shuffle(potenciesFor(nClones));
  const bulkIndices = new Set(
    nClones < 6
      ? []
      : potencies
          .map((p, i) => ({ i, d: Math.abs(p - 10) + random.uniform() * 1e-3 }))
          .sort((a, b) => a.d - b.d)
          .slice(0, BULK_COUNT)
          .map((x) => x.i),
  );
  return potencies.map((potency, i): DemoClone => {
    const r = forkRandom(seed, 'clone', i + 1);
    const z = potencyScore(potency);
    const bulk = bulkIndices.has(i);
    const noisy = (): number => z + r.normal(0, CLONE_NOISE_SD);
    const latent: DemoLatent = {
      size: noisy(),
      sizeSpread: noisy(),
      elongation: noisy(),
      texture: noisy(),
      textureSpread: noisy(),
      // The paper finds growth rate a poor predictor of potency (low R²): no link here.
      growth: r.normal(0, 0.6),
    };
    return {
      id: demoCloneId(i + 1),
      index: i + 1,
      potency,
      group: bulk ? 'bulk' : 'REC',
      latent,
      traits: traitsFromLatent(latent),
      cellsAt6h: 11.5 * Math.exp(r.normal(0, 0.15)),
      mixtureSd: bulk ? BULK_MIXTURE_SD : 0,
    };
  });
}
