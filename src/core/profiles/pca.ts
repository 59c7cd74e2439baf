/**
 * PCA of clone profiles, as Explore shows it and the report prints it: over the profile columns
 * finite for every clone, centred and scaled (prcomp). Explore's options — axes fitted on every FOV
 * count of the window, and FOV-bootstrap clouds projected on them — are the heavy part and run in
 * the modelling worker; the UI only draws the result.
 */
import { pca, project, type PcaModel } from '../stats';
import { buildProfiles, buildSubsetGrid, type FovChoice, type ImageStatsIndex, type Profiles } from './build';

/** Columns usable for PCA: finite in every row (a NaN column, e.g. an SD of one cell, is left out). */
export function finiteColumns(p: Profiles): number[] {
  const width = p.columns.length;
  const keep: number[] = [];
  for (let j = 0; j < width; j++) {
    let ok = true;
    for (let r = 0; r < p.clones.length && ok; r++) ok = Number.isFinite(p.values[r * width + j]!);
    if (ok) keep.push(j);
  }
  return keep;
}

/** The rows of `p` restricted to `cols`, row-major. */
export function takeColumns(p: Profiles, cols: readonly number[]): Float64Array {
  const width = p.columns.length;
  const out = new Float64Array(p.clones.length * cols.length);
  for (let r = 0; r < p.clones.length; r++) cols.forEach((c, j) => (out[r * cols.length + j] = p.values[r * width + c]!));
  return out;
}

export interface PcaViewOptions {
  windowEndH: number;
  fovs: FovChoice;
  /** Seed of the FOV subsets (fixed axes) and bootstraps. */
  seed: number;
  maxFovs: number;
  /** Fit the axes on every FOV count of the window, then project this one. */
  fixedAxes: boolean;
  /** FOV-bootstrap profiles projected per clone (0: none). */
  clouds: number;
}

export interface PcaView {
  clones: string[];
  /** The profile columns used, in the order of the loadings. */
  columns: string[];
  nComponents: number;
  varianceExplained: number[];
  /** clones × nComponents, row-major. */
  scores: number[];
  /** columns × nComponents, row-major. */
  rotation: number[];
  /** Per clone, the PC1 and PC2 of its bootstrap profiles. */
  clouds: { x: number[]; y: number[] }[];
}

/** Explore's PCA; null when fewer than 3 clones or 2 usable columns. */
export function pcaView(index: ImageStatsIndex, options: PcaViewOptions): PcaView | null {
  const profiles = buildProfiles(index, { windowEndH: options.windowEndH, fovs: options.fovs });
  const cols = finiteColumns(profiles);
  const n = profiles.clones.length;
  if (n < 3 || cols.length < 2) return null;
  const x = takeColumns(profiles, cols);
  let model: PcaModel;
  let scores: Float64Array;
  if (options.fixedAxes) {
    const grid = buildSubsetGrid(index, { seed: options.seed, maxK: options.maxFovs, windowsEndH: [options.windowEndH] })[0]!;
    const stacked = grid.flatMap((p) => Array.from(takeColumns(p, cols)));
    const finite = stacked.every(Number.isFinite);
    model = pca(Float64Array.from(finite ? stacked : x), finite ? grid.length * n : n, cols.length, { components: 3 });
    scores = project(model, x);
  } else {
    model = pca(x, n, cols.length);
    scores = model.scores;
  }
  const k = model.nComponents;
  const clouds = profiles.clones.map(() => ({ x: [] as number[], y: [] as number[] }));
  for (let b = 0; b < options.clouds; b++) {
    const boot = buildProfiles(index, { windowEndH: options.windowEndH, fovs: { kind: 'bootstrap', seed: options.seed, replicate: b } });
    const s = project(model, takeColumns(boot, cols).map((v) => (Number.isFinite(v) ? v : 0)));
    boot.clones.forEach((_, r) => {
      clouds[r]!.x.push(s[r * k]!);
      clouds[r]!.y.push(s[r * k + 1]!);
    });
  }
  return {
    clones: [...profiles.clones],
    columns: cols.map((c) => profiles.columns[c]!),
    nComponents: k,
    varianceExplained: Array.from(model.varianceExplained),
    scores: Array.from(scores),
    rotation: Array.from(model.rotation),
    clouds,
  };
}
