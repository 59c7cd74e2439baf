/**
 * The k largest eigenpairs of a symmetric positive semi-definite matrix by block (subspace)
 * iteration with Rayleigh–Ritz. Used for PCA of tall data (many more rows than columns, e.g. the
 * fixed-axis view that stacks every FOV count of a window: 960 × 360), where a full SVD costs
 * seconds but the covariance is only p × p and three components are wanted.
 */
import { jacobiSvd } from './jacobiSvd';

export function topEigen(a: Float64Array, p: number, k: number, options: { tol?: number; maxIter?: number } = {}): { values: Float64Array; vectors: Float64Array[] } {
  const tol = options.tol ?? 1e-12;
  const maxIter = options.maxIter ?? 500;
  const b = Math.min(p, k + 6); // a few extra vectors speed convergence of the wanted ones
  // Deterministic start: columns of a fixed pseudo-random matrix.
  let q: Float64Array[] = Array.from({ length: b }, (_, j) => {
    const v = new Float64Array(p);
    for (let i = 0; i < p; i++) v[i] = Math.sin(12.9898 * (i + 1) + 78.233 * (j + 1)) * 43758.5453 % 1;
    return v;
  });
  q = orthonormalise(q);
  let values = new Float64Array(b);
  for (let iter = 0; iter < maxIter; iter++) {
    const z = q.map((v) => multiply(a, p, v));
    q = orthonormalise(z);
    // Rayleigh–Ritz: eigen of the small b × b matrix Qᵀ A Q, via its SVD (it is symmetric PSD).
    const aq = q.map((v) => multiply(a, p, v));
    const small = Array.from({ length: b }, (_, j) => Float64Array.from({ length: b }, (_, i) => dot(q[i]!, aq[j]!)));
    const { sigma, u } = jacobiSvd(small);
    const rotated = u.map((w) => {
      const v = new Float64Array(p);
      for (let i = 0; i < b; i++) {
        const c = w[i]!;
        const qi = q[i]!;
        for (let r = 0; r < p; r++) v[r]! += c * qi[r]!;
      }
      return v;
    });
    const next = Float64Array.from(sigma);
    let change = 0;
    for (let i = 0; i < k; i++) change = Math.max(change, Math.abs(next[i]! - values[i]!) / Math.max(next[i]!, 1e-300));
    q = rotated;
    values = next;
    if (iter > 2 && change < tol) break;
  }
  return { values: values.slice(0, k), vectors: q.slice(0, k) };
}

function multiply(a: Float64Array, p: number, v: Float64Array): Float64Array {
  const out = new Float64Array(p);
  for (let r = 0; r < p; r++) {
    let s = 0;
    const row = r * p;
    for (let c = 0; c < p; c++) s += a[row + c]! * v[c]!;
    out[r] = s;
  }
  return out;
}

function dot(x: Float64Array, y: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]! * y[i]!;
  return s;
}

/** Modified Gram–Schmidt, twice for stability. */
function orthonormalise(vs: Float64Array[]): Float64Array[] {
  const out: Float64Array[] = [];
  for (const v0 of vs) {
    const v = Float64Array.from(v0);
    for (let pass = 0; pass < 2; pass++)
      for (const u of out) {
        const c = dot(u, v);
        for (let i = 0; i < v.length; i++) v[i]! -= c * u[i]!;
      }
    const n = Math.sqrt(dot(v, v));
    if (n > 0) for (let i = 0; i < v.length; i++) v[i]! /= n;
    out.push(v);
  }
  return out;
}
