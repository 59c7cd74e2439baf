/**
 * Tiny SVG chart builders for the printed report: plain strings, no plotting library, no scripts,
 * no external references. Coordinates are rounded to 0.1 so the same data always give the same text.
 * Every label goes through escapeHtml; every chart has role="img" and a <title> for screen readers.
 */
import { escapeAttr, escapeHtml } from './escape';

const FONT = 'font-family="Helvetica, Arial, sans-serif"';
const AXIS = '#444';
const GRID = '#e3e3e3';
export const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#17becf', '#8c564b'];

/** A coordinate rounded to 0.1 px, without "-0". */
export function c(v: number): string {
  const r = Math.round(v * 10) / 10;
  return String(r === 0 ? 0 : r);
}

/** About `count` round tick values covering [min, max] (1, 2, 2.5, 5 × 10^k steps). */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (max < min) [min, max] = [max, min];
  if (max === min) {
    const pad = Math.abs(min) > 0 ? Math.abs(min) * 0.1 : 1;
    min -= pad;
    max += pad;
  }
  const raw = (max - min) / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 2.5, 5, 10].find((m) => m * mag >= raw) ?? 10) * mag;
  const ticks: number[] = [];
  const first = Math.ceil(min / step - 1e-9);
  const last = Math.floor(max / step + 1e-9);
  for (let i = first; i <= last; i++) ticks.push(Number((i * step).toPrecision(12)));
  return ticks;
}

/** Axis range widened to nice tick values, so the data never touch the frame. */
export function niceRange(values: readonly number[], count = 5): { lo: number; hi: number; ticks: number[] } {
  const finite = values.filter(Number.isFinite);
  let lo = finite.length ? Math.min(...finite) : 0;
  let hi = finite.length ? Math.max(...finite) : 1;
  if (lo === hi) {
    lo -= Math.abs(lo) * 0.1 || 1;
    hi += Math.abs(hi) * 0.1 || 1;
  }
  const step0 = niceTicks(lo, hi, count);
  const step = step0.length > 1 ? step0[1]! - step0[0]! : (hi - lo) / count;
  lo = Math.floor(lo / step + 1e-9) * step;
  hi = Math.ceil(hi / step - 1e-9) * step;
  return { lo, hi, ticks: niceTicks(lo, hi, count) };
}

/** A tick label with as many decimals as the step needs. */
export function tickLabel(v: number, ticks: readonly number[]): string {
  const step = ticks.length > 1 ? Math.abs(ticks[1]! - ticks[0]!) : 1;
  let decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  // Steps such as 0.25 or 2.5 need one more decimal than their magnitude says.
  if (Math.abs(step * 10 ** decimals - Math.round(step * 10 ** decimals)) > 1e-6) decimals++;
  const s = v.toFixed(Math.min(6, decimals));
  return /^-0(\.0*)?$/.test(s) ? s.slice(1) : s;
}

function open(width: number, height: number, title: string): string {
  return (
    `<svg class="chart" role="img" width="${c(width)}" height="${c(height)}" ` +
    `viewBox="0 0 ${c(width)} ${c(height)}" aria-label="${escapeAttr(title)}" ${FONT} font-size="11">` +
    `<title>${escapeHtml(title)}</title>` +
    `<text x="${c(width / 2)}" y="16" text-anchor="middle" font-size="13" font-weight="bold">${escapeHtml(title)}</text>`
  );
}

interface Frame {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

function linearScale(lo: number, hi: number, a: number, b: number): (v: number) => number {
  return (v) => a + ((v - lo) / (hi - lo || 1)) * (b - a);
}

/** Grid lines, tick labels and axis titles for numeric x and y axes. */
function axes(
  f: Frame,
  x: { ticks: number[]; scale: (v: number) => number; label: string } | null,
  y: { ticks: number[]; scale: (v: number) => number; label: string },
): string {
  let s = '';
  for (const t of y.ticks) {
    const py = c(y.scale(t));
    s += `<line x1="${c(f.left)}" y1="${py}" x2="${c(f.right)}" y2="${py}" stroke="${GRID}"/>`;
    s += `<text x="${c(f.left - 5)}" y="${py}" dy="0.32em" text-anchor="end">${tickLabel(t, y.ticks)}</text>`;
  }
  if (x)
    for (const t of x.ticks) {
      const px = c(x.scale(t));
      s += `<line x1="${px}" y1="${c(f.top)}" x2="${px}" y2="${c(f.bottom)}" stroke="${GRID}"/>`;
      s += `<text x="${px}" y="${c(f.bottom + 14)}" text-anchor="middle">${tickLabel(t, x.ticks)}</text>`;
    }
  s += `<rect x="${c(f.left)}" y="${c(f.top)}" width="${c(f.right - f.left)}" height="${c(f.bottom - f.top)}" fill="none" stroke="${AXIS}"/>`;
  if (x)
    s += `<text x="${c((f.left + f.right) / 2)}" y="${c(f.bottom + 32)}" text-anchor="middle">${escapeHtml(x.label)}</text>`;
  const cy = c((f.top + f.bottom) / 2);
  s += `<text x="14" y="${cy}" text-anchor="middle" transform="rotate(-90 14 ${cy})">${escapeHtml(y.label)}</text>`;
  return s;
}

export interface ScatterPoint {
  x: number;
  y: number;
  label?: string;
  color?: string;
}

export interface ScatterOptions {
  points: ScatterPoint[];
  xLabel: string;
  yLabel: string;
  title: string;
  /** Draw y = x (predicted vs measured); both axes then share one range. */
  diagonal?: boolean;
  line?: { slope: number; intercept: number };
  width: number;
  height: number;
}

export function scatterSvg(o: ScatterOptions): string {
  const pts = o.points.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
  const f: Frame = { left: 56, top: 28, right: o.width - 14, bottom: o.height - 44 };
  let xr = niceRange(pts.map((p) => p.x));
  let yr = niceRange(pts.map((p) => p.y));
  if (o.diagonal) xr = yr = niceRange([...pts.map((p) => p.x), ...pts.map((p) => p.y)]);
  const sx = linearScale(xr.lo, xr.hi, f.left, f.right);
  const sy = linearScale(yr.lo, yr.hi, f.bottom, f.top);
  let s = open(o.width, o.height, o.title);
  s += axes(f, { ticks: xr.ticks, scale: sx, label: o.xLabel }, { ticks: yr.ticks, scale: sy, label: o.yLabel });
  if (o.diagonal) {
    const lo = Math.max(xr.lo, yr.lo);
    const hi = Math.min(xr.hi, yr.hi);
    s += `<line class="diagonal" x1="${c(sx(lo))}" y1="${c(sy(lo))}" x2="${c(sx(hi))}" y2="${c(sy(hi))}" stroke="#888" stroke-dasharray="4 3"/>`;
  }
  if (o.line) {
    // Clip the fitted line to the frame by evaluating it at the x range ends and clamping y.
    const { slope, intercept } = o.line;
    const y0 = Math.min(yr.hi, Math.max(yr.lo, slope * xr.lo + intercept));
    const y1 = Math.min(yr.hi, Math.max(yr.lo, slope * xr.hi + intercept));
    const x0 = slope !== 0 ? (y0 - intercept) / slope : xr.lo;
    const x1 = slope !== 0 ? (y1 - intercept) / slope : xr.hi;
    s += `<line class="fit" x1="${c(sx(x0))}" y1="${c(sy(y0))}" x2="${c(sx(x1))}" y2="${c(sy(y1))}" stroke="#d62728"/>`;
  }
  for (const p of pts) {
    const px = c(sx(p.x));
    const py = c(sy(p.y));
    s += `<circle cx="${px}" cy="${py}" r="4" fill="${escapeAttr(p.color ?? PALETTE[0])}" fill-opacity="0.9" stroke="#333" stroke-width="0.6">`;
    s += p.label ? `<title>${escapeHtml(p.label)}</title></circle>` : '</circle>';
    if (p.label) s += `<text x="${c(sx(p.x) + 6)}" y="${c(sy(p.y) - 5)}" font-size="9" fill="#333">${escapeHtml(p.label)}</text>`;
  }
  return s + '</svg>';
}

/** Blue (low) → white (middle) → red (high), as a hex colour; t in [0, 1]. */
export function blueWhiteRed(t: number): string {
  const u = Math.min(1, Math.max(0, t));
  const blue = [33, 102, 172];
  const white = [247, 247, 247];
  const red = [178, 24, 43];
  const [a, b, w] = u < 0.5 ? [blue, white, u / 0.5] : [white, red, (u - 0.5) / 0.5];
  const hex = (i: number) => Math.round(a![i]! + (b![i]! - a![i]!) * w).toString(16).padStart(2, '0');
  return `#${hex(0)}${hex(1)}${hex(2)}`;
}

export interface HeatmapOptions {
  xLabels: string[];
  yLabels: string[];
  /** yLabels.length rows × xLabels.length columns; null = not computed. */
  z: (number | null)[][];
  title: string;
  xTitle?: string;
  yTitle?: string;
  /** Cells with a value below it get a ring. */
  threshold?: number;
  zmin: number;
  zmax: number;
  width?: number;
  height?: number;
}

export function heatmapSvg(o: HeatmapOptions): string {
  const width = o.width ?? 640;
  const height = o.height ?? 360;
  const nx = Math.max(1, o.xLabels.length);
  const ny = Math.max(1, o.yLabels.length);
  const f: Frame = { left: 58, top: 28, right: width - 80, bottom: height - 46 };
  const cw = (f.right - f.left) / nx;
  const ch = (f.bottom - f.top) / ny;
  const t = (v: number) => (v - o.zmin) / (o.zmax - o.zmin || 1);
  let s = open(width, height, o.title);
  for (let r = 0; r < ny; r++)
    for (let col = 0; col < nx; col++) {
      const v = o.z[r]?.[col] ?? null;
      // Row 0 at the bottom, as on a plot axis.
      const x = f.left + col * cw;
      const y = f.bottom - (r + 1) * ch;
      const fill = v === null || !Number.isFinite(v) ? '#ffffff' : blueWhiteRed(t(v));
      const hatch = v === null || !Number.isFinite(v) ? ' stroke-dasharray="2 2"' : '';
      const tip = `${o.yLabels[r] ?? ''} × ${o.xLabels[col] ?? ''}: ${v === null || !Number.isFinite(v) ? 'not computed' : v.toFixed(3)}`;
      s += `<rect x="${c(x)}" y="${c(y)}" width="${c(cw)}" height="${c(ch)}" fill="${fill}" stroke="#ccc" stroke-width="0.5"${hatch}><title>${escapeHtml(tip)}</title></rect>`;
      if (v !== null && Number.isFinite(v) && o.threshold !== undefined && v < o.threshold)
        s += `<circle class="below-threshold" cx="${c(x + cw / 2)}" cy="${c(y + ch / 2)}" r="${c(Math.max(2, Math.min(cw, ch) * 0.3))}" fill="none" stroke="#111" stroke-width="1.3"/>`;
      if (cw >= 34 && ch >= 16 && v !== null && Number.isFinite(v))
        s += `<text x="${c(x + cw / 2)}" y="${c(y + ch / 2)}" dy="0.32em" text-anchor="middle" font-size="8.5" fill="${Math.abs(t(v) - 0.5) > 0.3 ? '#fff' : '#222'}">${v.toFixed(2)}</text>`;
    }
  s += `<rect x="${c(f.left)}" y="${c(f.top)}" width="${c(f.right - f.left)}" height="${c(f.bottom - f.top)}" fill="none" stroke="${AXIS}"/>`;
  const xEvery = Math.ceil(nx / 16);
  o.xLabels.forEach((l, i) => {
    if (i % xEvery === 0)
      s += `<text x="${c(f.left + (i + 0.5) * cw)}" y="${c(f.bottom + 14)}" text-anchor="middle">${escapeHtml(l)}</text>`;
  });
  const yEvery = Math.ceil(ny / 20);
  o.yLabels.forEach((l, i) => {
    if (i % yEvery === 0)
      s += `<text x="${c(f.left - 5)}" y="${c(f.bottom - (i + 0.5) * ch)}" dy="0.32em" text-anchor="end">${escapeHtml(l)}</text>`;
  });
  if (o.xTitle)
    s += `<text x="${c((f.left + f.right) / 2)}" y="${c(f.bottom + 32)}" text-anchor="middle">${escapeHtml(o.xTitle)}</text>`;
  if (o.yTitle) {
    const cy = c((f.top + f.bottom) / 2);
    s += `<text x="14" y="${cy}" text-anchor="middle" transform="rotate(-90 14 ${cy})">${escapeHtml(o.yTitle)}</text>`;
  }
  // Legend: a stack of small bands (no gradient ids, so several charts can share a page).
  const lx = f.right + 18;
  const bands = 40;
  const bh = (f.bottom - f.top) / bands;
  for (let i = 0; i < bands; i++)
    s += `<rect x="${c(lx)}" y="${c(f.bottom - (i + 1) * bh)}" width="14" height="${c(bh + 0.2)}" fill="${blueWhiteRed((i + 0.5) / bands)}"/>`;
  s += `<rect class="legend" x="${c(lx)}" y="${c(f.top)}" width="14" height="${c(f.bottom - f.top)}" fill="none" stroke="${AXIS}" stroke-width="0.5"/>`;
  const lt = niceTicks(o.zmin, o.zmax, 4).filter((v) => v >= o.zmin - 1e-9 && v <= o.zmax + 1e-9);
  const ls = linearScale(o.zmin, o.zmax, f.bottom, f.top);
  for (const v of lt) s += `<text x="${c(lx + 18)}" y="${c(ls(v))}" dy="0.32em">${tickLabel(v, lt)}</text>`;
  if (o.threshold !== undefined)
    s += `<text x="${c(f.left)}" y="${c(height - 6)}" font-size="9.5">○ = below ${escapeHtml(o.threshold)}; white dashed = not computed</text>`;
  return s + '</svg>';
}

export interface BarOptions {
  labels: string[];
  values: number[];
  title: string;
  yLabel: string;
  xLabel?: string;
  colors?: string[];
  width: number;
  height: number;
}

export function barSvg(o: BarOptions): string {
  const f: Frame = { left: 56, top: 28, right: o.width - 14, bottom: o.height - 44 };
  const yr = niceRange([0, ...o.values.filter(Number.isFinite)]);
  const sy = linearScale(yr.lo, yr.hi, f.bottom, f.top);
  const n = Math.max(1, o.labels.length);
  const bw = (f.right - f.left) / n;
  let s = open(o.width, o.height, o.title);
  s += axes(f, null, { ticks: yr.ticks, scale: sy, label: o.yLabel });
  o.labels.forEach((l, i) => {
    const v = o.values[i] ?? NaN;
    const x = f.left + i * bw + bw * 0.15;
    if (Number.isFinite(v)) {
      const top = Math.min(sy(v), sy(0));
      const h = Math.abs(sy(v) - sy(0));
      s += `<rect x="${c(x)}" y="${c(top)}" width="${c(bw * 0.7)}" height="${c(h)}" fill="${escapeAttr(o.colors?.[i] ?? PALETTE[0])}"><title>${escapeHtml(`${l}: ${v}`)}</title></rect>`;
    }
    s += `<text x="${c(f.left + (i + 0.5) * bw)}" y="${c(f.bottom + 14)}" text-anchor="middle" font-size="9.5">${escapeHtml(l)}</text>`;
  });
  if (o.xLabel)
    s += `<text x="${c((f.left + f.right) / 2)}" y="${c(f.bottom + 32)}" text-anchor="middle">${escapeHtml(o.xLabel)}</text>`;
  return s + '</svg>';
}

export interface BoxOptions {
  groups: { label: string; values: number[]; color?: string }[];
  title: string;
  yLabel: string;
  xLabel?: string;
  width: number;
  height: number;
}

function q(sorted: readonly number[], p: number): number {
  const h = (sorted.length - 1) * p;
  const i = Math.floor(h);
  return sorted[i]! + (h - i) * ((sorted[Math.min(i + 1, sorted.length - 1)] ?? sorted[i]!) - sorted[i]!);
}

/** Box (quartiles), median line, whiskers to the furthest point within 1.5 IQR, outliers as dots. */
export function boxSvg(o: BoxOptions): string {
  const f: Frame = { left: 56, top: 28, right: o.width - 14, bottom: o.height - 44 };
  const all = o.groups.flatMap((g) => g.values.filter(Number.isFinite));
  const yr = niceRange(all);
  const sy = linearScale(yr.lo, yr.hi, f.bottom, f.top);
  const n = Math.max(1, o.groups.length);
  const bw = (f.right - f.left) / n;
  let s = open(o.width, o.height, o.title);
  s += axes(f, null, { ticks: yr.ticks, scale: sy, label: o.yLabel });
  o.groups.forEach((g, i) => {
    const v = g.values.filter(Number.isFinite).sort((a, b) => a - b);
    const cx = f.left + (i + 0.5) * bw;
    const half = Math.min(24, bw * 0.3);
    const color = escapeAttr(g.color ?? PALETTE[0]);
    s += `<text x="${c(cx)}" y="${c(f.bottom + 14)}" text-anchor="middle" font-size="9.5">${escapeHtml(g.label)}</text>`;
    if (v.length === 0) return;
    const q1 = q(v, 0.25);
    const med = q(v, 0.5);
    const q3 = q(v, 0.75);
    const iqr = q3 - q1;
    const lo = v.find((x) => x >= q1 - 1.5 * iqr) ?? v[0]!;
    const hi = [...v].reverse().find((x) => x <= q3 + 1.5 * iqr) ?? v[v.length - 1]!;
    s += `<g class="box"><title>${escapeHtml(`${g.label}: n ${v.length}, median ${med.toPrecision(4)}, IQR ${q1.toPrecision(4)}–${q3.toPrecision(4)}`)}</title>`;
    s += `<line x1="${c(cx)}" y1="${c(sy(lo))}" x2="${c(cx)}" y2="${c(sy(q1))}" stroke="${AXIS}"/>`;
    s += `<line x1="${c(cx)}" y1="${c(sy(q3))}" x2="${c(cx)}" y2="${c(sy(hi))}" stroke="${AXIS}"/>`;
    s += `<line x1="${c(cx - half / 2)}" y1="${c(sy(lo))}" x2="${c(cx + half / 2)}" y2="${c(sy(lo))}" stroke="${AXIS}"/>`;
    s += `<line x1="${c(cx - half / 2)}" y1="${c(sy(hi))}" x2="${c(cx + half / 2)}" y2="${c(sy(hi))}" stroke="${AXIS}"/>`;
    s += `<rect x="${c(cx - half)}" y="${c(sy(q3))}" width="${c(2 * half)}" height="${c(Math.max(0.5, sy(q1) - sy(q3)))}" fill="${color}" fill-opacity="0.35" stroke="${color}"/>`;
    s += `<line x1="${c(cx - half)}" y1="${c(sy(med))}" x2="${c(cx + half)}" y2="${c(sy(med))}" stroke="${AXIS}" stroke-width="2"/>`;
    for (const x of v) if (x < lo || x > hi) s += `<circle cx="${c(cx)}" cy="${c(sy(x))}" r="2.5" fill="none" stroke="${color}"/>`;
    s += '</g>';
  });
  if (o.xLabel)
    s += `<text x="${c((f.left + f.right) / 2)}" y="${c(f.bottom + 32)}" text-anchor="middle">${escapeHtml(o.xLabel)}</text>`;
  return s + '</svg>';
}

export interface IntervalRow {
  label: string;
  estimate: number;
  lo: number;
  hi: number;
  /** Shown as an open diamond when known. */
  measured?: number | null;
  color?: string;
}

/** A forest plot: one row per item, the interval as a line, the estimate as a dot; optional threshold line. */
export function intervalSvg(o: { rows: IntervalRow[]; title: string; xLabel: string; threshold?: number; width: number }): string {
  const rowH = 18;
  const height = 28 + o.rows.length * rowH + 46;
  const f: Frame = { left: 120, top: 28, right: o.width - 16, bottom: height - 46 };
  const xr = niceRange(
    o.rows.flatMap((r) => [r.lo, r.hi, r.estimate, r.measured ?? NaN]).concat(o.threshold ?? NaN),
  );
  const sx = linearScale(xr.lo, xr.hi, f.left, f.right);
  let s = open(o.width, height, o.title);
  for (const t of xr.ticks) {
    const px = c(sx(t));
    s += `<line x1="${px}" y1="${c(f.top)}" x2="${px}" y2="${c(f.bottom)}" stroke="${GRID}"/>`;
    s += `<text x="${px}" y="${c(f.bottom + 14)}" text-anchor="middle">${tickLabel(t, xr.ticks)}</text>`;
  }
  s += `<rect x="${c(f.left)}" y="${c(f.top)}" width="${c(f.right - f.left)}" height="${c(f.bottom - f.top)}" fill="none" stroke="${AXIS}"/>`;
  if (o.threshold !== undefined && Number.isFinite(o.threshold))
    s += `<line class="threshold" x1="${c(sx(o.threshold))}" y1="${c(f.top)}" x2="${c(sx(o.threshold))}" y2="${c(f.bottom)}" stroke="#d62728" stroke-dasharray="5 3"/>`;
  o.rows.forEach((r, i) => {
    const y = f.top + (i + 0.5) * rowH;
    const color = escapeAttr(r.color ?? PALETTE[0]);
    s += `<text x="${c(f.left - 6)}" y="${c(y)}" dy="0.32em" text-anchor="end">${escapeHtml(r.label)}</text>`;
    if (Number.isFinite(r.lo) && Number.isFinite(r.hi))
      s += `<line x1="${c(sx(r.lo))}" y1="${c(y)}" x2="${c(sx(r.hi))}" y2="${c(y)}" stroke="${color}" stroke-width="2"/>`;
    if (Number.isFinite(r.estimate))
      s += `<circle cx="${c(sx(r.estimate))}" cy="${c(y)}" r="3.5" fill="${color}"><title>${escapeHtml(`${r.label}: ${r.estimate.toFixed(2)} (${r.lo.toFixed(2)}–${r.hi.toFixed(2)})`)}</title></circle>`;
    if (r.measured !== null && r.measured !== undefined && Number.isFinite(r.measured)) {
      const mx = sx(r.measured);
      s += `<path d="M${c(mx)} ${c(y - 4)}L${c(mx + 4)} ${c(y)}L${c(mx)} ${c(y + 4)}L${c(mx - 4)} ${c(y)}Z" fill="none" stroke="#111"/>`;
    }
  });
  s += `<text x="${c((f.left + f.right) / 2)}" y="${c(f.bottom + 32)}" text-anchor="middle">${escapeHtml(o.xLabel)}</text>`;
  return s + '</svg>';
}
