/**
 * Segmentation parameters: one typed object, grouped by the paper's eight steps (DESIGN.md §4),
 * plus the optional split of touching cells. The defaults were tuned on set1, set5, set10 and the
 * time-lapse frames only (scripts/tune-segmentation.ts, docs/segmentation.md); set18, set22 and
 * set30 were held out to judge them.
 */

import type { LearnedParams } from './learned/segment';
import { SEGMENTER_CARD } from './learned/card';

export type SegmentationMethod = 'classical' | 'learned';

export interface SegmentationParams {
  /** 'learned': the trained network (learned/); 'classical': the paper's eight steps below. */
  method: SegmentationMethod;
  /** µm per px of the images (the training fields and the demo: 0.87). */
  pixelSizeUm: number;
  /** Settings of the learned method; `model` is the model file's SHA-256 (first 16 hex digits). */
  learned: LearnedParams & { model: string };
  /** Step 1: subtract a large-scale background estimate (uneven illumination). */
  background: {
    method: 'box' | 'gaussian' | 'none';
    /** Size of the estimate in full-resolution px: box half-width, or Gaussian sigma. */
    radius: number;
    /** The estimate is computed on an image shrunk by this factor (1 = full size), for speed. */
    downscale: number;
  };
  /** Step 2: texture enhancement; phase-contrast cells are textured, the background is flat. */
  texture: {
    /** 'sobel': gradient magnitude; 'variance': local standard deviation in a window. */
    kind: 'sobel' | 'variance';
    /** Window side in px for 'variance' (odd). */
    window: number;
    /** Gaussian sigma (px) applied to the texture image; 0 = none. */
    smoothing: number;
    /** The texture is scaled so this percentile maps to 255. */
    percentile: number;
  };
  /** Step 3: binarisation of the 8-bit texture image. */
  threshold: {
    mode: 'otsu' | 'fixed';
    /** Otsu's threshold is multiplied by this (texture thresholds want to be low). */
    otsuScale: number;
    /** Threshold (0-255) in 'fixed' mode. */
    fixedValue: number;
  };
  /** Step 4: objects smaller than this (px) are removed. */
  minArea1: number;
  /** Fill holes already before the erosion, so ring-shaped masks do not erode away. */
  fillHolesBeforeErosion: boolean;
  /** Step 5: erosion separates touching cells and trims the halo. */
  erosion: {
    /** Radius in px (0 = none). A disc of radius r is OpenCV's (2r+1)-px ellipse. */
    radius: number;
    shape: 'disc' | 'square';
  };
  /** Step 6: objects smaller than this (px) are removed again. */
  minArea2: number;
  /** Step 7: fill holes (background not connected to the image border). */
  fillHoles: boolean;
  /** Step 8: remove objects touching the image border. */
  removeBorder: boolean;
  /** Instance labels: split touching cells with a marker-based watershed on the distance map. */
  split: {
    enabled: boolean;
    /** Gaussian-like smoothing (sigma, px) of the distance map before finding markers. */
    smoothing: number;
    /** Markers (distance maxima) closer than this (px) within one object are reduced to one. */
    minPeakDistance: number;
    /** Markers need at least this distance (px) to the eroded mask's edge. */
    minPeakDepth: number;
    /** Neighbours merge when their shared line is at least this fraction of the smaller peak. */
    mergeRatio: number;
    /** Labels grow back this far (px) into the pre-erosion mask, undoing the erosion's trim. */
    regrow: number;
    /** Weight of image brightness in the flood (halo lines between cells are bright): 0 = pure distance. */
    haloWeight: number;
    /** The split runs on an image shrunk by this factor (1 = full size); 2 is 4× cheaper. */
    downscale: number;
  };
  /** Final labels smaller than this (px) are dropped. */
  minFinalArea: number;
}

/**
 * The pixel size the classical lengths and areas are written for: the reference fields' 0.87 µm/px
 * (their Nikon tag says 0.8708). The classical settings are "px at 0.87 µm/px"; for images at another
 * pixel size they are scaled by 0.87 / pixelSizeUm (lengths) and its square (areas) before use.
 */
export const CLASSICAL_TUNED_UM_PER_PX = 0.87;

/** The classical eight steps with the defaults tuned on the reference fields (the demo's method). */
export const DEFAULT_SEGMENTATION_PARAMS: SegmentationParams = {
  method: 'classical',
  pixelSizeUm: 0.87,
  learned: { ...SEGMENTER_CARD.postprocessing, model: SEGMENTER_CARD.sha256.slice(0, 16) },
  background: { method: 'box', radius: 15, downscale: 4 },
  texture: { kind: 'sobel', window: 5, smoothing: 1.3, percentile: 99.5 },
  threshold: { mode: 'otsu', otsuScale: 0.35, fixedValue: 40 },
  minArea1: 50,
  fillHolesBeforeErosion: true,
  erosion: { radius: 6, shape: 'disc' },
  minArea2: 600,
  fillHoles: true,
  removeBorder: true,
  split: {
    enabled: true,
    smoothing: 2,
    minPeakDistance: 25,
    minPeakDepth: 7,
    mergeRatio: 0.95,
    regrow: 0,
    haloWeight: 0,
    downscale: 2,
  },
  minFinalArea: 600,
};

/** The defaults for imported images: the learned method, with the model card's settings. */
export const DEFAULT_LEARNED_PARAMS: SegmentationParams = { ...DEFAULT_SEGMENTATION_PARAMS, method: 'learned' };

/** One tunable field, as the UI renders it (a slider, a choice or a switch). */
export type ParamSpec =
  | { path: string; kind: 'number'; label: string; min: number; max: number; step: number; help: string }
  | { path: string; kind: 'choice'; label: string; options: readonly string[]; help: string }
  | { path: string; kind: 'boolean'; label: string; help: string };

export const PARAM_SPECS: readonly ParamSpec[] = [
  {
    path: 'method',
    kind: 'choice',
    label: 'Method',
    options: ['learned', 'classical'],
    help: 'Learned: the trained network (model card in docs/segmentation.md). Classical: the paper\'s eight steps.',
  },
  {
    path: 'pixelSizeUm',
    kind: 'number',
    label: 'Pixel size (µm/px)',
    min: 0.05,
    max: 20,
    step: 0.0001,
    help: 'Size of one image pixel (read from the files when they state it). The learned method resizes fields so cells appear at its training scale; the classical sizes below are px at 0.87 µm/px and are scaled to this one.',
  },
  {
    path: 'learned.foreground',
    kind: 'number',
    label: 'Foreground probability',
    min: 0.05,
    max: 0.95,
    step: 0.05,
    help: 'Learned method: a pixel is cell where the network gives it at least this probability.',
  },
  {
    path: 'learned.seed',
    kind: 'number',
    label: 'Seed distance',
    min: 0.05,
    max: 0.95,
    step: 0.05,
    help: 'Learned method: one seed per cell where the predicted distance to the edge (0 edge, 1 centre) exceeds this.',
  },
  {
    path: 'learned.minSeedAreaUm2',
    kind: 'number',
    label: 'Min seed area (µm²)',
    min: 0,
    max: 2000,
    step: 5,
    help: 'Learned method: smaller seeds are merged into their neighbours.',
  },
  {
    path: 'learned.minAreaUm2',
    kind: 'number',
    label: 'Min cell area (µm²)',
    min: 0,
    max: 5000,
    step: 10,
    help: 'Learned method: smaller cells are dropped.',
  },
  {
    path: 'background.method',
    kind: 'choice',
    label: 'Background estimate',
    options: ['box', 'gaussian', 'none'],
    help: 'How the uneven illumination is estimated before it is subtracted.',
  },
  {
    path: 'background.radius',
    kind: 'number',
    label: 'Background size (px)',
    min: 5,
    max: 200,
    step: 1,
    help: 'Larger than a cell, so that cells do not become background.',
  },
  {
    path: 'background.downscale',
    kind: 'number',
    label: 'Background downscale',
    min: 1,
    max: 16,
    step: 1,
    help: 'The estimate is made on a shrunk image; faster, same result for smooth backgrounds.',
  },
  {
    path: 'texture.kind',
    kind: 'choice',
    label: 'Texture filter',
    options: ['sobel', 'variance'],
    help: 'Gradient magnitude or local standard deviation: both are high on cells, low on flat background.',
  },
  {
    path: 'texture.window',
    kind: 'number',
    label: 'Variance window (px)',
    min: 3,
    max: 31,
    step: 2,
    help: 'Window of the local standard deviation (variance filter only).',
  },
  {
    path: 'texture.smoothing',
    kind: 'number',
    label: 'Texture smoothing (σ px)',
    min: 0,
    max: 5,
    step: 0.1,
    help: 'Blurs the texture image so cells become solid regions.',
  },
  {
    path: 'texture.percentile',
    kind: 'number',
    label: 'Texture scale percentile',
    min: 90,
    max: 100,
    step: 0.1,
    help: 'This percentile of the texture becomes 255.',
  },
  {
    path: 'threshold.mode',
    kind: 'choice',
    label: 'Threshold',
    options: ['otsu', 'fixed'],
    help: 'Automatic (Otsu, scaled) or a fixed grey level.',
  },
  {
    path: 'threshold.otsuScale',
    kind: 'number',
    label: 'Otsu scale',
    min: 0.05,
    max: 2,
    step: 0.01,
    help: "Multiplies Otsu's threshold; lower keeps more of the faint, flat cell parts.",
  },
  {
    path: 'threshold.fixedValue',
    kind: 'number',
    label: 'Fixed threshold',
    min: 1,
    max: 254,
    step: 1,
    help: 'Texture level above which a pixel is cell (fixed mode only).',
  },
  {
    path: 'minArea1',
    kind: 'number',
    label: 'Min area, first pass (px)',
    min: 0,
    max: 5000,
    step: 10,
    help: 'Specks smaller than this are removed after binarisation.',
  },
  {
    path: 'fillHolesBeforeErosion',
    kind: 'boolean',
    label: 'Fill holes before erosion',
    help: 'Keeps ring-shaped cell masks from eroding into fragments.',
  },
  {
    path: 'erosion.radius',
    kind: 'number',
    label: 'Erosion radius (px)',
    min: 0,
    max: 20,
    step: 1,
    help: 'Separates touching cells and trims the bright halo.',
  },
  {
    path: 'erosion.shape',
    kind: 'choice',
    label: 'Erosion shape',
    options: ['disc', 'square'],
    help: 'Structuring element of the erosion.',
  },
  {
    path: 'minArea2',
    kind: 'number',
    label: 'Min area, second pass (px)',
    min: 0,
    max: 5000,
    step: 10,
    help: 'Fragments smaller than this are removed after the erosion.',
  },
  { path: 'fillHoles', kind: 'boolean', label: 'Fill holes', help: 'Background enclosed by a cell becomes cell.' },
  {
    path: 'removeBorder',
    kind: 'boolean',
    label: 'Remove border objects',
    help: 'Cells cut by the image edge would give wrong shapes.',
  },
  {
    path: 'split.enabled',
    kind: 'boolean',
    label: 'Split touching cells',
    help: 'Watershed on the distance map from one marker per cell.',
  },
  {
    path: 'split.smoothing',
    kind: 'number',
    label: 'Distance smoothing (σ px)',
    min: 0,
    max: 12,
    step: 0.5,
    help: 'Smoother distance maps give fewer, steadier markers.',
  },
  {
    path: 'split.minPeakDistance',
    kind: 'number',
    label: 'Min marker distance (px)',
    min: 3,
    max: 100,
    step: 1,
    help: 'About the radius of a typical cell body.',
  },
  {
    path: 'split.minPeakDepth',
    kind: 'number',
    label: 'Min marker depth (px)',
    min: 0,
    max: 40,
    step: 0.5,
    help: 'Thin protrusions do not get their own marker.',
  },
  {
    path: 'split.mergeRatio',
    kind: 'number',
    label: 'Merge ratio',
    min: 0.5,
    max: 1.01,
    step: 0.01,
    help: 'Neighbours merge when the line between them is this deep relative to the smaller peak; >1 never merges.',
  },
  {
    path: 'split.regrow',
    kind: 'number',
    label: 'Regrow (px)',
    min: 0,
    max: 20,
    step: 1,
    help: 'Labels grow back into the mask that the erosion trimmed.',
  },
  {
    path: 'split.haloWeight',
    kind: 'number',
    label: 'Halo weight',
    min: 0,
    max: 40,
    step: 0.5,
    help: 'Bright lines pull the split onto the halo between touching cells (px of distance per full grey range).',
  },
  {
    path: 'split.downscale',
    kind: 'number',
    label: 'Split downscale',
    min: 1,
    max: 4,
    step: 1,
    help: 'The split works on a shrunk copy for speed; labels are mapped back onto the full-size mask.',
  },
  {
    path: 'minFinalArea',
    kind: 'number',
    label: 'Min cell area (px)',
    min: 0,
    max: 5000,
    step: 10,
    help: 'Final labels smaller than this are dropped.',
  },
];

/** Reads a dotted path (`'split.mergeRatio'`) from a params object. */
export function getParam(p: SegmentationParams, path: string): unknown {
  let v: unknown = p;
  for (const key of path.split('.')) v = (v as Record<string, unknown> | undefined)?.[key];
  return v;
}

/** A copy of `p` with one dotted path set (for sliders and tuning). */
export function withParam(p: SegmentationParams, path: string, value: unknown): SegmentationParams {
  const copy = structuredClone(p);
  const keys = path.split('.');
  let obj = copy as unknown as Record<string, unknown>;
  for (const key of keys.slice(0, -1)) obj = obj[key] as Record<string, unknown>;
  obj[keys[keys.length - 1]!] = value;
  return copy;
}

/** Problems with `p`, one readable sentence each; empty when it is usable. */
export function validateParams(p: SegmentationParams): string[] {
  const problems: string[] = [];
  for (const spec of PARAM_SPECS) {
    const v = getParam(p, spec.path);
    if (spec.kind === 'number') {
      if (typeof v !== 'number' || !Number.isFinite(v)) problems.push(`${spec.path} must be a number`);
      else if (v < spec.min || v > spec.max) problems.push(`${spec.path} = ${v} is outside ${spec.min}…${spec.max}`);
    } else if (spec.kind === 'choice') {
      if (typeof v !== 'string' || !spec.options.includes(v))
        problems.push(`${spec.path} must be one of ${spec.options.join(', ')}`);
    } else if (typeof v !== 'boolean') problems.push(`${spec.path} must be true or false`);
  }
  if (p.texture.kind === 'variance' && p.texture.window % 2 !== 1) problems.push('texture.window must be odd');
  return problems;
}

/** Fills fields missing from a partial (e.g. user JSON) params object with the defaults. */
export function mergeParams(
  partial: unknown,
  base: SegmentationParams = DEFAULT_SEGMENTATION_PARAMS,
): SegmentationParams {
  const out = structuredClone(base) as unknown as Record<string, unknown>;
  if (partial && typeof partial === 'object') {
    for (const [k, v] of Object.entries(partial)) {
      const b = out[k];
      if (b && typeof b === 'object' && v && typeof v === 'object') Object.assign(b, v);
      else out[k] = v;
    }
  }
  return out as unknown as SegmentationParams;
}

/** JSON with keys sorted at every level, so equal params always give equal text. */
function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v);
}

/**
 * Short stable hash of the params (FNV-1a 64-bit over the sorted JSON, 16 hex digits), stored with
 * every measurement so one can tell which params made it.
 */
export function paramsHash(p: SegmentationParams): string {
  // The classical method's hash covers its own parameters only (as before the learned method came),
  // so stored classical measurements stay valid; the learned one's covers the model and its settings.
  // The classical hash is of the parameters as applied (scaled to the pixel size by
  // classicalAtPixelSize), so at 0.87 µm/px it is what it always was, and elsewhere it changes with them.
  const { method, pixelSizeUm, learned } = p;
  const { method: _m, pixelSizeUm: _p, learned: _l, ...classical } = method === 'learned' ? p : classicalAtPixelSize(p);
  const hashed =
    method === 'learned' ? { method, pixelSizeUm, learned, removeBorder: classical.removeBorder } : classical;
  const text = stableJson(hashed);
  let h = 0xcbf29ce484222325n;
  const prime = 0x100000001b3n;
  const mask = 0xffffffffffffffffn;
  for (let i = 0; i < text.length; i++) {
    h ^= BigInt(text.charCodeAt(i));
    h = (h * prime) & mask;
  }
  return h.toString(16).padStart(16, '0');
}

/**
 * The parameters for images at another pixel scale: lengths × `factor`, areas × factor². The
 * defaults were tuned on 1024-px fields of large spread cells; the demo's 512-px fields show cells
 * at about half that scale (factor 0.5). Rounded to the specs' steps and kept inside their ranges.
 */
export function scaleSegmentationParams(p: SegmentationParams, factor: number): SegmentationParams {
  const lengths = ['background.radius', 'erosion.radius', 'split.smoothing', 'split.minPeakDistance', 'split.minPeakDepth', 'split.regrow'];
  const areas = ['minArea1', 'minArea2', 'minFinalArea'];
  let out = p;
  for (const spec of PARAM_SPECS) {
    if (spec.kind !== 'number') continue;
    const scale = lengths.includes(spec.path) ? factor : areas.includes(spec.path) ? factor * factor : null;
    if (scale === null) continue;
    const v = (getParam(p, spec.path) as number) * scale;
    const stepped = Math.round(v / spec.step) * spec.step;
    out = withParam(out, spec.path, Math.min(spec.max, Math.max(spec.min, +stepped.toFixed(6))));
  }
  return out;
}

/**
 * The classical parameters as applied to images at `p.pixelSizeUm`: lengths × 0.87 / pixelSizeUm,
 * areas × its square (rounded to the sliders' steps, inside their ranges). Within 0.1 % of
 * 0.87 µm/px — 0.8708, what the reference TIFFs state, included — they are used as written, so
 * results there are exactly the tuned ones.
 */
export function classicalAtPixelSize(p: SegmentationParams): SegmentationParams {
  const factor = CLASSICAL_TUNED_UM_PER_PX / p.pixelSizeUm;
  if (!Number.isFinite(factor) || factor <= 0 || Math.abs(factor - 1) <= 1e-3) return p;
  return scaleSegmentationParams(p, factor);
}
