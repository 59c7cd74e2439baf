/**
 * The coordinate-descent core of R's glmnet 4.1-6 for a Gaussian LASSO (alpha = 1), ported step for
 * step from its "covariance" solver `elnet1` and its `standard` routine, so that the path, the early
 * stop and even the not-quite-converged coefficients near the end of the path follow glmnet's.
 *
 * Everything here works on glmnet's internal scale: columns centred and divided by their population
 * SD and by sqrt(m) (so each has unit sum of squares), y centred and divided by its population SD
 * and by sqrt(m). Coefficients `a` and λ are on that scale; lasso.ts maps them back.
 * See shared/reference/README.md §3.
 */

/** glmnet.control() defaults. */
export const GLMNET_CONTROL = {
  /** fdev: stop when the deviance ratio gains less than this fraction. */
  fdev: 1e-5,
  /** devmax: stop when the deviance ratio exceeds this. */
  devmax: 0.999,
  /** mnlam: never stop before this many λ values. */
  mnlam: 5,
  /** eps: smallest lambda.min.ratio. */
  eps: 1e-6,
  /** big: the "infinite" first λ of an automatic path. */
  big: 9.9e35,
} as const;

/** One set of rows standardised as glmnet's `standard` does (weights 1/m, intercept, standardize). */
export interface StandardizedRows {
  /** Number of rows used. */
  m: number;
  p: number;
  /** Column-major, m values per column: (x − mean) / (sd · sqrt(m)); zeros for unusable columns. */
  z: Float64Array;
  means: Float64Array;
  /** Population SD (divisor m); 0 for constant columns. */
  sds: Float64Array;
  /** 1 for columns that vary over these rows (glmnet's `ju`); constant columns are left out. */
  usable: Uint8Array;
  yMean: number;
  /** Population SD of y over these rows. */
  ySd: number;
  /** z_jᵀ ỹ with ỹ = (y − ȳ) / (ySd · sqrt(m)): each column's correlation with y. */
  g: Float64Array;
}

/**
 * Standardise the given rows of x (n × p, row-major) and y. `rows` = null means all n rows.
 * Pass `reuse` (of the same m and p) to avoid allocating.
 */
export function standardizeRows(
  x: Float64Array,
  n: number,
  p: number,
  y: Float64Array,
  rows: Int32Array | null,
  reuse?: StandardizedRows,
): StandardizedRows {
  const m = rows ? rows.length : n;
  const s: StandardizedRows =
    reuse && reuse.m === m && reuse.p === p
      ? reuse
      : {
          m,
          p,
          z: new Float64Array(m * p),
          means: new Float64Array(p),
          sds: new Float64Array(p),
          usable: new Uint8Array(p),
          yMean: 0,
          ySd: 0,
          g: new Float64Array(p),
        };
  const w = 1 / m;
  const v = Math.sqrt(w);
  const { z, means, sds, usable, g } = s;

  let ym = 0;
  for (let i = 0; i < m; i++) ym += w * y[rows ? rows[i]! : i]!;
  let yss = 0;
  const yt = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    const d = v * (y[rows ? rows[i]! : i]! - ym);
    yt[i] = d;
    yss += d * d;
  }
  const ys = Math.sqrt(yss);
  if (!(ys > 0)) throw new Error('y is constant over the rows used, so a LASSO cannot be fitted');
  for (let i = 0; i < m; i++) yt[i]! /= ys;
  s.yMean = ym;
  s.ySd = ys;

  for (let j = 0; j < p; j++) {
    const col = j * m;
    const first = x[(rows ? rows[0]! : 0) * p + j]!;
    let varies = false;
    let mean = 0;
    for (let i = 0; i < m; i++) {
      const xi = x[(rows ? rows[i]! : i) * p + j]!;
      if (xi !== first) varies = true;
      mean += w * xi;
    }
    means[j] = mean;
    if (!varies) {
      usable[j] = 0;
      sds[j] = 0;
      g[j] = 0;
      z.fill(0, col, col + m);
      continue;
    }
    usable[j] = 1;
    let ss = 0;
    for (let i = 0; i < m; i++) {
      const d = v * (x[(rows ? rows[i]! : i) * p + j]! - mean);
      z[col + i] = d;
      ss += d * d;
    }
    const sd = Math.sqrt(ss);
    sds[j] = sd;
    let gj = 0;
    for (let i = 0; i < m; i++) {
      const zi = z[col + i]! / sd;
      z[col + i] = zi;
      gj += yt[i]! * zi;
    }
    g[j] = gj;
  }
  return s;
}

export interface ElnetSettings {
  /**
   * Explicit λ values on the internal scale (λ / ySd), decreasing. Then the path is fitted at exactly
   * these values and never stops early, as glmnet does for a user-supplied lambda.
   */
  lambdas?: Float64Array;
  /** Automatic path length (ignored with `lambdas`). */
  nLambda: number;
  /** lambda.min.ratio (ignored with `lambdas`). */
  lambdaMinRatio: number;
  /** Convergence threshold on max_j (Δa_j)², on the internal scale (glmnet's `thresh`). */
  thresh: number;
  /** Maximum number of coordinate-descent passes over the whole path (glmnet's `maxit`). */
  maxIter: number;
}

/**
 * Called once per fitted λ with the internal-scale λ (the first automatic one is GLMNET_CONTROL.big),
 * the deviance ratio, the coefficients `a` (length p, internal scale) and the ever-active columns
 * active[0 .. nActive) in order of entry. The arrays are live buffers: copy what you keep.
 */
export type LambdaCallback = (
  index: number,
  lambda: number,
  devRatio: number,
  a: Float64Array,
  active: Int32Array,
  nActive: number,
) => void;

export interface ElnetResult {
  /** Number of λ values fitted (shorter than asked when the path stopped early). */
  nFitted: number;
  /** Coordinate-descent passes used. */
  passes: number;
  /** Set when maxIter was reached; the path then holds the λ values before that one. */
  notConverged: boolean;
}

/** Reusable buffers, so that thousands of fits (cross-validation) do not allocate. */
export class ElnetWorkspace {
  p = 0;
  /** Slots of the ever-active columns allocated in c and cc. */
  cap = 0;
  a = new Float64Array(0);
  g = new Float64Array(0);
  /** 1 + slot of each ever-active column, 0 if never active (glmnet's `mm`). */
  slot = new Int32Array(0);
  /** Columns in order of entry (glmnet's `ia`). */
  active = new Int32Array(0);
  /** c[s·p + j] = z_jᵀ z_active[s] (glmnet's `c`, stored slot-major). */
  c = new Float64Array(0);
  /** The active block of c, cc[s·cap + l] = z_active[l]ᵀ z_active[s], for the inner loop. */
  cc = new Float64Array(0);
  /** Compact copies of a and g on the active set, and the change over an inner loop (glmnet's `da`). */
  aa = new Float64Array(0);
  ga = new Float64Array(0);
  da = new Float64Array(0);

  prepare(p: number): void {
    if (this.p !== p) {
      this.p = p;
      this.a = new Float64Array(p);
      this.g = new Float64Array(p);
      this.slot = new Int32Array(p);
      this.active = new Int32Array(p);
      this.cap = 0;
      this.grow(Math.min(p, 32));
    } else {
      this.a.fill(0);
      this.slot.fill(0);
    }
  }

  grow(cap: number): void {
    const p = this.p;
    const c = new Float64Array(p * cap);
    c.set(this.c.subarray(0, p * this.cap));
    const cc = new Float64Array(cap * cap);
    for (let s = 0; s < this.cap; s++) cc.set(this.cc.subarray(s * this.cap, (s + 1) * this.cap), s * cap);
    const aa = new Float64Array(cap);
    const ga = new Float64Array(cap);
    const da = new Float64Array(cap);
    aa.set(this.aa);
    ga.set(this.ga);
    this.c = c;
    this.cc = cc;
    this.aa = aa;
    this.ga = ga;
    this.da = da;
    this.cap = cap;
  }
}

/**
 * Fit the LASSO path on standardised rows (glmnet's elnet1 with alpha = 1, unit penalty factors and
 * no coefficient limits). Warm starts run along the path; at each λ glmnet first iterates over the
 * ever-active columns to convergence, then makes a full pass over all columns, and repeats until a
 * full pass changes nothing by more than thresh. (The very first λ of a fit starts with a full pass.)
 */
export function elnetPath(
  data: StandardizedRows,
  settings: ElnetSettings,
  onLambda: LambdaCallback,
  ws: ElnetWorkspace = new ElnetWorkspace(),
): ElnetResult {
  const { p, m, z, usable } = data;
  ws.prepare(p);
  const { a, g, slot, active } = ws;
  g.set(data.g);
  const { thresh: thr, maxIter } = settings;
  const explicit = settings.lambdas;
  const nlam = explicit ? explicit.length : settings.nLambda;
  const alf =
    !explicit && nlam > 1 ? Math.pow(Math.max(GLMNET_CONTROL.eps, settings.lambdaMinRatio), 1 / (nlam - 1)) : 1;
  const mnl = Math.min(GLMNET_CONTROL.mnlam, nlam);

  let rsq = 0;
  let alm = 0;
  let nin = 0;
  let passes = 0;
  let iz = false; // becomes true once an inner loop has run: later λ start on the active set
  let nFitted = 0;

  for (let mIdx = 0; mIdx < nlam; mIdx++) {
    if (explicit) alm = explicit[mIdx]!;
    else if (mIdx > 1) alm *= alf;
    else if (mIdx === 0) alm = GLMNET_CONTROL.big;
    else {
      alm = 0;
      for (let j = 0; j < p; j++) if (usable[j]) alm = Math.max(alm, Math.abs(g[j]!));
      alm = alf * alm; // divided by max(alpha, 1e-3) = 1
    }
    const ab = alm;
    const rsq0 = rsq;
    let jz = true;

    for (;;) {
      if (!(iz && jz)) {
        // Full pass over every usable column; columns that become non-zero join the active set.
        passes++;
        let dlx = 0;
        for (let k = 0; k < p; k++) {
          if (!usable[k]) continue;
          const ak = a[k]!;
          const u = g[k]! + ak;
          const v = Math.abs(u) - ab;
          const ak1 = v > 0 ? (u < 0 ? -v : v) : 0;
          a[k] = ak1;
          if (ak1 === ak) continue;
          if (slot[k] === 0) {
            if (nin === ws.cap) ws.grow(Math.min(p, ws.cap * 2));
            const s = nin;
            const cs = s * p;
            const c = ws.c;
            const zk = k * m;
            for (let j = 0; j < p; j++) {
              if (!usable[j]) continue;
              const sj = slot[j]!;
              if (sj !== 0) c[cs + j] = c[(sj - 1) * p + k]!;
              else if (j === k) c[cs + j] = 1;
              else {
                const zj = j * m;
                let d = 0;
                for (let i = 0; i < m; i++) d += z[zj + i]! * z[zk + i]!;
                c[cs + j] = d;
              }
            }
            const cc = ws.cc;
            const cap = ws.cap;
            for (let l = 0; l < s; l++) {
              const e = c[cs + active[l]!]!;
              cc[s * cap + l] = e;
              cc[l * cap + s] = e;
            }
            cc[s * cap + s] = 1;
            nin++;
            slot[k] = nin;
            active[s] = k;
          }
          const del = ak1 - ak;
          rsq += del * (2 * g[k]! - del);
          if (del * del > dlx) dlx = del * del;
          const ck = (slot[k]! - 1) * p;
          const c = ws.c;
          for (let j = 0; j < p; j++) if (usable[j]) g[j]! -= c[ck + j]! * del;
        }
        if (dlx < thr) break;
      }

      // Iterate over the ever-active columns only, on compact copies, until converged.
      iz = true;
      const { aa, ga, da, cc, cap } = ws;
      for (let l = 0; l < nin; l++) {
        const k = active[l]!;
        aa[l] = a[k]!;
        ga[l] = g[k]!;
        da[l] = aa[l]!;
      }
      for (;;) {
        passes++;
        let dlx = 0;
        for (let l = 0; l < nin; l++) {
          const ak = aa[l]!;
          const u = ga[l]! + ak;
          const v = Math.abs(u) - ab;
          const ak1 = v > 0 ? (u < 0 ? -v : v) : 0;
          aa[l] = ak1;
          if (ak1 === ak) continue;
          const del = ak1 - ak;
          rsq += del * (2 * ga[l]! - del);
          if (del * del > dlx) dlx = del * del;
          const row = l * cap;
          for (let t = 0; t < nin; t++) ga[t]! -= cc[row + t]! * del;
        }
        if (dlx < thr) break;
        if (passes > maxIter) return { nFitted, passes, notConverged: true };
      }
      // Bring the other columns' gradients up to date with the inner loop's total change.
      const c = ws.c;
      for (let l = 0; l < nin; l++) {
        const k = active[l]!;
        a[k] = aa[l]!;
        g[k] = ga[l]!;
        da[l] = aa[l]! - da[l]!;
      }
      for (let j = 0; j < p; j++) {
        if (slot[j] !== 0 || !usable[j]) continue;
        let d = 0;
        for (let l = 0; l < nin; l++) d += da[l]! * c[l * p + j]!;
        g[j]! -= d;
      }
      jz = false;
    }

    onLambda(mIdx, alm, rsq, a, active, nin);
    nFitted = mIdx + 1;
    if (explicit || nFitted < mnl) continue;
    if (rsq - rsq0 < GLMNET_CONTROL.fdev * rsq) break;
    if (rsq > GLMNET_CONTROL.devmax) break;
  }
  return { nFitted, passes, notConverged: false };
}
