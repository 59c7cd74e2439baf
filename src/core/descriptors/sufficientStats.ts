/**
 * Per-descriptor sufficient statistics (count, mean, M2 = Σ squared deviations) of one image's
 * cells, so that profiles over any set of images are merged in O(images × descriptors) with
 * Chan's parallel formula instead of revisiting every cell (shared/DESIGN.md §6).
 *
 * `n` is per descriptor: a NaN value (e.g. compactness of a one-pixel cell) is left out of that
 * descriptor only, so counts can differ between descriptors of the same image.
 */

export interface SufficientStats {
  /** Non-NaN values per descriptor. */
  n: Float64Array;
  mean: Float64Array;
  /** Σ (x − mean)² per descriptor. */
  m2: Float64Array;
}

export function emptyStats(nDescriptors = 12): SufficientStats {
  return {
    n: new Float64Array(nDescriptors),
    mean: new Float64Array(nDescriptors),
    m2: new Float64Array(nDescriptors),
  };
}

/** Welford's one-pass update over `values` (cells × nDescriptors, row-major). */
export function summarize(values: Float64Array | Float32Array, nDescriptors = 12): SufficientStats {
  if (values.length % nDescriptors !== 0)
    throw new RangeError(`${values.length} values are not rows of ${nDescriptors}`);
  const s = emptyStats(nDescriptors);
  const { n, mean, m2 } = s;
  for (let i = 0; i < values.length; i += nDescriptors) {
    for (let d = 0; d < nDescriptors; d++) {
      const x = values[i + d]!;
      if (Number.isNaN(x)) continue;
      const k = ++n[d]!;
      const delta = x - mean[d]!;
      mean[d]! += delta / k;
      m2[d]! += delta * (x - mean[d]!);
    }
  }
  return s;
}

/** The statistics of the union of two disjoint sets of cells (Chan et al.). */
export function mergeStats(a: SufficientStats, b: SufficientStats): SufficientStats {
  const k = a.n.length;
  if (b.n.length !== k) throw new RangeError(`cannot merge ${k} with ${b.n.length} descriptors`);
  const out = emptyStats(k);
  for (let d = 0; d < k; d++) {
    const na = a.n[d]!;
    const nb = b.n[d]!;
    const n = na + nb;
    out.n[d] = n;
    if (nb === 0) {
      out.mean[d] = a.mean[d]!;
      out.m2[d] = a.m2[d]!;
    } else if (na === 0) {
      out.mean[d] = b.mean[d]!;
      out.m2[d] = b.m2[d]!;
    } else {
      const delta = b.mean[d]! - a.mean[d]!;
      out.mean[d] = a.mean[d]! + (delta * nb) / n;
      out.m2[d] = a.m2[d]! + b.m2[d]! + (delta * delta * na * nb) / n;
    }
  }
  return out;
}

/** Mean and sample SD (divisor n − 1) per descriptor; mean NaN when n = 0, SD NaN when n < 2. */
export function statsToMeanSd(s: SufficientStats): { mean: Float64Array; sd: Float64Array } {
  const k = s.n.length;
  const mean = new Float64Array(k);
  const sd = new Float64Array(k);
  for (let d = 0; d < k; d++) {
    const n = s.n[d]!;
    mean[d] = n > 0 ? s.mean[d]! : NaN;
    sd[d] = n >= 2 ? Math.sqrt(s.m2[d]! / (n - 1)) : NaN;
  }
  return { mean, sd };
}
