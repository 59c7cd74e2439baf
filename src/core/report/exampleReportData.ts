/**
 * A realistic report for 15 demo clones, with fixed numbers (no randomness at run time), used by the
 * report tests and the end-to-end test as a known input.
 */
import { pngDataUri } from './dataUri';
import type { ReportData, ReportRankingRow } from './report';

const TIMES = [6, 12, 18, 24, 30, 36, 42, 48, 54, 60, 66, 72, 78, 84, 90];
const CLONES = Array.from({ length: 15 }, (_, i) => `clone${String(i + 1).padStart(2, '0')}`);
// Hidden potencies of the demo (passages); clone03, clone08 and clone12 are to be predicted.
const POTENCY = [11.2, 8.1, 12.6, 9.4, 7.3, 10.8, 12.1, 9.9, 8.6, 11.7, 7.8, 10.2, 12.9, 9.1, 8.4];
const UNKNOWN = new Set(['clone03', 'clone08', 'clone12']);
const PRED_OFFSET = [0.31, -0.42, 0.18, 0.27, 0.55, -0.36, -0.21, 0.44, 0.12, -0.29, 0.38, -0.15, -0.48, 0.23, -0.09];

/** A small synthetic overlay: grey gradient with a green ring, as an RGB PNG. */
function exampleThumbnail(shift: number): string {
  const w = 48;
  const h = 48;
  const rgb = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const g = 90 + ((x * 2 + y + shift * 7) % 60);
      const r = Math.hypot(x - 24 - shift, y - 24);
      const ring = Math.abs(r - 10) < 1;
      const o = (y * w + x) * 3;
      rgb[o] = ring ? 0 : g;
      rgb[o + 1] = ring ? 220 : g;
      rgb[o + 2] = ring ? 60 : g;
    }
  return pngDataUri(rgb, w, h, 3);
}

function round(v: number, d = 3): number {
  return Number(v.toFixed(d));
}

/** `fovs` fields per clone and time point (the report's appendix grows with them; 16 is the paper-scale demo's). */
export function exampleReportData(fovs = 1): ReportData {
  const images = CLONES.flatMap((c, i) =>
    TIMES.flatMap((t, j) =>
      Array.from({ length: fovs }, (_, f) => ({
        file: `${c}_t${String(t).padStart(3, '0')}h_f${String(f + 1).padStart(2, '0')}.png`,
        clone: c,
        timeH: t,
        fov: f + 1,
        cellCount: 40 + ((i * 7 + j * 3 + f) % 25),
        contentHash: ((i * 2654435761 + j * 40503 + f * 977 + t) >>> 0).toString(16).padStart(8, '0') + '9c1e77a0b2d4f6e89c1e77a0b2d4f6e89c1e77a0b2d4f6e89c1e77a0',
      })),
    ),
  );
  const known = CLONES.filter((c) => !UNKNOWN.has(c));
  const knownIdx = known.map((c) => CLONES.indexOf(c));
  const lo = Math.min(...POTENCY);
  const windows = TIMES;
  const fovCounts = [1, 2, 4, 8, 16, 32, 64];
  // RMSE falls with more time points and more FOVs, as in the paper.
  const rmse = (w: number, f: number, rf: boolean) =>
    round(0.15 + 1.9 / Math.sqrt(w + 1) + 0.9 / Math.sqrt(fovCounts[f]!) + (rf ? 0.12 : 0) + ((w * 7 + f * 3) % 5) * 0.02);
  const predictions = POTENCY.map((p, i) => round(p + PRED_OFFSET[i]!, 2));
  const order = CLONES.map((c, i) => ({ c, i })).sort((a, b) => predictions[b.i]! - predictions[a.i]!);
  const threshold = 10;
  const rows: ReportRankingRow[] = order.map(({ c, i }, r) => ({
    rank: r + 1,
    clone: c,
    label: `P1-${String.fromCharCode(65 + (i % 8))}${1 + Math.floor(i / 8)}`,
    group: i % 3 === 0 ? 'bulk' : 'REC',
    prediction: predictions[i]!,
    lo: round(predictions[i]! - 0.7 - (i % 4) * 0.1, 2),
    hi: round(predictions[i]! + 0.7 + (i % 3) * 0.1, 2),
    measured: UNKNOWN.has(c) ? null : POTENCY[i]!,
    bank: predictions[i]! >= threshold && c !== 'clone07',
    pinned: c === 'clone10',
    excluded: c === 'clone07',
    notes: c === 'clone07' ? 'Mycoplasma test pending' : c === 'clone10' ? 'Pinned: donor-matched' : '',
  }));
  const banked = rows.filter((r) => r.bank).map((r) => r.clone);
  return {
    experiment: {
      name: 'MSC clone screen 2026-11 (demo)',
      createdAt: '2026-11-20T09:14:00Z',
      clones: 15,
      timePointsH: TIMES,
      fovsPerWell: fovs,
      images: images.length,
      imageSize: '512 × 512 px',
      bitDepths: [8],
      isDemo: true,
    },
    segmentation: {
      paramsHash: 'a3f9c2d1',
      params: {
        background: { method: 'gaussian', sigma: 40 },
        texture: { kind: 'localVariance', radius: 3, percentile: 99.5 },
        threshold: { method: 'otsu', offset: 0 },
        minArea1: 60,
        erosion: { radius: 1, iterations: 1 },
        minArea2: 80,
        fillHoles: true,
        clearBorder: true,
      },
      qc: {
        fields: 15 * 15 * 64,
        cellsPerField: { median: 38, p10: 12, p90: 91 },
        flagged: [
          { clone: 'clone05', timeH: 6, fov: 17, cells: 0, flag: 'no cells' },
          { clone: 'clone11', timeH: 84, fov: 3, cells: 412, flag: 'more than 10 × the median' },
        ],
      },
      thumbnails: [
        { caption: 'clone01, 6 h, FOV 1', pngDataUri: exampleThumbnail(0) },
        { caption: 'clone07, 48 h, FOV 5', pngDataUri: exampleThumbnail(3) },
        { caption: 'clone13, 90 h, FOV 2', pngDataUri: exampleThumbnail(6) },
      ],
    },
    pca: {
      window: '6–90 h, all 64 FOVs',
      clones: [...CLONES],
      pc1: POTENCY.map((p, i) => round((p - 10) * 2.1 + PRED_OFFSET[i]! * 3)),
      pc2: POTENCY.map((p, i) => round(Math.sin(i * 1.7) * 3.2 + (p - lo) * 0.2)),
      varianceExplained: [0.412, 0.167, 0.088],
      potency: POTENCY.map((p, i) => (UNKNOWN.has(CLONES[i]!) ? null : p)),
    },
    grid: {
      threshold: 1,
      windowsEndH: windows,
      fovCounts,
      lasso: windows.map((_, w) => fovCounts.map((_, f) => rmse(w, f, false))),
      rf: windows.map((_, w) => fovCounts.map((_, f) => (w === 0 && f === 0 ? null : rmse(w, f, true)))),
    },
    recommendation:
      'Earliest: 6–36 h with 16 FOVs per well (LASSO, 90th percentile of bootstrap RMSE 0.94). ' +
      'Minimum effort: 6–48 h with 8 FOVs per well, i.e. 64 images per well instead of 960.',
    model: {
      kind: 'lasso',
      condition: '6–90 h, 64 FOVs per well, seed 1',
      loocvRmse: 0.412,
      validation: 'nested leave-one-clone-out',
      lambda: 0.0831,
      selected: [
        { column: 'area_sd_018h', weight: 0.612 },
        { column: 'contrast_sd_030h', weight: 0.377 },
        { column: 'aspect_ratio_mean_042h', weight: -0.254 },
        { column: 'homogeneity_mean_090h', weight: -0.118 },
      ],
      trainingClones: known,
      measured: knownIdx.map((i) => POTENCY[i]!),
      predicted: knownIdx.map((i) => round(POTENCY[i]! + PRED_OFFSET[i]! * 1.1, 2)),
    },
    ranking: {
      threshold,
      rows,
      intervalMethod: '90 % interval from 200 FOV-bootstrap refits of the final model',
      decision: `Bank ${banked.length} clones (${banked.join(', ')}): their predicted potency reaches ${threshold} passages. clone07 is excluded pending a mycoplasma test.`,
    },
    plan: {
      inputs: { passageDurationH: 168, startPassage: 3, startCells: 1e6, carryFraction: 1, vialCells: 1e6, reserve: 3, risk: 'lower', targetVials: 60, folds: { clone01: 4 } },
      riskText: "the interval's lower bound",
      rows: [
        { clone: 'clone01', fold: 4, foldSource: 'entered', bankPassage: 6, cells: 6.4e7, vials: 64, remaining: [3.2, 4, 4.8], risk: 0.0199, inPortfolio: true, note: '', curve: [[3, 1e6], [4, 4e6], [5, 1.6e7], [6, 6.4e7], [7, 2.56e8], [8, 1.024e9], [9, 4.096e9], [10, 1.6384e10]], lo: 9.2, hi: 10.8 },
        { clone: 'clone02', fold: 3, foldSource: 'growth 0.0065/h over 6–90 h (doubling 106.0 h) · F = 2^(168 h / doubling)', bankPassage: null, cells: null, vials: null, remaining: null, risk: 0.085, inPortfolio: false, note: 'do not bank: at the interval\'s lower bound (5.90) fewer than 3 passages remain even at p3', curve: [[3, 1e6], [4, 3e6], [5, 9e6], [6, 2.7e7], [7, 8.1e7]], lo: 5.9, hi: 7.1 },
      ],
      portfolio: 'Bank clone01: 64 vials (target 60), highest risk 2.0 %, 1.3 vials expected from a clone that stops before its reserve is used.',
    },
    provenance: {
      appVersion: '0.1.0',
      generatedAt: '2026-11-26T15:00:00Z',
      userAgent: 'Potency Workbench CLI (Node)',
      manifest: { hash: '5be1c7e0f0d14a2b9a3e6c8d7f1029384756abcdef0123456789abcdef012345', images: images.length, unhashed: 0, clones: CLONES.length, timePoints: 15, fovsPerWell: fovs, cells: images.reduce((s, i) => s + i.cellCount, 0) },
      images,
    },
  };
}
