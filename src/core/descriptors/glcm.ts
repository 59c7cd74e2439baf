/**
 * Grey-level co-occurrence (GLCM) texture features of one cell, as skimage's graycoprops computes
 * them (shared/reference/README.md §1): 32 levels (q = v >> 3), distance 1, symmetric, features
 * per angle, then the mean over the angles that had at least one pair.
 */
export const GLCM_LEVELS = 32;
/** 8-bit grey value → level: v >> 3. */
export const GLCM_SHIFT = 3;
/** 0°, 45°, 90°, 135°. */
export const GLCM_ANGLES = 4;

export interface GlcmFeatures {
  contrast: number;
  correlation: number;
  /** sqrt of the angular second moment, as skimage's 'energy'. */
  energy: number;
  homogeneity: number;
  /** Angles that had at least one pair (the features average over these). */
  anglesUsed: number;
}

/** Below this σ the correlation is undefined and taken as 1 (skimage's rule). */
const SIGMA_FLOOR = 1e-15;

/**
 * `counts` holds GLCM_ANGLES directed 32×32 pair-count matrices C from `offset` on. The symmetric
 * matrix is P = C + Cᵀ, so every sum over P is a sum over C of a symmetrised weight, and all sums
 * except homogeneity's are integers, exact in float64; normalising by the total comes last.
 */
export function glcmFeatures(counts: Uint32Array, offset = 0): GlcmFeatures {
  const L = GLCM_LEVELS;
  const angles = GLCM_ANGLES;
  let contrast = 0;
  let correlation = 0;
  let energy = 0;
  let homogeneity = 0;
  let used = 0;
  for (let a = 0; a < angles; a++) {
    const o = offset + a * L * L;
    let pairs = 0; // Σ C = half the total of P
    let sumD2 = 0; // Σ C·(i−j)²
    let sumHom = 0; // Σ C / (1 + (i−j)²)
    let sumLevel = 0; // Σ C·(i + j)      = Σ P·i
    let sumLevel2 = 0; // Σ C·(i² + j²)   = Σ P·i²
    let sumCross = 0; // Σ C·i·j          = ½ Σ P·i·j
    let sumP2 = 0; // Σ P²
    for (let i = 0; i < L; i++) {
      const row = o + i * L;
      for (let j = 0; j < L; j++) {
        const cij = counts[row + j]!;
        if (j >= i) {
          const pij = cij + counts[o + j * L + i]!;
          sumP2 += j === i ? pij * pij : 2 * pij * pij;
        }
        if (cij === 0) continue;
        const d2 = (i - j) * (i - j);
        pairs += cij;
        sumD2 += cij * d2;
        sumHom += cij / (1 + d2);
        sumLevel += cij * (i + j);
        sumLevel2 += cij * (i * i + j * j);
        sumCross += cij * i * j;
      }
    }
    if (pairs === 0) continue;
    used++;
    const total = 2 * pairs;
    contrast += sumD2 / pairs;
    homogeneity += sumHom / pairs;
    energy += Math.sqrt(sumP2) / total;
    // P is symmetric, so both marginals have the same mean μ and variance σ².
    const mu = sumLevel / total;
    const variance = sumLevel2 / total - mu * mu;
    const sd = Math.sqrt(Math.max(0, variance));
    correlation += sd < SIGMA_FLOOR ? 1 : ((2 * sumCross) / total - mu * mu) / (sd * sd);
  }
  if (used === 0) return { contrast: NaN, correlation: NaN, energy: NaN, homogeneity: NaN, anglesUsed: 0 };
  return {
    contrast: contrast / used,
    correlation: correlation / used,
    energy: energy / used,
    homogeneity: homogeneity / used,
    anglesUsed: used,
  };
}
