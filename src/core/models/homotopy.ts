/**
 * The exact LASSO path by homotopy (LARS with the LASSO modification), on glmnet's internal scale.
 *
 * Between two events (a column joining or leaving the active set) the solution is linear in λ:
 * β_A(λ) = C_AA⁻¹ (g0_A − λ·s_A), with C = ZᵀZ, g0 = Zᵀỹ and s the signs. So each λ of the grid gets
 * the exact minimiser from one small Cholesky solve per segment, with no iteration. glmnet's
 * coordinate descent (elnet.ts) stops at thresh = 1e-14 when it is within ~1e-7 of that minimiser
 * (README §3: up to 4e-3 in coefficients near the saturated end of the path, ≤ 4.4e-6 in
 * cross-validated predictions), and it takes ~60 000 passes per path here; this takes about 30
 * segments. Cross-validation uses it for speed; the λ grid and the early stop follow glmnet.
 */
import {
  GLMNET_CONTROL,
  type ElnetResult,
  type ElnetSettings,
  type LambdaCallback,
  type StandardizedRows,
} from './elnet';

/** Thrown when the active set becomes numerically singular; callers fall back to coordinate descent. */
export class HomotopyBreakdown extends Error {}

/** Reusable buffers for many paths of the same width p. */
export class HomotopyWorkspace {
  p = 0;
  cap = 0;
  /** Cached Gram columns, one per column that has ever been active in this path: colOf[j] = slot or −1. */
  colOf = new Int32Array(0);
  cols = new Float64Array(0);
  nCols = 0;
  b = new Float64Array(0);
  slope = new Float64Array(0);
  slopeOld = new Float64Array(0);
  isActive = new Uint8Array(0);
  active = new Int32Array(0);
  sign = new Float64Array(0);
  chol = new Float64Array(0);
  u0 = new Float64Array(0);
  d = new Float64Array(0);
  tmp = new Float64Array(0);

  prepare(p: number, cap: number): void {
    if (this.p !== p || this.cap < cap) {
      this.p = p;
      this.cap = cap;
      this.colOf = new Int32Array(p);
      this.cols = new Float64Array(p * cap);
      this.b = new Float64Array(p);
      this.slope = new Float64Array(p);
      this.slopeOld = new Float64Array(p);
      this.isActive = new Uint8Array(p);
      this.active = new Int32Array(cap);
      this.sign = new Float64Array(cap);
      this.chol = new Float64Array(cap * cap);
      this.u0 = new Float64Array(cap);
      this.d = new Float64Array(cap);
      this.tmp = new Float64Array(cap);
    }
    this.colOf.fill(-1);
    this.nCols = 0;
    this.isActive.fill(0);
  }
}

/**
 * Optional Gram source: gram(j, out) fills out[k] = z_jᵀ z_k for all k (usable columns), e.g. from a
 * Gram matrix computed once for all folds. Without it, columns are computed from data.z.
 */
export type GramColumn = (j: number, out: Float64Array) => void;

/** The grid as glmnet builds it: the first λ "infinite", then λ_max·alf^(k−1) by repeated multiplication. */
export function glmnetLambdaGrid(gMax: number, nLambda: number, lambdaMinRatio: number): Float64Array {
  const grid = new Float64Array(nLambda);
  const alf = nLambda > 1 ? Math.pow(Math.max(GLMNET_CONTROL.eps, lambdaMinRatio), 1 / (nLambda - 1)) : 1;
  for (let m = 0; m < nLambda; m++) grid[m] = m === 0 ? GLMNET_CONTROL.big : m === 1 ? alf * gMax : grid[m - 1]! * alf;
  return grid;
}

/**
 * Called for each linear piece of the path, from the largest λ down: on [lamLo, lamHi] (internal
 * scale) the coefficients of active[0 .. nA) are u0 − λ·d. Buffers are live. Return true to stop.
 */
export type SegmentCallback = (
  lamHi: number,
  lamLo: number,
  active: Int32Array,
  nA: number,
  u0: Float64Array,
  d: Float64Array,
) => boolean | void;

/**
 * Trace the exact LASSO path on standardised rows from λ_max down to lamStop (internal scale) or
 * until the callback stops it. Returns the number of segments.
 */
export function traceHomotopy(
  data: StandardizedRows,
  lamStop: number,
  onSegment: SegmentCallback,
  ws: HomotopyWorkspace = new HomotopyWorkspace(),
  gram?: GramColumn,
): number {
  const { p, m, z, usable, g: g0 } = data;
  const maxActive = Math.min(p, m);
  ws.prepare(p, maxActive + 1);
  const { colOf, b, isActive, active, sign, chol, u0, d, tmp } = ws;
  let slope = ws.slope;
  let slopeOld = ws.slopeOld;

  const addColumn = (j: number): void => {
    if (colOf[j]! >= 0) return;
    if (ws.nCols >= ws.cols.length / p) {
      const bigger = new Float64Array(ws.cols.length * 2);
      bigger.set(ws.cols);
      ws.cols = bigger;
    }
    const slot = ws.nCols++;
    colOf[j] = slot;
    const out = ws.cols.subarray(slot * p, (slot + 1) * p);
    if (gram) gram(j, out);
    else {
      const zj = j * m;
      for (let k = 0; k < p; k++) {
        if (!usable[k]) continue;
        const zk = k * m;
        let s = 0;
        for (let i = 0; i < m; i++) s += z[zj + i]! * z[zk + i]!;
        out[k] = s;
      }
    }
  };

  let nA = 0;
  let lamCur = Infinity;
  let justChanged = -1;
  let droppedSign = 0; // sign of the column that just left (its correlation is ±λ there)
  let nChol = 0; // rows of the Cholesky factor that are up to date
  const L = ws.cap;
  let segments = 0;
  const maxSegments = 20 * p + 100;

  for (;;) {
    segments++;
    if (segments > maxSegments) throw new HomotopyBreakdown('too many homotopy segments');
    const cols = ws.cols;
    // Solve the segment: u0 = C_AA⁻¹ g0_A, d = C_AA⁻¹ s. The Cholesky factor (row stride L) keeps its
    // first nChol rows: a join appends a row, a leave recomputes the rows from its position on.
    if (nA > 0) {
      for (let r = nChol; r < nA; r++) {
        const cr = colOf[active[r]!]! * p;
        for (let c = 0; c <= r; c++) {
          let s = cols[cr + active[c]!]!;
          for (let k = 0; k < c; k++) s -= chol[r * L + k]! * chol[c * L + k]!;
          if (r === c) {
            if (!(s > 1e-13)) throw new HomotopyBreakdown('active columns are collinear');
            chol[r * L + r] = Math.sqrt(s);
          } else chol[r * L + c] = s / chol[c * L + c]!;
        }
      }
      nChol = nA;
      for (let r = 0; r < nA; r++) tmp[r] = g0[active[r]!]!;
      cholSolve(chol, L, nA, tmp, u0);
      for (let r = 0; r < nA; r++) tmp[r] = sign[r]!;
      cholSolve(chol, L, nA, tmp, d);
    }
    // Inactive correlations along the segment: c_j(λ) = b_j + λ·slope_j, slope_j = C_jA·d. Only the
    // slope needs the Gram columns; b follows from c_j being continuous at the event λ.
    const sNew = slopeOld; // the new slope goes into the older buffer; the two swap below
    if (nA === 0) sNew.fill(0);
    let r = 0;
    for (; r + 3 < nA; r += 4) {
      // four columns per sweep: a quarter of the loads and stores of the slope
      const o0 = colOf[active[r]!]! * p;
      const o1 = colOf[active[r + 1]!]! * p;
      const o2 = colOf[active[r + 2]!]! * p;
      const o3 = colOf[active[r + 3]!]! * p;
      const d0 = d[r]!;
      const d1 = d[r + 1]!;
      const d2 = d[r + 2]!;
      const d3 = d[r + 3]!;
      if (r === 0)
        for (let j = 0; j < p; j++)
          sNew[j] = cols[o0 + j]! * d0 + cols[o1 + j]! * d1 + cols[o2 + j]! * d2 + cols[o3 + j]! * d3;
      else
        for (let j = 0; j < p; j++)
          sNew[j]! += cols[o0 + j]! * d0 + cols[o1 + j]! * d1 + cols[o2 + j]! * d2 + cols[o3 + j]! * d3;
    }
    for (; r < nA; r++) {
      const off = colOf[active[r]!]! * p;
      const dr = d[r]!;
      if (r === 0) for (let j = 0; j < p; j++) sNew[j] = cols[off + j]! * dr;
      else for (let j = 0; j < p; j++) sNew[j]! += cols[off + j]! * dr;
    }
    const first = lamCur === Infinity;
    let lamNext = 0;
    let join = -1; // column that joins next, or
    let leave = -1; // position in `active` of the column that leaves next
    for (let j = 0; j < p; j++) {
      if (!usable[j]) continue;
      let bj = first ? g0[j]! : b[j]! + lamCur * (slope[j]! - sNew[j]!);
      if (isActive[j]) continue;
      const sj = sNew[j]!;
      // j joins where |b_j + λ·slope_j| reaches λ, below the current λ. A column that has just left
      // sits at c_j = droppedSign·λ: it can only rejoin with the other sign within this segment.
      let skip1 = false;
      let skip2 = false;
      if (j === justChanged && droppedSign !== 0) {
        bj = lamCur * (droppedSign - sj);
        skip1 = droppedSign > 0;
        skip2 = droppedSign < 0;
      }
      b[j] = bj;
      if (sj !== 1 && !skip1) {
        const l1 = bj / (1 - sj);
        if (l1 > lamNext && l1 < lamCur) {
          lamNext = l1;
          join = j;
        }
      }
      if (sj !== -1 && !skip2) {
        const l2 = -bj / (1 + sj);
        if (l2 > lamNext && l2 < lamCur) {
          lamNext = l2;
          join = j;
        }
      }
    }
    slopeOld = slope;
    slope = sNew;
    for (let r = 0; r < nA; r++) {
      // an active coefficient leaves where it crosses zero
      if (active[r] === justChanged || d[r] === 0) continue;
      const l = u0[r]! / d[r]!;
      if (l > lamNext && l < lamCur) {
        lamNext = l;
        join = -1;
        leave = r;
      }
    }

    if (onSegment(lamCur, lamNext, active, nA, u0, d) === true) return segments;
    if ((join < 0 && leave < 0) || lamNext <= lamStop) return segments;

    lamCur = lamNext;
    if (join >= 0) {
      const event = join;
      if (nA >= maxActive) throw new HomotopyBreakdown('more active columns than the data can carry');
      addColumn(event);
      const c = b[event]! + lamNext * slope[event]!;
      active[nA] = event;
      sign[nA] = c >= 0 ? 1 : -1;
      isActive[event] = 1;
      nA++;
      justChanged = event;
      droppedSign = 0;
    } else {
      const r = leave;
      const j = active[r]!;
      droppedSign = sign[r]!;
      nChol = r;
      isActive[j] = 0;
      for (let t = r; t < nA - 1; t++) {
        active[t] = active[t + 1]!;
        sign[t] = sign[t + 1]!;
      }
      nA--;
      justChanged = j;
    }
  }
}

/** Same contract as elnetPath (settings.thresh and maxIter are not used); passes = segments. */
export function homotopyPath(
  data: StandardizedRows,
  settings: ElnetSettings,
  onLambda: LambdaCallback,
  ws: HomotopyWorkspace = new HomotopyWorkspace(),
  gram?: GramColumn,
): ElnetResult {
  const { p, usable, g: g0 } = data;
  let gMax = 0;
  for (let j = 0; j < p; j++) if (usable[j]) gMax = Math.max(gMax, Math.abs(g0[j]!));
  const explicit = settings.lambdas;
  const grid = explicit ?? glmnetLambdaGrid(gMax, settings.nLambda, settings.lambdaMinRatio);
  const nlam = grid.length;
  const mnl = Math.min(GLMNET_CONTROL.mnlam, nlam);
  const a = new Float64Array(p);
  const prev = new Int32Array(Math.min(p, data.m) + 1); // columns set in `a` on the previous segment
  let nPrev = 0;
  let gi = 0;
  let rsqPrev = 0;

  const segments = traceHomotopy(
    data,
    grid[nlam - 1]!,
    (_hi, lamLo, active, nA, u0, d) => {
      // Deviance ratio on the segment: 1 − |ỹ − Zβ|² = 2βᵀg0 − βᵀCβ = u0ᵀg0_A − λ²·dᵀs, where u0ᵀg0_A
      // is the R² of least squares on the active columns and dᵀs = sᵀC⁻¹s ≥ 0: both lie in [0, 1].
      let q0 = 0;
      let q2 = 0;
      for (let r = 0; r < nA; r++) {
        q0 += u0[r]! * g0[active[r]!]!;
        q2 += d[r]! * ws.sign[r]!;
      }
      for (let r = 0; r < nPrev; r++) a[prev[r]!] = 0;
      prev.set(active.subarray(0, nA));
      nPrev = nA;
      while (gi < nlam && grid[gi]! >= lamLo) {
        const lam = grid[gi]!;
        const rsq = q0 - lam * lam * q2;
        for (let r = 0; r < nA; r++) a[active[r]!] = u0[r]! - lam * d[r]!;
        onLambda(gi, lam, rsq, a, active, nA);
        gi++;
        if (!explicit && gi >= mnl && (rsq - rsqPrev < GLMNET_CONTROL.fdev * rsq || rsq > GLMNET_CONTROL.devmax)) {
          return true;
        }
        rsqPrev = rsq;
      }
      return gi >= nlam;
    },
    ws,
    gram,
  );
  return { nFitted: gi, passes: segments, notConverged: false };
}

/** Solve L Lᵀ x = rhs for the n × n lower-triangular L (row-major with the given stride). */
function cholSolve(L: Float64Array, stride: number, n: number, rhs: Float64Array, out: Float64Array): void {
  for (let r = 0; r < n; r++) {
    let s = rhs[r]!;
    for (let k = 0; k < r; k++) s -= L[r * stride + k]! * out[k]!;
    out[r] = s / L[r * stride + r]!;
  }
  for (let r = n - 1; r >= 0; r--) {
    let s = out[r]!;
    for (let k = r + 1; k < n; k++) s -= L[k * stride + r]! * out[k]!;
    out[r] = s / L[r * stride + r]!;
  }
}
