/**
 * Draws one phase-contrast-like field of a demo clone: uneven illumination, flat noisy background,
 * dark textured spindle or flattened cells with bright halo rims, round bright dividing cells,
 * a little debris and shot noise. The ground truth (instance labels) comes for free.
 *
 * Pixel scale is fixed (a 1000-px field sees 3.8× the area of a 512-px one, at the same
 * magnification). Everything is drawn into a relative transmission map T (1 = background),
 * then multiplied by the illumination and noised, so halos and bodies follow the vignette.
 * Each cell touches only its own bounding box, so a 512-px field takes a few milliseconds.
 */
import type { Grey8 } from '../experiment';
import { traitsFromLatent, type DemoClone, type DemoLatent, type DemoTraits } from './clones';
import { forkRandom, type Random } from './random';

export interface DemoImageParams {
  seed: number;
  clone: DemoClone;
  /** Hours after seeding (the demo uses 6 … 90). */
  timeH: number;
  /** Field of view, from 1. */
  fov: number;
  /** Width = height in px, 64 … 2048; default 512. */
  size?: number;
}

export interface DemoRender {
  image: Grey8;
  /** Instance labels, 0 = background, 1 … cells; same layout as the image. */
  truth: Uint16Array;
  /** Number of labelled cells (dividing daughters count one each). */
  cells: number;
}

export const DEMO_DEFAULT_SIZE = 512;
/** The field the traits' pixel sizes and seeding density refer to. */
const REFERENCE_FIELD_PX = 512;
/** Daughters stay round and bright for this long after a division. */
const ROUNDED_HOURS = 2;
/** Halo reach beyond the cell edge, px. */
const HALO_PX = 4.5;
const PLACEMENT_TRIES = 8;

// ---------------------------------------------------------------------------------------------
// How many cells a field holds

export interface DemoFieldCounts {
  /** Cells in the field at this time. */
  cells: number;
  /** Pairs of daughters from divisions in the last ROUNDED_HOURS, drawn round and bright. */
  dividingPairs: number;
}

/**
 * Cells in one field: a Poisson seeding at 6 h, then exponential growth at the clone's division
 * rate with a small per-field deviation (cells migrate in and out). Drawn from a stream of
 * (clone, FOV, size) alone, so a field's count never falls between time points and is the same
 * whichever image is made first. Divisions of the last ROUNDED_HOURS show as dividing pairs.
 */
export function demoFieldCounts(
  seed: number,
  clone: DemoClone,
  timeH: number,
  fov: number,
  size = DEMO_DEFAULT_SIZE,
): DemoFieldCounts {
  const r = forkRandom(seed, 'growth', clone.id, fov, size);
  const areaScale = (size / REFERENCE_FIELD_PX) ** 2;
  const seeded = Math.max(1, r.poisson(clone.cellsAt6h * areaScale * Math.exp(r.normal(0, 0.2))));
  const rate = clone.traits.divisionRatePerH * Math.exp(r.normal(0, 0.08));
  const dither = r.uniform();
  const at = (h: number): number => Math.floor(seeded * Math.exp(rate * Math.max(0, h - 6)) + dither);
  const cells = at(timeH);
  const divided = cells - at(timeH - ROUNDED_HOURS);
  return { cells, dividingPairs: Math.min(divided, Math.floor(cells / 2)) };
}

// ---------------------------------------------------------------------------------------------
// The canvas shared by all cells of one field

interface Canvas {
  size: number;
  /** Relative transmission, 1 = clear background. */
  t: Float32Array;
  labels: Uint16Array;
  /** 1 near a placed cell's edge: new cells avoid it, so most cells do not touch. */
  haloZone: Uint8Array;
  nextLabel: number;
}

/** A cell's pixels in its own box: part 0 = outside, 1 (and 2 for a daughter pair) = inside. */
interface Footprint {
  w: number;
  h: number;
  /** Box position of the cell centre. */
  cx: number;
  cy: number;
  part: Uint8Array;
  area: number;
  /** Spread cells: per inside pixel, (distance to the outline along the ray, px; (ρ / radius)²). */
  rayDepth?: Float32Array;
  rayRel?: Float32Array;
}

/** A box reaching `left`, `right`, `up`, `down` px from the cell centre, plus room for the halo. */
function makeFootprint(left: number, right: number, up: number, down: number): Footprint {
  const margin = HALO_PX + 2;
  const cx = Math.ceil(left + margin);
  const cy = Math.ceil(up + margin);
  const w = cx + Math.ceil(right + margin) + 1;
  const h = cy + Math.ceil(down + margin) + 1;
  return { w, h, cx, cy, part: new Uint8Array(w * h), area: 0 };
}

/**
 * Chooses where a footprint goes: up to PLACEMENT_TRIES uniform positions, the first that hits
 * no cell and no halo zone, else the least-overlapping one. Returns the box's top-left corner,
 * or null when every try buried the cell under others or pushed most of it out of the field.
 */
function place(
  canvas: Canvas,
  fp: Footprint,
  r: Random,
  first?: { x: number; y: number },
): { x0: number; y0: number } | null {
  const { size, labels, haloZone } = canvas;
  let best: { x0: number; y0: number; hits: number } | null = null;
  let bestScore = Infinity;
  for (let k = 0; k < PLACEMENT_TRIES; k++) {
    const cx = k === 0 && first ? first.x : r.int(size);
    const cy = k === 0 && first ? first.y : r.int(size);
    const x0 = cx - fp.cx;
    const y0 = cy - fp.cy;
    let hits = 0;
    let halo = 0;
    let visible = 0;
    for (let ly = 0; ly < fp.h; ly++) {
      const gy = y0 + ly;
      if (gy < 0 || gy >= size) continue;
      const row = ly * fp.w;
      const grow = gy * size;
      for (let lx = 0; lx < fp.w; lx++) {
        if (fp.part[row + lx] === 0) continue;
        const gx = x0 + lx;
        if (gx < 0 || gx >= size) continue;
        visible++;
        const p = grow + gx;
        if (labels[p] !== 0) hits++;
        else if (haloZone[p] !== 0) halo++;
      }
    }
    if (visible < 0.35 * fp.area) continue;
    const score = hits + 0.3 * halo;
    if (score < bestScore) {
      bestScore = score;
      best = { x0, y0, hits };
      if (score === 0) break;
    }
  }
  if (!best || best.hits > 0.25 * fp.area) return null;
  return { x0: best.x0, y0: best.y0 };
}

// ---------------------------------------------------------------------------------------------
// Small helpers

/** Chamfer (1, √2) distance of every box pixel to the nearest pixel of the cell: where halos fall. */
function distanceToCell(part: Uint8Array, w: number, h: number): Float32Array {
  const d = new Float32Array(w * h);
  const far = 1e6;
  for (let i = 0; i < d.length; i++) d[i] = part[i] !== 0 ? 0 : far;
  const D = Math.SQRT2;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      let v = d[i]!;
      if (v === 0) continue;
      if (x > 0) v = Math.min(v, d[i - 1]! + 1);
      if (y > 0) {
        v = Math.min(v, d[i - w]! + 1);
        if (x > 0) v = Math.min(v, d[i - w - 1]! + D);
        if (x < w - 1) v = Math.min(v, d[i - w + 1]! + D);
      }
      d[i] = v;
    }
  }
  for (let y = h - 1; y >= 0; y--) {
    for (let x = w - 1; x >= 0; x--) {
      const i = y * w + x;
      let v = d[i]!;
      if (v === 0) continue;
      if (x < w - 1) v = Math.min(v, d[i + 1]! + 1);
      if (y < h - 1) {
        v = Math.min(v, d[i + w]! + 1);
        if (x < w - 1) v = Math.min(v, d[i + w + 1]! + D);
        if (x > 0) v = Math.min(v, d[i + w - 1]! + D);
      }
      d[i] = v;
    }
  }
  return d;
}

/** Granular noise of SD ≈ 1 over a box: white noise smoothed by a 3 × 3 box (grains of 1–3 px). */
function granularNoise(w: number, h: number, r: Random): Float32Array {
  const white = new Float32Array(w * h);
  r.fillQuickNormal(white);
  // A 3 × 3 box sum, done as rows then columns; a sum of 9 unit-SD values has SD 3.
  const rows = new Float32Array(w * h);
  for (let i = 1; i < white.length - 1; i++) rows[i] = white[i - 1]! + white[i]! + white[i + 1]!;
  const out = new Float32Array(w * h);
  for (let i = w; i < white.length - w; i++) out[i] = (rows[i - w]! + rows[i]! + rows[i + w]!) / 3;
  return out;
}

function dist(dx: number, dy: number): number {
  return Math.sqrt(dx * dx + dy * dy);
}

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}

// ---------------------------------------------------------------------------------------------
// Spread (adherent) cells

/** Angular samples of a cell outline. */
const OUTLINE_STEPS = 256;
const COS_TABLE = Float32Array.from({ length: OUTLINE_STEPS }, (_, j) => Math.cos((2 * Math.PI * j) / OUTLINE_STEPS));
const SIN_TABLE = Float32Array.from({ length: OUTLINE_STEPS }, (_, j) => Math.sin((2 * Math.PI * j) / OUTLINE_STEPS));

/**
 * An adherent cell as a star-shaped outline: radius(angle) is an ellipse along the cell's axis,
 * times tapered arms (two long ones at the ends of a spindle, broad lamellae on a flattened
 * cell) and a small ripple. Tabulated by world angle, so drawing needs no rotation.
 */
interface SpreadShape {
  radius: Float32Array;
  /** Largest radius, px. */
  reach: number;
  /** How far the outline reaches from the centre in each direction, px. */
  extent: { left: number; right: number; up: number; down: number };
  angle: number;
  /** Nucleus: centre offset and half-axes along and across the cell axis. */
  nucleus: { x: number; y: number; a: number; b: number };
}

function spreadShape(r: Random, area: number, aspect: number, angle: number): SpreadShape {
  const elongated = clamp((aspect - 1.2) / 2, 0, 1);
  const ellipseAspect = 1 + (aspect - 1) * 0.65;
  const arms: { at: number; height: number; width: number }[] = [];
  // Spindles taper into two long processes; the longer the cell, the longer they are.
  const tip = 0.3 * (aspect - 1);
  if (tip > 0.05) {
    arms.push({ at: r.normal(0, 0.06), height: tip * r.range(0.6, 1.4), width: r.range(0.07, 0.14) });
    arms.push({ at: Math.PI + r.normal(0, 0.06), height: tip * r.range(0.6, 1.4), width: r.range(0.07, 0.14) });
  }
  // Flattened cells spread lamellae in a few directions: triangular and star-like outlines.
  const lamellae = r.poisson(0.4 + 3 * (1 - elongated));
  for (let k = 0; k < lamellae; k++)
    arms.push({ at: r.range(0, 2 * Math.PI), height: r.range(0.25, 0.9), width: r.range(0.18, 0.45) });
  const ripples = [2, 3, 4, 5, 6, 7].map((k) => ({
    k,
    amp: (r.range(0, 0.07) * (1.4 - 0.6 * elongated)) / Math.sqrt(k / 2),
    phase: r.range(0, 2 * Math.PI),
  }));

  const radius = new Float32Array(OUTLINE_STEPS);
  const e2 = 1 - 1 / (ellipseAspect * ellipseAspect);
  const steps = OUTLINE_STEPS;
  const turn = (a: number): number => Math.round((a / (2 * Math.PI)) * steps);
  const angleStep = turn(angle);
  const rippleSteps = ripples.map((w) => turn(w.phase) - w.k * angleStep);
  let sumSq = 0;
  for (let j = 0; j < steps; j++) {
    const local = (2 * Math.PI * j) / steps - angle;
    const c = COS_TABLE[(((j - angleStep) % steps) + steps) % steps]!;
    let rad = 1 / Math.sqrt(1 - e2 * c * c);
    let arm = 1;
    for (const a of arms) {
      let d = local - a.at;
      d -= 2 * Math.PI * Math.round(d / (2 * Math.PI));
      const z = d / a.width;
      if (z > -4 && z < 4) arm += a.height * Math.exp(-0.5 * z * z);
    }
    let ripple = 1;
    for (let k = 0; k < ripples.length; k++) {
      const w = ripples[k]!;
      ripple += w.amp * SIN_TABLE[(((w.k * j + rippleSteps[k]!) % steps) + steps) % steps]!;
    }
    rad *= arm * Math.max(0.5, ripple);
    radius[j] = rad;
    sumSq += rad * rad;
  }
  // Scale to the wanted area: ½ ∮ r² dφ.
  const unitArea = (0.5 * sumSq * 2 * Math.PI) / OUTLINE_STEPS;
  const k = Math.sqrt(area / unitArea);
  let reach = 0;
  const extent = { left: 0, right: 0, up: 0, down: 0 };
  for (let j = 0; j < OUTLINE_STEPS; j++) {
    const rad = radius[j]! * k;
    radius[j] = rad;
    reach = Math.max(reach, rad);
    const x = rad * COS_TABLE[j]!;
    const y = rad * SIN_TABLE[j]!;
    extent.left = Math.max(extent.left, -x);
    extent.right = Math.max(extent.right, x);
    extent.up = Math.max(extent.up, -y);
    extent.down = Math.max(extent.down, y);
  }
  const minor = Math.sqrt(area / (Math.PI * ellipseAspect));
  const nucleus = {
    x: r.range(-0.2, 0.2) * minor,
    y: r.range(-0.15, 0.15) * minor,
    a: clamp(0.55 * minor * Math.sqrt(ellipseAspect), 3.5, 12),
    b: clamp(0.45 * minor, 3, 8),
  };
  return { radius, reach, extent, angle, nucleus };
}

/** Index into a SpreadShape's radius table for the direction (dx, dy). */
function outlineIndex(dx: number, dy: number): number {
  const phi = Math.atan2(dy, dx);
  const j = Math.round((phi / (2 * Math.PI)) * OUTLINE_STEPS);
  return j < 0 ? j + OUTLINE_STEPS : j >= OUTLINE_STEPS ? j - OUTLINE_STEPS : j;
}

function spreadFootprint(s: SpreadShape): Footprint {
  const fp = makeFootprint(s.extent.left, s.extent.right, s.extent.up, s.extent.down);
  const rayDepth = new Float32Array(fp.w * fp.h);
  const rayRel = new Float32Array(fp.w * fp.h);
  for (let ly = 0; ly < fp.h; ly++) {
    const dy = ly - fp.cy;
    for (let lx = 0; lx < fp.w; lx++) {
      const dx = lx - fp.cx;
      const rho2 = dx * dx + dy * dy;
      if (rho2 > s.reach * s.reach) continue;
      const rad = s.radius[outlineIndex(dx, dy)]!;
      if (rho2 < rad * rad) {
        const i = ly * fp.w + lx;
        fp.part[i] = 1;
        rayDepth[i] = rad - Math.sqrt(rho2);
        rayRel[i] = rho2 / (rad * rad);
        fp.area++;
      }
    }
  }
  fp.rayDepth = rayDepth;
  fp.rayRel = rayRel;
  return fp;
}

interface SpreadLook {
  /** Darkening of the thick middle of the cell, relative. */
  darkness: number;
  /** Texture amplitude, relative. */
  texture: number;
  /** Halo strength, relative. */
  halo: number;
}

/** Paints body, nucleus, granules and halo of a placed spread cell; returns false if nothing showed. */
function paintSpreadCell(
  canvas: Canvas,
  s: SpreadShape,
  fp: Footprint,
  x0: number,
  y0: number,
  look: SpreadLook,
  r: Random,
): boolean {
  const { size, t, labels, haloZone } = canvas;
  const label = canvas.nextLabel;
  const rayDepth = fp.rayDepth!;
  const rayRel = fp.rayRel!;
  const outside = distanceToCell(fp.part, fp.w, fp.h);
  const grain = granularNoise(fp.w, fp.h, r);
  const cos = Math.cos(s.angle);
  const sin = Math.sin(s.angle);
  const nuc = s.nucleus;
  const haloAngle = r.range(0, 2 * Math.PI);
  const haloCos = Math.cos(haloAngle);
  const haloSin = Math.sin(haloAngle);
  let shown = 0;

  for (let ly = 0; ly < fp.h; ly++) {
    const gy = y0 + ly;
    if (gy < 0 || gy >= size) continue;
    const dy = ly - fp.cy;
    for (let lx = 0; lx < fp.w; lx++) {
      const gx = x0 + lx;
      if (gx < 0 || gx >= size) continue;
      const i = ly * fp.w + lx;
      const p = gy * size + gx;
      if (labels[p] !== 0) continue;
      const dx = lx - fp.cx;
      if (fp.part[i] !== 0) {
        const u = dx * cos + dy * sin - nuc.x;
        const v = -dx * sin + dy * cos - nuc.y;
        const eu = u / nuc.a;
        const ev = v / nuc.b;
        // Thin at the edge and in the lamellae, thick around the nucleus.
        const thick = (1 - Math.exp(-rayDepth[i]! / 2.5)) * (0.35 + 0.65 * (1 - rayRel[i]!));
        const value =
          eu * eu + ev * ev < 1
            ? 1 - 0.5 * look.darkness + 0.4 * look.texture * grain[i]!
            : 1 - look.darkness * thick + 0.8 * look.texture * grain[i]! * (0.4 + 0.6 * thick);
        t[p] = value;
        labels[p] = label;
        shown++;
      } else {
        const d = outside[i]!;
        if (d > HALO_PX) continue;
        const len = Math.sqrt(dx * dx + dy * dy) + 1e-6;
        const facing = 0.75 + 0.25 * ((dx * haloCos + dy * haloSin) / len);
        const g = (d - 1.4) / 1.2;
        t[p] = t[p]! + look.halo * facing * Math.exp(-0.5 * g * g);
        if (d <= 3) haloZone[p] = 1;
      }
    }
  }
  if (shown === 0) return false;

  // Dark granules crowd around the nucleus; nucleoli inside it; a few bright vesicles.
  const strength = clamp(look.texture / 0.11, 0.3, 2);
  const granules = Math.round((fp.area / 22) * clamp(strength, 0.5, 1.6));
  const spots: { x: number; y: number; radius: number; depth: number }[] = [];
  for (let g = 0; g < granules; g++) {
    const phi = r.range(0, 2 * Math.PI);
    const j = Math.round((phi / (2 * Math.PI)) * OUTLINE_STEPS) % OUTLINE_STEPS;
    const rho = s.radius[j]! * 0.85 * r.uniform() ** 1.3;
    const bright = r.uniform() < 0.07;
    spots.push({
      x: rho * Math.cos(phi),
      y: rho * Math.sin(phi),
      radius: r.range(0.7, 1.9),
      depth: bright ? -r.range(0.2, 0.4) : r.range(0.08, 0.18) * strength,
    });
  }
  const nucleoli = 1 + r.int(3);
  for (let g = 0; g < nucleoli; g++) {
    const u = nuc.x + r.range(-0.45, 0.45) * nuc.a;
    const v = nuc.y + r.range(-0.45, 0.45) * nuc.b;
    spots.push({ x: u * cos - v * sin, y: u * sin + v * cos, radius: r.range(1, 1.7), depth: r.range(0.15, 0.25) });
  }
  for (const spot of spots) {
    const sx = fp.cx + spot.x;
    const sy = fp.cy + spot.y;
    const reach = spot.radius + 0.5;
    for (let ly = Math.floor(sy - reach); ly <= Math.ceil(sy + reach); ly++) {
      const gy = y0 + ly;
      if (ly < 0 || ly >= fp.h || gy < 0 || gy >= size) continue;
      for (let lx = Math.floor(sx - reach); lx <= Math.ceil(sx + reach); lx++) {
        const gx = x0 + lx;
        if (lx < 0 || lx >= fp.w || gx < 0 || gx >= size) continue;
        const p = gy * size + gx;
        if (labels[p] !== label) continue;
        const ddx = lx - sx;
        const ddy = ly - sy;
        const dist = Math.sqrt(ddx * ddx + ddy * ddy);
        if (dist < reach) t[p] = t[p]! - spot.depth * Math.min(1, (reach - dist) * 1.5);
      }
    }
  }
  canvas.nextLabel++;
  return true;
}

// ---------------------------------------------------------------------------------------------
// Dividing cells: two round, bright daughters side by side

interface PairShape {
  centres: [number, number, number, number];
  radii: [number, number];
  darkDot: [boolean, boolean];
}

function pairShape(r: Random): PairShape {
  const r1 = r.range(7, 9.5);
  const r2 = r1 * r.range(0.85, 1.1);
  const angle = r.range(0, Math.PI);
  const gap = (r1 + r2) / 2 + 0.6;
  const c = Math.cos(angle) * gap;
  const s = Math.sin(angle) * gap;
  return { centres: [-c, -s, c, s], radii: [r1, r2], darkDot: [r.uniform() < 0.5, r.uniform() < 0.5] };
}

function pairFootprint(s: PairShape): Footprint {
  const [ax, ay, bx, by] = s.centres;
  const reach = Math.max(s.radii[0], s.radii[1]);
  const fp = makeFootprint(Math.abs(ax) + reach, Math.abs(ax) + reach, Math.abs(ay) + reach, Math.abs(ay) + reach);
  for (let ly = 0; ly < fp.h; ly++) {
    for (let lx = 0; lx < fp.w; lx++) {
      const x = lx - fp.cx;
      const y = ly - fp.cy;
      const da = dist(x - ax, y - ay) - s.radii[0];
      const db = dist(x - bx, y - by) - s.radii[1];
      if (da <= 0 || db <= 0) {
        fp.part[ly * fp.w + lx] = da <= db ? 1 : 2;
        fp.area++;
      }
    }
  }
  return fp;
}

function paintPair(canvas: Canvas, s: PairShape, fp: Footprint, x0: number, y0: number, r: Random): number {
  const { size, t, labels, haloZone } = canvas;
  const first = canvas.nextLabel;
  const grain = granularNoise(fp.w, fp.h, r);
  const halo = r.range(0.5, 0.8);
  const shown = [0, 0];
  for (let ly = 0; ly < fp.h; ly++) {
    const gy = y0 + ly;
    if (gy < 0 || gy >= size) continue;
    for (let lx = 0; lx < fp.w; lx++) {
      const gx = x0 + lx;
      if (gx < 0 || gx >= size) continue;
      const p = gy * size + gx;
      if (labels[p] !== 0) continue;
      const i = ly * fp.w + lx;
      const x = lx - fp.cx;
      const y = ly - fp.cy;
      const part = fp.part[i]!;
      if (part !== 0) {
        const k = part - 1;
        const rho = dist(x - s.centres[2 * k]!, y - s.centres[2 * k + 1]!);
        const rel = rho / s.radii[k]!;
        let value = 1.3 + 0.5 * rel * rel + 0.05 * grain[i]!;
        if (s.darkDot[k] && rho < 2.4) value = 0.7;
        t[p] = value;
        labels[p] = first + k;
        shown[k]!++;
      } else {
        const d = Math.min(
          dist(x - s.centres[0], y - s.centres[1]) - s.radii[0],
          dist(x - s.centres[2], y - s.centres[3]) - s.radii[1],
        );
        if (d > HALO_PX) continue;
        const g = (d - 1) / 1.1;
        t[p] = t[p]! + halo * Math.exp(-0.5 * g * g);
        if (d <= 3) haloZone[p] = 1;
      }
    }
  }
  // Keep labels contiguous even if a daughter fell outside the field.
  let made = 0;
  if (shown[0]! > 0) made++;
  if (shown[1]! > 0) {
    if (shown[0] === 0) relabel(canvas, fp, x0, y0, first + 1, first);
    made++;
  }
  canvas.nextLabel += made;
  return made;
}

function relabel(canvas: Canvas, fp: Footprint, x0: number, y0: number, from: number, to: number): void {
  for (let ly = 0; ly < fp.h; ly++) {
    const gy = y0 + ly;
    if (gy < 0 || gy >= canvas.size) continue;
    for (let lx = 0; lx < fp.w; lx++) {
      const gx = x0 + lx;
      if (gx < 0 || gx >= canvas.size) continue;
      const p = gy * canvas.size + gx;
      if (canvas.labels[p] === from) canvas.labels[p] = to;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The field

/** Cells spread out during the first day: smaller and rounder at 6 h than later. */
function spreading(timeH: number): number {
  return 1 - 0.35 * Math.exp(-(timeH - 6) / 12);
}

/**
 * Field-to-field heterogeneity: each stage position of a well has its own local conditions
 * (density, matrix, edge effects) that shift its cells' traits, the same at every time point. It
 * averages out over many FOVs, which is why imaging more fields per well pays (the paper's FOV
 * analysis); one FOV alone gives a noisy view of its clone.
 */
const FOV_EFFECT_SD = 0.5;

function fieldLatent(seed: number, clone: DemoClone, fov: number): DemoLatent {
  const r = forkRandom(seed, 'fov-effect', clone.id, fov);
  const z = clone.latent;
  return {
    size: z.size + r.normal(0, FOV_EFFECT_SD),
    sizeSpread: z.sizeSpread + r.normal(0, FOV_EFFECT_SD),
    elongation: z.elongation + r.normal(0, FOV_EFFECT_SD),
    texture: z.texture + r.normal(0, FOV_EFFECT_SD),
    textureSpread: z.textureSpread + r.normal(0, FOV_EFFECT_SD),
    growth: z.growth,
  };
}

function shiftedTraits(clone: DemoClone, field: DemoLatent, fieldTraits: DemoTraits, r: Random): DemoTraits {
  if (clone.mixtureSd <= 0) return fieldTraits;
  const shift = r.normal(0, clone.mixtureSd);
  const z = field;
  const shifted: DemoLatent = {
    size: z.size + shift,
    sizeSpread: z.sizeSpread + shift,
    elongation: z.elongation + shift,
    texture: z.texture + shift,
    textureSpread: z.textureSpread + shift,
    growth: z.growth,
  };
  return traitsFromLatent(shifted);
}

/** Noise SD by signal level: shot noise (variance ∝ signal, SD 3 at grey 128) plus read noise. */
const NOISE_SD = Float32Array.from({ length: 512 }, (_, v) => Math.sqrt((9 / 128) * Math.max(v, 1) + 1.2 * 1.2));

/** Transmission × illumination, plus camera noise, rounded and clipped to 8 bits. */
function expose(
  t: Float32Array,
  size: number,
  level: number,
  rowTerm: Float32Array,
  colTerm: Float32Array,
  bump: number,
  rowBump: Float32Array,
  colBump: Float32Array,
  noise: Random,
): Uint8Array {
  const data = new Uint8Array(size * size);
  const rowNoise = new Float64Array(size);
  for (let y = 0; y < size; y++) {
    const ry = level + rowTerm[y]!;
    const by = bump * rowBump[y]!;
    const row = y * size;
    noise.fillQuickNormal(rowNoise);
    for (let x = 0; x < size; x++) {
      const signal = (ry + colTerm[x]! + by * colBump[x]!) * t[row + x]!;
      const level = signal < 0 ? 0 : signal > 511 ? 511 : signal | 0;
      const v = signal + NOISE_SD[level]! * rowNoise[x]! + 0.5;
      data[row + x] = v <= 0 ? 0 : v >= 255 ? 255 : v | 0;
    }
  }
  return data;
}

export function renderDemoImage(params: DemoImageParams): Grey8;
export function renderDemoImage(params: DemoImageParams, options: { withTruth: true }): DemoRender;
export function renderDemoImage(params: DemoImageParams, options?: { withTruth?: boolean }): Grey8 | DemoRender;
export function renderDemoImage(params: DemoImageParams, options: { withTruth?: boolean } = {}): Grey8 | DemoRender {
  const { seed, clone, timeH, fov } = params;
  const size = params.size ?? DEMO_DEFAULT_SIZE;
  if (!Number.isInteger(size) || size < 64 || size > 2048)
    throw new Error(`demo image size must be an integer from 64 to 2048 px, got ${size}`);
  const r = forkRandom(seed, 'image', clone.id, timeH, fov, size);
  const canvas: Canvas = {
    size,
    t: new Float32Array(size * size).fill(1),
    labels: new Uint16Array(size * size),
    haloZone: new Uint8Array(size * size),
    nextLabel: 1,
  };

  // Spindles align along a smooth, field-wide direction, as MSCs do in swirls.
  const scale = size / REFERENCE_FIELD_PX;
  const flow0 = r.range(0, Math.PI);
  const fx = r.range(0.2, 0.7) / REFERENCE_FIELD_PX;
  const fy = r.range(0.2, 0.7) / REFERENCE_FIELD_PX;
  const px = r.range(0, 2 * Math.PI);
  const py = r.range(0, 2 * Math.PI);
  const flow = (x: number, y: number): number =>
    flow0 + 0.8 * Math.sin(2 * Math.PI * fx * x + px) + 0.8 * Math.sin(2 * Math.PI * fy * y + py);

  const counts = demoFieldCounts(seed, clone, timeH, fov, size);
  const spreadCount = Math.max(0, counts.cells - 2 * counts.dividingPairs);
  const stretch = spreading(timeH);
  const field = fieldLatent(seed, clone, fov);
  const fieldTraits = traitsFromLatent(field);

  for (let c = 0; c < spreadCount; c++) {
    const traits = shiftedTraits(clone, field, fieldTraits, r);
    const area = clamp(Math.exp(r.normal(Math.log(traits.meanAreaPx), traits.areaLogSd)) * stretch, 110, 3600);
    const aspect = clamp(1 + (traits.meanAspect - 1) * Math.exp(r.normal(0, 0.3)) * stretch, 1.05, 7);
    const at = { x: r.int(size), y: r.int(size) };
    const angle = aspect > 1.8 ? flow(at.x, at.y) + r.normal(0, 0.35) : r.range(0, 2 * Math.PI);
    const shape = spreadShape(r, area, aspect, angle);
    const look: SpreadLook = {
      // Flattened cells are thinner, so paler.
      darkness: r.range(0.12, 0.22) * clamp((720 / area) ** 0.2, 0.75, 1.25),
      texture: (traits.textureAmplitude / 128) * Math.exp(r.normal(0, traits.textureLogSd)),
      halo: r.range(0.3, 0.55),
    };
    const fp = spreadFootprint(shape);
    if (fp.area === 0) continue;
    const where = place(canvas, fp, r, at);
    if (where) paintSpreadCell(canvas, shape, fp, where.x0, where.y0, look, r);
  }
  for (let c = 0; c < counts.dividingPairs; c++) {
    const shape = pairShape(r);
    const fp = pairFootprint(shape);
    const where = place(canvas, fp, r);
    if (where) paintPair(canvas, shape, fp, where.x0, where.y0, r);
  }

  // Debris: small dark specks on the dish, too small to pass the size filter.
  const debris = r.poisson(8 * scale * scale);
  for (let k = 0; k < debris; k++) {
    const sx = r.range(0, size);
    const sy = r.range(0, size);
    const radius = r.range(0.6, 1.8);
    const depth = r.range(0.1, 0.3);
    for (let y = Math.floor(sy - radius); y <= Math.ceil(sy + radius); y++) {
      for (let x = Math.floor(sx - radius); x <= Math.ceil(sx + radius); x++) {
        if (x < 0 || y < 0 || x >= size || y >= size) continue;
        const p = y * size + x;
        if (canvas.labels[p] === 0 && dist(x - sx, y - sy) < radius) canvas.t[p] = canvas.t[p]! - depth;
      }
    }
  }

  // Illumination: level, tilt, off-centre vignette and one broad bump, all separable in x and y.
  const light = forkRandom(seed, 'illumination', clone.id, fov, size);
  const level = light.range(118, 134);
  const tiltX = light.normal(0, 7);
  const tiltY = light.normal(0, 7);
  const vignette = light.range(8, 20);
  const vcx = light.normal(0.5, 0.15);
  const vcy = light.normal(0.5, 0.15);
  const bump = light.normal(0, 6);
  const bcx = light.range(0, 1);
  const bcy = light.range(0, 1);
  const bsd = light.range(0.2, 0.4);
  const rowTerm = new Float32Array(size);
  const colTerm = new Float32Array(size);
  const rowBump = new Float32Array(size);
  const colBump = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    const f = (i + 0.5) / size;
    colTerm[i] = tiltX * (f - 0.5) - vignette * (f - vcx) ** 2 * 2;
    rowTerm[i] = tiltY * (f - 0.5) - vignette * (f - vcy) ** 2 * 2;
    colBump[i] = Math.exp(-0.5 * ((f - bcx) / bsd) ** 2);
    rowBump[i] = Math.exp(-0.5 * ((f - bcy) / bsd) ** 2);
  }

  const data = expose(
    canvas.t,
    size,
    level,
    rowTerm,
    colTerm,
    bump,
    rowBump,
    colBump,
    forkRandom(seed, 'noise', clone.id, timeH, fov, size),
  );
  const image: Grey8 = { width: size, height: size, data };
  if (!options.withTruth) return image;
  return { image, truth: canvas.labels, cells: canvas.nextLabel - 1 };
}
