/** Rank agreement (Spearman) and the ranking of clones by predicted potency for banking. */

/** Ranks 1…n, ties given the average of the ranks they span (as R's rank(ties.method = "average")). */
export function averageRanks(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a]! - values[b]!);
  const ranks = new Float64Array(n);
  for (let i = 0; i < n;) {
    let j = i;
    while (j + 1 < n && values[order[j + 1]!]! === values[order[i]!]!) j++;
    const rank = (i + j) / 2 + 1;
    for (let t = i; t <= j; t++) ranks[order[t]!] = rank;
    i = j + 1;
  }
  return ranks;
}

/**
 * Spearman's rank correlation: Pearson's correlation of the average ranks (R's
 * cor(x, y, method = "spearman")). Pairs with a non-finite value are left out; NaN when fewer than 2
 * pairs remain or either side is constant.
 */
export function spearman(x: ArrayLike<number>, y: ArrayLike<number>): number {
  if (x.length !== y.length) throw new Error(`spearman: ${x.length} values against ${y.length}`);
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < x.length; i++)
    if (Number.isFinite(x[i]!) && Number.isFinite(y[i]!)) {
      xs.push(x[i]!);
      ys.push(y[i]!);
    }
  if (xs.length < 2) return NaN;
  const rx = averageRanks(xs);
  const ry = averageRanks(ys);
  const n = rx.length;
  const mean = (n + 1) / 2;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (rx[i]! - mean) * (ry[i]! - mean);
    sxx += (rx[i]! - mean) ** 2;
    syy += (ry[i]! - mean) ** 2;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : NaN;
}

export interface RankedClone {
  /** 1 = highest predicted potency; tied predictions share the best rank (1, 2, 2, 4); null when the prediction is NaN. */
  rank: number | null;
  /** Worth banking: prediction ≥ threshold. */
  bank: boolean;
}

/**
 * Clones from the highest predicted potency down (clones without a prediction last, in their
 * given order), with their rank and whether they reach the banking threshold.
 */
export function rankClones<T extends { clone: string; prediction: number }>(
  predictions: readonly T[],
  options: { threshold: number },
): (T & RankedClone)[] {
  const known = predictions.filter((p) => Number.isFinite(p.prediction));
  const unknown = predictions.filter((p) => !Number.isFinite(p.prediction));
  const sorted = [...known].sort((a, b) => b.prediction - a.prediction);
  const rows: (T & RankedClone)[] = [];
  sorted.forEach((p, i) => {
    const previous = rows[i - 1];
    const rank = previous && sorted[i - 1]!.prediction === p.prediction ? previous.rank : i + 1;
    rows.push({ ...p, rank, bank: p.prediction >= options.threshold });
  });
  for (const p of unknown) rows.push({ ...p, rank: null, bank: false });
  return rows;
}
