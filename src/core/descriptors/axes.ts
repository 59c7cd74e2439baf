/**
 * Length and breadth: the major and minor axes of the ellipse with the same second moments as the
 * cell's pixels (skimage regionprops major/minor_axis_length): 4·sqrt of the eigenvalues of the
 * covariance [[μ20, μ11], [μ11, μ02]] / μ00.
 */

export interface Axes {
  length: number;
  breadth: number;
}

/**
 * From exact raw sums (n, Σx, Σy, Σx², Σxy, Σy², all integers): n·μ20 = n·Σx² − (Σx)² is formed in
 * BigInt, so the central moments carry a single rounding however far the cell is from the origin.
 */
export function momentAxes(n: number, sumX: number, sumY: number, sumXX: number, sumXY: number, sumYY: number): Axes {
  if (n <= 0) return { length: NaN, breadth: NaN };
  const N = BigInt(n);
  const sx = BigInt(sumX);
  const sy = BigInt(sumY);
  // n²·(covariance entries): exact integers.
  const A = N * BigInt(sumXX) - sx * sx;
  const B = N * BigInt(sumXY) - sx * sy;
  const C = N * BigInt(sumYY) - sy * sy;
  const n2 = n * n;
  const half = Number(A + C) / (2 * n2);
  const l1 = half + Math.hypot(Number(A - C) / (2 * n2), Number(B) / n2);
  // λ2 = det / λ1 with the determinant exact, so thin cells keep their breadth's precision.
  const l2 = l1 > 0 ? Math.max(0, Number(A * C - B * B) / (n2 * n2) / l1) : 0;
  return { length: 4 * Math.sqrt(l1), breadth: 4 * Math.sqrt(l2) };
}
