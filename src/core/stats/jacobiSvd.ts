/**
 * Thin singular value decomposition by one-sided (Hestenes) Jacobi rotations.
 *
 * Columns a_1…a_n of A are rotated pairwise until they are mutually orthogonal: A·V = U·Σ. This is
 * the Jacobi eigenvalue method applied to the small Gram matrix AᵀA without forming it, so small
 * singular values keep their relative accuracy (forming AᵀA would square the condition number).
 * Meant for the few-hundred-column matrices of PCA on clone profiles; cost n²·m per sweep.
 */

export interface ThinSvd {
  /** Singular values, descending (n). */
  sigma: Float64Array;
  /** Left singular vectors as columns of length m (unit length; zero when σ = 0), in σ order. */
  u: Float64Array[];
  /** Right singular vectors as columns of length n, in σ order. */
  v: Float64Array[];
}

const MAX_SWEEPS = 100;

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** Replace (a, b) by (c·a − s·b, s·a + c·b). */
function rotate(a: Float64Array, b: Float64Array, c: number, s: number): void {
  for (let i = 0; i < a.length; i++) {
    const ai = a[i]!;
    const bi = b[i]!;
    a[i] = c * ai - s * bi;
    b[i] = s * ai + c * bi;
  }
}

/** SVD of the m × n matrix whose columns are given (they are not modified). */
export function jacobiSvd(columns: readonly Float64Array[]): ThinSvd {
  const n = columns.length;
  const m = n > 0 ? columns[0]!.length : 0;
  const a = columns.map((c) => Float64Array.from(c));
  const v = Array.from({ length: n }, (_, j) => {
    const e = new Float64Array(n);
    e[j] = 1;
    return e;
  });
  // Columns count as orthogonal once |aᵖ·aᵠ| ≤ tol·‖aᵖ‖‖aᵠ‖; m·ε leaves room for rounding in the dot product.
  const tol = Math.max(m, 1) * Number.EPSILON;
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let rotated = false;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const ap = a[p]!;
        const aq = a[q]!;
        const alpha = dot(ap, ap);
        const beta = dot(aq, aq);
        const gamma = dot(ap, aq);
        if (gamma === 0 || Math.abs(gamma) <= tol * Math.sqrt(alpha * beta)) continue;
        rotated = true;
        // The rotation that zeroes the (p, q) entry of AᵀA.
        const zeta = (beta - alpha) / (2 * gamma);
        const t = (zeta >= 0 ? 1 : -1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = c * t;
        rotate(ap, aq, c, s);
        rotate(v[p]!, v[q]!, c, s);
      }
    }
    if (!rotated) break;
  }
  const norms = a.map((col) => Math.sqrt(dot(col, col)));
  const order = Array.from({ length: n }, (_, j) => j).sort((i, j) => norms[j]! - norms[i]!);
  const sigma = Float64Array.from(order, (j) => norms[j]!);
  const u = order.map((j) => {
    const col = a[j]!;
    const norm = norms[j]!;
    return norm > 0 ? col.map((x) => x / norm) : new Float64Array(m);
  });
  return { sigma, u, v: order.map((j) => v[j]!) };
}
