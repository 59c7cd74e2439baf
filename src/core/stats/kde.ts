/**
 * Gaussian kernel density estimates with R's `bw.nrd0` bandwidth.
 *
 * `kdeExact` is the true kernel sum, what the app shows (DESIGN.md §7). `kdeR42` reproduces R 4.2's
 * `density()` — linear binning onto a grid and a circular convolution (R does it by FFT; here it is
 * summed directly, which gives the same numbers) — so a user can check the app against R.
 * See shared/reference/README.md §5.
 */
import { iqr, sd } from './describe';

export interface KdeOptions {
  /** Bandwidth (the kernel's sd); default bwNrd0(values). */
  bw?: number;
  /** Number of output points; default 512. */
  n?: number;
  /** Output range; default min − cut·bw … max + cut·bw. */
  from?: number;
  to?: number;
  /** How many bandwidths past the data the default range extends; default 3, as R. */
  cut?: number;
}

export interface Kde {
  bw: number;
  x: Float64Array;
  y: Float64Array;
}

const INV_SQRT_2PI = 0.3989422804014327;

/** Normal density with mean 0 and sd `sigma`, as R's dnorm(x, 0, sigma). */
function dnorm(x: number, sigma: number): number {
  const z = x / sigma;
  return (INV_SQRT_2PI * Math.exp(-0.5 * z * z)) / sigma;
}

/** `length` equally spaced values from..to, built as R's seq.int does (symmetric, ends exact). */
function seqLength(from: number, to: number, length: number): Float64Array {
  const out = new Float64Array(length);
  if (length > 0) out[0] = from;
  if (length > 1) out[length - 1] = to;
  const by = (to - from) / (length - 1);
  for (let i = 1; i < length - 1; i++) {
    out[i] = i < Math.floor(length / 2) ? from + i * by : to - (length - 1 - i) * by;
  }
  return out;
}

function checkValues(values: ArrayLike<number>, what: string): void {
  if (values.length < 2) throw new RangeError(`${what}: need at least 2 values, got ${values.length}`);
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i]!)) throw new RangeError(`${what}: value ${i + 1} is ${values[i]}`);
  }
}

/**
 * Silverman's rule of thumb exactly as R's bw.nrd0: 0.9·min(sd, IQR/1.34)·n^(−1/5), falling back
 * to sd, then |first value|, then 1 when that minimum is 0 (e.g. more than half the values tie).
 */
export function bwNrd0(values: ArrayLike<number>): number {
  checkValues(values, 'bwNrd0');
  const hi = sd(values);
  let lo = Math.min(hi, iqr(values) / 1.34);
  if (!lo) lo = hi || Math.abs(values[0]!) || 1;
  return 0.9 * lo * Math.pow(values.length, -0.2);
}

interface Grid {
  bw: number;
  from: number;
  to: number;
  n: number;
}

function resolveGrid(values: ArrayLike<number>, options: KdeOptions, what: string): Grid {
  checkValues(values, what);
  const bw = options.bw ?? bwNrd0(values);
  if (!(bw > 0 && Number.isFinite(bw))) throw new RangeError(`${what}: bandwidth must be positive, got ${bw}`);
  const n = options.n ?? 512;
  if (!(Number.isInteger(n) && n >= 2)) throw new RangeError(`${what}: n must be an integer ≥ 2, got ${n}`);
  const cut = options.cut ?? 3;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    min = Math.min(min, values[i]!);
    max = Math.max(max, values[i]!);
  }
  const from = options.from ?? min - cut * bw;
  const to = options.to ?? max + cut * bw;
  if (!(Number.isFinite(from) && Number.isFinite(to) && from < to)) {
    throw new RangeError(`${what}: need from < to, got ${from} … ${to}`);
  }
  return { bw, from, to, n };
}

/** The exact Gaussian KDE: y(x) = mean over values v of dnorm(x − v, bw). */
export function kdeExact(values: ArrayLike<number>, options: KdeOptions = {}): Kde {
  const { bw, from, to, n } = resolveGrid(values, options, 'kdeExact');
  const x = seqLength(from, to, n);
  const y = new Float64Array(n);
  const count = values.length;
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let j = 0; j < count; j++) sum += dnorm(x[i]! - values[j]!, bw);
    y[i] = sum / count;
  }
  return { bw, x, y };
}

/**
 * Weight 1/count per value, split linearly between the two nearest of `size` nodes spanning
 * [lo, hi] (R's C_BinDist). Values just outside keep their share on the edge node.
 */
function linearBinning(values: ArrayLike<number>, lo: number, hi: number, size: number): Float64Array {
  const grid = new Float64Array(size);
  const weight = 1 / values.length;
  const delta = (hi - lo) / (size - 1);
  const ixMax = size - 2;
  for (let i = 0; i < values.length; i++) {
    const pos = (values[i]! - lo) / delta;
    const ix = Math.floor(pos);
    const f = pos - ix;
    if (ix >= 0 && ix <= ixMax) {
      grid[ix]! += weight * (1 - f);
      grid[ix + 1]! += weight * f;
    } else if (ix === -1) grid[0]! += weight * f;
    else if (ix === ixMax + 1) grid[ix]! += weight * (1 - f);
  }
  return grid;
}

/** Linear interpolation of (xs, ys) at v, with R's approx() bisection and formula. */
function interpolate(xs: Float64Array, ys: Float64Array, v: number): number {
  const last = xs.length - 1;
  if (v < xs[0]! || v > xs[last]!) return NaN;
  let i = 0;
  let j = last;
  while (i < j - 1) {
    const mid = (i + j) >> 1;
    if (v < xs[mid]!) j = mid;
    else i = mid;
  }
  if (v === xs[j]) return ys[j]!;
  if (v === xs[i]) return ys[i]!;
  return ys[i]! + (ys[j]! - ys[i]!) * ((v - xs[i]!) / (xs[j]! - xs[i]!));
}

/**
 * R 4.2's density(): bin onto `size` nodes over [from − 4bw, to + 4bw], convolve with the kernel,
 * keep values ≥ 0, and interpolate onto seq(from, to, length n). `size` is max(n, 512) rounded up
 * to a power of two, as in R.
 */
export function kdeR42(values: ArrayLike<number>, options: KdeOptions = {}): Kde {
  const { bw, from, to, n } = resolveGrid(values, options, 'kdeR42');
  const size = n > 512 ? 2 ** Math.ceil(Math.log2(n)) : 512;
  const lo = from - 4 * bw;
  const up = to + 4 * bw;
  const binned = linearBinning(values, lo, up, size);
  // R's kernel ordinates are seq(0, 2(up − lo), length 2·size): spacing 2(up − lo)/(2·size − 1), not the
  // grid's (up − lo)/(size − 1) (the "old.coords" quirk fixed in R 4.4). The grid is zero-padded to
  // 2·size, so the circular convolution never wraps onto data and only lags < size matter.
  const kernelStep = (2 * (up - lo)) / (2 * size - 1);
  const kernel = new Float64Array(size);
  for (let d = 0; d < size; d++) kernel[d] = dnorm(d * kernelStep, bw);
  const smoothed = new Float64Array(size);
  for (let k = 0; k < size; k++) {
    let sum = 0;
    for (let m = 0; m < size; m++) {
      const w = binned[m]!;
      if (w !== 0) sum += w * kernel[Math.abs(m - k)]!;
    }
    smoothed[k] = Math.max(0, sum);
  }
  const nodes = seqLength(lo, up, size);
  const x = seqLength(from, to, n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) y[i] = interpolate(nodes, smoothed, x[i]!);
  return { bw, x, y };
}
