/**
 * The printable report: one self-contained HTML file (inline CSS, inline SVG, images as data: URIs,
 * no scripts, no external requests) that a scientist files with a batch record or prints to PDF.
 * `buildReportHtml` is pure: the same ReportData always gives the same string.
 */
import type { PlanInputs } from '../planning/plan';
import { escapeAttr, escapeHtml } from './escape';
import { imagesCsv, type ImageManifest, type ManifestImage } from './manifest';
import { blueWhiteRed, heatmapSvg, intervalSvg, PALETTE, scatterSvg } from './svg';

export interface ReportExperiment {
  name: string;
  /** ISO date-time, printed as given. */
  createdAt: string;
  clones: number;
  timePointsH: number[];
  fovsPerWell: number;
  images: number;
  /** e.g. "512 × 512 px". */
  imageSize: string;
  bitDepths: number[];
  isDemo: boolean;
}

export interface ReportQcFlag {
  clone: string;
  timeH: number;
  fov: number;
  cells: number;
  flag: string;
}

/** Which segmentation made the cells: the learned network (with its model card) or the classical eight steps. */
export interface ReportSegmentationMethod {
  name: 'learned' | 'classical';
  /** The images' µm per px as the segmentation was told; null when not recorded. */
  pixelSizeUm: number | null;
  /** Learned only: the model card of the network. */
  model?: { name: string; sha256: string; networkUmPerPx: number };
}

export interface ReportSegmentation {
  paramsHash: string;
  params: Record<string, unknown>;
  /** Absent in reports made before the learned method came: the classical eight steps. */
  method?: ReportSegmentationMethod;
  qc: {
    fields: number;
    cellsPerField: { median: number; p10: number; p90: number };
    flagged: ReportQcFlag[];
  };
  /** Segmentation overlays; only `data:image/…` URIs are embedded, anything else is left out. */
  thumbnails: { caption: string; pngDataUri: string }[];
}

export interface ReportPca {
  /** e.g. "6–90 h, all FOVs". */
  window: string;
  clones: string[];
  pc1: number[];
  pc2: number[];
  /** Share of variance per component, 0–1. */
  varianceExplained: number[];
  potency: (number | null)[];
}

export interface ReportGrid {
  /** RMSE threshold in passages. */
  threshold: number;
  windowsEndH: number[];
  fovCounts: number[];
  /** lasso[w][f]: honest LOOCV RMSE at window windowsEndH[w] and fovCounts[f] (null = not computed). */
  lasso: (number | null)[][];
  rf?: (number | null)[][];
}

export interface ReportModel {
  kind: 'lasso' | 'rf';
  /** e.g. "6–90 h, 64 FOVs per well, seed 1". */
  condition: string;
  /** Passages. */
  loocvRmse: number;
  /** How the RMSE was obtained, e.g. "nested leave-one-clone-out". */
  validation: string;
  lambda?: number;
  /** Non-zero weights (LASSO, standardised) or importances (RF). */
  selected: { column: string; weight: number }[];
  trainingClones: string[];
  measured: number[];
  /** Leave-one-out predictions of the training clones. */
  predicted: number[];
}

export interface ReportRankingRow {
  rank: number;
  clone: string;
  label: string;
  group: string;
  prediction: number;
  lo: number;
  hi: number;
  measured: number | null;
  bank: boolean;
  pinned: boolean;
  excluded: boolean;
  notes: string;
}

export interface ReportRanking {
  /** Potency (passages) a clone must reach to be banked. */
  threshold: number;
  rows: ReportRankingRow[];
  intervalMethod: string;
  decision: string;
}

export interface ReportPlanRow {
  clone: string;
  fold: number;
  foldSource: string;
  bankPassage: number | null;
  cells: number | null;
  vials: number | null;
  remaining: [number, number, number] | null;
  risk: number | null;
  inPortfolio: boolean;
  note: string;
  /** (passage, cumulative cells) from p0 to the interval's upper end. */
  curve: [number, number][];
  lo: number;
  hi: number;
}

export interface ReportPlan {
  /** The planner's inputs as the user set them, and the fold used for each clone. */
  inputs: PlanInputs & { folds: Record<string, number> };
  riskText: string;
  rows: ReportPlanRow[];
  portfolio: string;
}

export interface ReportProvenance {
  appVersion: string;
  generatedAt: string;
  userAgent?: string;
  /** One hash over the sorted image hashes, with counts (core/report/manifest). */
  manifest: ImageManifest;
  /** Every image, for the appendix and its CSV. */
  images: ManifestImage[];
}

export interface ReportData {
  experiment: ReportExperiment;
  segmentation: ReportSegmentation;
  pca?: ReportPca;
  grid?: ReportGrid;
  recommendation?: string;
  model?: ReportModel;
  ranking?: ReportRanking;
  plan?: ReportPlan;
  provenance: ReportProvenance;
}

export const SECTION_TITLES = {
  experiment: 'Experiment and imaging',
  segmentation: 'Segmentation and QC',
  pca: 'Profiles (PCA)',
  models: 'Models',
  model: 'Final model',
  ranking: 'Ranking and banking decision',
  plan: 'Bank plan',
  provenance: 'Provenance',
} as const;

/** A number with `d` decimals; "—" when missing. */
function num(v: number | null | undefined, d = 2): string {
  return v === null || v === undefined || !Number.isFinite(v) ? '—' : v.toFixed(d);
}

function hours(list: readonly number[]): string {
  if (list.length === 0) return '—';
  const step = list.length > 2 ? list[1]! - list[0]! : NaN;
  const regular = list.every((t, i) => i === 0 || Math.abs(t - list[i - 1]! - step) < 1e-9);
  return regular && list.length > 2
    ? `${list.length} time points, ${list[0]} to ${list[list.length - 1]} h every ${step} h`
    : `${list.length} time point${list.length === 1 ? '' : 's'}: ${list.join(', ')} h`;
}

function keyValueTable(rows: [string, string][]): string {
  return (
    '<table class="kv"><tbody>' +
    rows.map(([k, v]) => `<tr><th scope="row">${escapeHtml(k)}</th><td>${v}</td></tr>`).join('') +
    '</tbody></table>'
  );
}

function table(headers: string[], rows: string[][], cls = ''): string {
  return (
    `<table class="data ${cls}"><thead><tr>${headers.map((h) => `<th scope="col">${h}</th>`).join('')}</tr></thead><tbody>` +
    rows.map((r) => `<tr>${r.map((v) => `<td>${v}</td>`).join('')}</tr>`).join('') +
    '</tbody></table>'
  );
}

/** Parameters as a nested table: objects become sub-tables, arrays and scalars are printed. */
function paramsTable(value: unknown, depth = 0): string {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || depth > 6)
    return `<code>${escapeHtml(Array.isArray(value) ? JSON.stringify(value) : String(value))}</code>`;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (entries.length === 0) return '<code>{}</code>';
  return (
    `<table class="params">` +
    entries
      .map(([k, v]) => `<tr><th scope="row">${escapeHtml(k)}</th><td>${paramsTable(v, depth + 1)}</td></tr>`)
      .join('') +
    '</table>'
  );
}

function section(id: string, title: string, body: string): string {
  return `<section id="${id}"><h2>${escapeHtml(title)}</h2>${body}</section>`;
}

/** Flagged QC fields listed one by one; the rest are counted per clone. */
export const FLAGGED_SHOWN = 40;

const SAFE_IMAGE = /^data:image\/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/=\s]*$/;

function summary(d: ReportData): string {
  const e = d.experiment;
  const parts: string[] = [];
  parts.push(
    `This report covers the experiment <strong>${escapeHtml(e.name)}</strong> (created ${escapeHtml(e.createdAt)}): ` +
      `${e.clones} clones, ${escapeHtml(hours(e.timePointsH))}, with ` +
      `${e.fovsPerWell} fields of view per well, ${e.images} images in all.`,
  );
  if (d.model)
    parts.push(
      `Potency (serial passages) was predicted with a ${d.model.kind === 'lasso' ? 'LASSO' : 'random forest'} model ` +
        `trained on ${d.model.trainingClones.length} clones of known potency at ${escapeHtml(d.model.condition)}; ` +
        `its ${escapeHtml(d.model.validation)} RMSE is ${num(d.model.loocvRmse)} passages.`,
    );
  if (d.ranking) parts.push(`<strong>Decision:</strong> ${escapeHtml(d.ranking.decision)}`);
  else parts.push('No banking decision is recorded in this report.');
  return `<p class="summary">${parts.join(' ')}</p>`;
}

function experimentSection(d: ReportData): string {
  const e = d.experiment;
  return section(
    'experiment',
    SECTION_TITLES.experiment,
    keyValueTable([
      ['Experiment', escapeHtml(e.name)],
      ['Created', escapeHtml(e.createdAt)],
      ['Clones (wells)', String(e.clones)],
      ['Time points (hours after seeding)', escapeHtml(hours(e.timePointsH))],
      ['Fields of view per well', String(e.fovsPerWell)],
      ['Images', String(e.images)],
      ['Image size', escapeHtml(e.imageSize)],
      ['Bit depth', e.bitDepths.length ? e.bitDepths.map((b) => `${b}-bit`).join(', ') : '—'],
      ['Data', e.isDemo ? 'Synthetic demo experiment (not real cells)' : 'Microscope images'],
    ]),
  );
}

/** One sentence naming the segmentation method, and for the learned one its model. */
export function segmentationMethodText(m: ReportSegmentationMethod | undefined): string {
  const um = (v: number) => (Number.isFinite(v) ? String(Number(v.toFixed(4))) : '—');
  const size = m?.pixelSizeUm != null ? `; pixel size of the images ${um(m.pixelSizeUm)} µm/px` : '';
  if (m?.name !== 'learned') return `Classical eight steps (the paper's)${size}.`;
  const model = m.model
    ? `model “${escapeHtml(m.model.name)}”, SHA-256 <code>${escapeHtml(m.model.sha256.slice(0, 16))}</code>, network scale ${um(m.model.networkUmPerPx)} µm/px`
    : 'model not recorded';
  return `Learned (trained network): ${model}${size}.`;
}

/** The parameters the method used: the learned settings, or the classical steps'. */
function methodParams(s: ReportSegmentation): Record<string, unknown> {
  if (!s.method) return s.params;
  const { method: _m, pixelSizeUm: _p, learned, ...classical } = s.params;
  return s.method.name === 'learned' ? { learned, removeBorder: classical.removeBorder } : classical;
}

function segmentationSection(d: ReportData): string {
  const s = d.segmentation;
  const learned = s.method?.name === 'learned';
  let body = `<p><strong>Method:</strong> ${segmentationMethodText(s.method)}</p>`;
  body += `<p>Segmentation parameters (hash <code>${escapeHtml(s.paramsHash)}</code>; ${learned ? 'areas in µm²' : 'lengths and areas in px'}):</p>`;
  body += paramsTable(methodParams(s));
  const cpf = s.qc.cellsPerField;
  body += '<h3>Quality control</h3>';
  body += `<p>${s.qc.fields} fields segmented; cells per field: median ${num(cpf.median, 0)}, 10th–90th percentile ${num(cpf.p10, 0)}–${num(cpf.p90, 0)}. `;
  body += s.qc.flagged.length
    ? `${s.qc.flagged.length} field${s.qc.flagged.length === 1 ? ' was' : 's were'} flagged:</p>`
    : 'No field was flagged.</p>';
  if (s.qc.flagged.length) {
    // A long list helps nobody on paper: the first rows, then a count per clone.
    const shown = s.qc.flagged.slice(0, FLAGGED_SHOWN);
    body += table(
      ['Clone', 'Time (h)', 'FOV', 'Cells', 'Flag'],
      shown.map((f) => [escapeHtml(f.clone), num(f.timeH, 0), String(f.fov), String(f.cells), escapeHtml(f.flag)]),
    );
    if (s.qc.flagged.length > shown.length) {
      const perClone = new Map<string, number>();
      for (const f of s.qc.flagged) perClone.set(f.clone, (perClone.get(f.clone) ?? 0) + 1);
      body += `<p class="note">… and ${s.qc.flagged.length - shown.length} more. Flagged fields per clone: ${[...perClone]
        .map(([c, n]) => `${escapeHtml(c)} ${n}`)
        .join(', ')}.</p>`;
    }
  }
  const thumbs = s.thumbnails.filter((t) => SAFE_IMAGE.test(t.pngDataUri));
  if (thumbs.length) {
    body += '<h3>Segmentation overlays</h3><div class="thumbs">';
    for (const t of thumbs)
      body += `<figure><img src="${escapeAttr(t.pngDataUri)}" alt="${escapeAttr(t.caption)}"><figcaption>${escapeHtml(t.caption)}</figcaption></figure>`;
    body += '</div>';
  }
  return section('segmentation', SECTION_TITLES.segmentation, body);
}

function pcaSection(p: ReportPca): string {
  const known = p.potency.filter((v): v is number => v !== null && Number.isFinite(v));
  const lo = known.length ? Math.min(...known) : 0;
  const hi = known.length ? Math.max(...known) : 1;
  const points = p.clones.map((clone, i) => {
    const pot = p.potency[i] ?? null;
    return {
      x: p.pc1[i] ?? NaN,
      y: p.pc2[i] ?? NaN,
      label: clone,
      color: pot === null ? '#9a9a9a' : blueWhiteRed((pot - lo) / (hi - lo || 1)),
    };
  });
  const ve = (i: number) => (p.varianceExplained[i] !== undefined ? ` (${(p.varianceExplained[i]! * 100).toFixed(1)} %)` : '');
  let body = `<p>Principal components of the clones' profiles (${escapeHtml(p.window)}), each column centred and scaled to unit variance. `;
  body += `Colour: known potency from blue (${num(lo, 1)} passages) to red (${num(hi, 1)} passages); grey = unknown.</p>`;
  body +=
    '<figure class="chart">' +
    scatterSvg({ points, xLabel: `PC1${ve(0)}`, yLabel: `PC2${ve(1)}`, title: 'Clone profiles, PC1 vs PC2', width: 560, height: 400 }) +
    '</figure>';
  return section('pca', SECTION_TITLES.pca, body);
}

function gridHeatmap(g: ReportGrid, z: (number | null)[][], title: string, zmin: number, zmax: number): string {
  // Stored per window; drawn with windows across and FOV counts up.
  const transposed = g.fovCounts.map((_, f) => g.windowsEndH.map((_, w) => z[w]?.[f] ?? null));
  return heatmapSvg({
    xLabels: g.windowsEndH.map((h) => `${h}`),
    yLabels: g.fovCounts.map((k) => `${k}`),
    z: transposed,
    title,
    xTitle: 'Time window 6 h to … (hours)',
    yTitle: 'FOVs per well',
    threshold: g.threshold,
    zmin,
    zmax,
    // Narrow grids (one window) get narrow charts rather than stretched cells.
    width: Math.max(360, Math.min(660, 160 + g.windowsEndH.length * 60)),
    height: Math.max(240, 90 + g.fovCounts.length * 26),
  });
}

function modelsSection(d: ReportData): string {
  const g = d.grid;
  let body = '';
  if (g) {
    // White at the threshold: blue cells are good enough, red ones are not; beyond 2 × threshold is clamped.
    const zmin = 0;
    const zmax = 2 * g.threshold;
    body += `<p>Leave-one-clone-out RMSE (passages) of a model trained on each time window and number of fields of view per well. Circled cells have an RMSE below the threshold of ${num(g.threshold)} passages. Colour: white at the threshold, blue below it, red above it (${num(zmax)} passages or more shown as ${num(zmax)})${g.rf ? '; both maps share this scale' : ''}.</p>`;
    body += `<figure class="chart">${gridHeatmap(g, g.lasso, 'LASSO: LOOCV RMSE (passages)', zmin, zmax)}</figure>`;
    if (g.rf) body += `<figure class="chart">${gridHeatmap(g, g.rf, 'Random forest: LOOCV RMSE (passages)', zmin, zmax)}</figure>`;
  }
  if (d.recommendation) body += `<h3>Recommendation</h3><p class="recommendation">${escapeHtml(d.recommendation)}</p>`;
  return section('models', SECTION_TITLES.models, body);
}

function modelSection(m: ReportModel): string {
  const rows: [string, string][] = [
    ['Model', m.kind === 'lasso' ? 'LASSO (glmnet algorithm)' : 'Random forest regression'],
    ['Condition', escapeHtml(m.condition)],
    ['Training clones', `${m.trainingClones.length}: ${escapeHtml(m.trainingClones.join(', '))}`],
    ['Validation', escapeHtml(m.validation)],
    ['LOOCV RMSE', `${num(m.loocvRmse, 3)} passages`],
  ];
  if (m.lambda !== undefined) rows.push(['λ', num(m.lambda, 4)]);
  let body = keyValueTable(rows);
  const weightName = m.kind === 'lasso' ? 'Weight (passages per SD)' : 'Importance';
  body += `<h3>${m.kind === 'lasso' ? 'Selected profile columns' : 'Most important profile columns'}</h3>`;
  body += m.selected.length
    ? table(
        ['Column', weightName],
        m.selected.map((s) => [`<code>${escapeHtml(s.column)}</code>`, num(s.weight, 4)]),
        'narrow',
      )
    : '<p>No column was selected: the model predicts the mean potency of the training clones.</p>';
  const points = m.trainingClones.map((clone, i) => ({
    x: m.measured[i] ?? NaN,
    y: m.predicted[i] ?? NaN,
    label: clone,
    color: PALETTE[0],
  }));
  body +=
    '<figure class="chart">' +
    scatterSvg({
      points,
      xLabel: 'Measured potency (passages)',
      yLabel: 'Predicted potency, left out (passages)',
      title: 'Predicted vs measured (leave-one-clone-out)',
      diagonal: true,
      width: 480,
      height: 420,
    }) +
    '<figcaption>Dashed line: prediction = measurement.</figcaption></figure>';
  return section('final-model', SECTION_TITLES.model, body);
}

function rankingSection(r: ReportRanking): string {
  const flag = (b: boolean) => (b ? '✓' : '');
  let body = `<p class="decision"><strong>Decision:</strong> ${escapeHtml(r.decision)}</p>`;
  body += `<p>Clones are ranked by predicted potency; a clone is proposed for banking when its prediction reaches ${num(r.threshold, 1)} passages. Intervals: ${escapeHtml(r.intervalMethod)}.</p>`;
  body += table(
    ['Rank', 'Clone', 'Label', 'Group', 'Predicted (passages)', 'Interval (passages)', 'Measured (passages)', 'Bank', 'Pinned', 'Excluded', 'Notes'],
    r.rows.map((row) => [
      String(row.rank),
      escapeHtml(row.clone),
      escapeHtml(row.label),
      escapeHtml(row.group),
      num(row.prediction),
      `${num(row.lo)}–${num(row.hi)}`,
      num(row.measured),
      flag(row.bank),
      flag(row.pinned),
      flag(row.excluded),
      escapeHtml(row.notes),
    ]),
    'ranking',
  );
  body +=
    '<figure class="chart">' +
    intervalSvg({
      rows: r.rows.map((row) => ({
        label: row.clone,
        estimate: row.prediction,
        lo: row.lo,
        hi: row.hi,
        measured: row.measured,
        color: row.excluded ? '#9a9a9a' : row.bank ? PALETTE[2] : PALETTE[0],
      })),
      title: 'Predicted potency with intervals',
      xLabel: 'Potency (passages)',
      threshold: r.threshold,
      width: 640,
    }) +
    `<figcaption>Dot: prediction; line: interval; diamond: measured potency; dashed red line: banking threshold (${num(r.threshold, 1)} passages). Green: proposed for banking; grey: excluded.</figcaption></figure>`;
  return section('ranking', SECTION_TITLES.ranking, body);
}

function planChartSvg(p: ReportPlan): string {
  const rows = p.rows.filter((r) => r.curve.some(([, c]) => Number.isFinite(c) && c > 0));
  if (rows.length === 0) return '';
  const W = 640;
  const H = 300;
  const m = { l: 64, r: 16, t: 24, b: 44 };
  const xs = rows.flatMap((r) => r.curve.map(([x]) => x));
  const ys = rows.flatMap((r) => r.curve.map(([, y]) => y)).filter((y) => Number.isFinite(y) && y > 0);
  const x0 = Math.min(...xs);
  const x1 = Math.max(x0 + 1, ...xs);
  const y0 = Math.floor(Math.log10(Math.min(...ys)));
  const y1 = Math.max(y0 + 1, Math.ceil(Math.log10(Math.max(...ys))));
  const px = (x: number) => m.l + ((x - x0) / (x1 - x0)) * (W - m.l - m.r);
  const py = (y: number) => H - m.b - ((Math.log10(y) - y0) / (y1 - y0)) * (H - m.t - m.b);
  const f = (v: number) => v.toFixed(1);
  const title = 'Cumulative cells by passage (bank plan)';
  let svg = `<svg class="chart" role="img" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" aria-label="${title}" font-family="Helvetica, Arial, sans-serif" font-size="10"><title>${title}</title>`;
  const focus = rows.find((r) => r.inPortfolio) ?? rows[0]!;
  if (Number.isFinite(focus.lo) && Number.isFinite(focus.hi)) {
    const a = px(Math.max(x0, focus.lo));
    const b = px(Math.min(x1, focus.hi));
    if (b > a) svg += `<rect x="${f(a)}" y="${m.t}" width="${f(b - a)}" height="${H - m.t - m.b}" fill="#b42318" fill-opacity="0.12"/>`;
  }
  for (let x = Math.ceil(x0); x <= x1; x++) svg += `<text x="${f(px(x))}" y="${H - m.b + 14}" text-anchor="middle">${x}</text>`;
  for (let e = y0; e <= y1; e++) svg += `<text x="${m.l - 6}" y="${f(py(10 ** e) + 3)}" text-anchor="end">1e${e}</text><line x1="${m.l}" x2="${W - m.r}" y1="${f(py(10 ** e))}" y2="${f(py(10 ** e))}" stroke="#e6e9ed"/>`;
  svg += `<line x1="${m.l}" x2="${W - m.r}" y1="${H - m.b}" y2="${H - m.b}" stroke="#333"/><line x1="${m.l}" x2="${m.l}" y1="${m.t}" y2="${H - m.b}" stroke="#333"/>`;
  for (const r of rows) {
    const pts = r.curve.filter(([, y]) => Number.isFinite(y) && y > 0).map(([x, y]) => `${f(px(x))},${f(py(y))}`);
    const color = r === focus ? '#1f4e79' : r.inPortfolio ? '#067647' : '#98a2b3';
    svg += `<polyline points="${pts.join(' ')}" fill="none" stroke="${color}" stroke-width="${r === focus ? 2.5 : 1.2}"/>`;
    if (r.bankPassage !== null && r.cells !== null && r.cells > 0) svg += `<circle cx="${f(px(r.bankPassage))}" cy="${f(py(r.cells))}" r="3.5" fill="${color}"/>`;
  }
  svg += `<text x="${(m.l + W - m.r) / 2}" y="${H - 8}" text-anchor="middle">Passage (number)</text>`;
  svg += `<text transform="translate(14 ${(m.t + H - m.b) / 2}) rotate(-90)" text-anchor="middle">Cumulative cells (cells, log scale)</text>`;
  svg += `<text x="${m.l}" y="14">Cumulative cells by passage; shaded: ${escapeHtml(focus.clone)}'s predicted stop zone</text></svg>`;
  return `<figure class="chart">${svg}<figcaption>Lines: N0 · (s·F)^(b − p0) per clone; dot: the bank passage b*. Green: in the portfolio; blue: ${escapeHtml(focus.clone)}, whose 90 % potency interval is shaded.</figcaption></figure>`;
}

function planSection(p: ReportPlan): string {
  const i = p.inputs;
  const folds = Object.entries(i.folds);
  let body = `<p>Cells at passage b = N0 · (s·F)^(b − p0), all banked at b; vials = ⌊cells / cells per vial⌋. The bank passage b* is the latest passage whose remaining potency at ${escapeHtml(p.riskText)} still covers the reserve R (the first passage when s·F ≤ 1); none → do not bank. Risk: the chance the clone stops before b* + R under the prediction's distribution. The fold F per passage is derived from the clone's growth over the imaged window, F = 2^(T / doubling time) with T the passage duration, unless entered.</p>`;
  body += keyValueTable([
    ['Passage duration T', `${num(i.passageDurationH, 0)} h`],
    ['Start passage p0', String(i.startPassage)],
    ['Cells at p0 (N0)', i.startCells.toExponential(2)],
    ['Fraction carried on (s)', num(i.carryFraction)],
    ['Cells per vial', i.vialCells.toExponential(2)],
    ['Reserve R', `${num(i.reserve, 0)} passages`],
    ['Risk level', escapeHtml(p.riskText)],
    ['Target vials', String(i.targetVials)],
    ['Entered folds', folds.length ? escapeHtml(folds.map(([c, f]) => `${c}: ${f}`).join(', ')) : 'none'],
  ]);
  body += `<p class="decision"><strong>Portfolio:</strong> ${escapeHtml(p.portfolio)}</p>`;
  const e = (v: number | null) => (v === null || !Number.isFinite(v) ? '—' : v.toExponential(2));
  body += table(
    ['Clone', 'Fold / passage', 'Bank at (b*)', 'Cells', 'Vials', 'Remaining passages', 'Interval', 'Risk', 'Portfolio', 'Note'],
    p.rows.map((r) => [
      escapeHtml(r.clone),
      `${num(r.fold)} <span class="note">${escapeHtml(r.foldSource === 'entered' ? 'entered' : Number.isFinite(r.fold) ? 'from growth' : 'no growth')}</span>`,
      r.bankPassage === null ? 'do not bank' : String(r.bankPassage),
      e(r.cells),
      r.vials === null ? '—' : String(r.vials),
      r.remaining ? num(r.remaining[1]) : '—',
      r.remaining ? `${num(r.remaining[0])}–${num(r.remaining[2])}` : '—',
      r.risk === null ? '—' : `${(r.risk * 100).toFixed(1)} %`,
      r.inPortfolio ? '✓' : '',
      escapeHtml(r.note),
    ]),
    'plan',
  );
  body += planChartSvg(p);
  return section('bank-plan', SECTION_TITLES.plan, body);
}

function provenanceSection(d: ReportData): string {
  const p = d.provenance;
  const rows: [string, string][] = [
    ['Application version', escapeHtml(p.appVersion)],
    ['Report generated', escapeHtml(p.generatedAt)],
    ['Segmentation method', segmentationMethodText(d.segmentation.method)],
    ['Segmentation parameters hash', `<code>${escapeHtml(d.segmentation.paramsHash)}</code>`],
  ];
  if (p.userAgent) rows.push(['Generated by', escapeHtml(p.userAgent)]);
  const m = p.manifest;
  rows.push(
    ['Image manifest (SHA-256)', `<code>${escapeHtml(m.hash)}</code>`],
    [
      'Images',
      `${m.images} (${m.clones} clones × ${m.timePoints} time points, up to ${m.fovsPerWell} FOVs per well), ${m.cells} cells` +
        (m.unhashed ? `; ${m.unhashed} without a content hash, entered by file name` : ''),
    ],
  );
  let body = keyValueTable(rows);
  body +=
    '<p class="note">The manifest hash is the SHA-256 of the images\' content hashes, sorted, one per line: two reports with the same ' +
    'manifest were made from byte-identical images. Every image is listed in the appendix below and in its CSV.</p>';
  const csv = imagesCsv(p.images);
  // A data: link keeps the report one self-contained file (its CSP allows no request).
  const href = `data:text/csv;charset=utf-8,${encodeURIComponent(csv)}`;
  body +=
    `<details class="appendix" id="appendix-images"><summary>Appendix: the ${p.images.length} images (file, clone, time, FOV, cells, content hash)</summary>` +
    `<p><a download="images.csv" href="${escapeAttr(href)}">Download this table as CSV</a></p>` +
    table(
      ['File', 'Clone', 'Time (h)', 'FOV', 'Cells', 'Content hash'],
      p.images.map((im) => [
        escapeHtml(im.file),
        escapeHtml(im.clone),
        escapeHtml(im.timeH),
        String(im.fov),
        String(im.cellCount),
        im.contentHash ? `<code>${escapeHtml(im.contentHash)}</code>` : '—',
      ]),
      'provenance',
    ) +
    '</details>';
  return section('provenance', SECTION_TITLES.provenance, body);
}

const CSS = `
:root { color-scheme: light; }
body { font-family: "Helvetica Neue", Helvetica, Arial, sans-serif; font-size: 10.5pt; line-height: 1.45; color: #1d1d1f; max-width: 960px; margin: 24px auto; padding: 0 24px; background: #fff; }
h1 { font-size: 20pt; margin: 0 0 4px; }
h2 { font-size: 14pt; border-bottom: 2px solid #1f4e79; padding-bottom: 3px; margin-top: 28px; color: #1f4e79; }
h3 { font-size: 11.5pt; margin: 18px 0 6px; }
.subtitle { color: #555; margin: 0 0 12px; }
.demo { display: inline-block; background: #fff3cd; border: 1px solid #e0c36a; padding: 2px 8px; border-radius: 3px; font-size: 9.5pt; }
.summary { background: #f4f7fb; border-left: 4px solid #1f4e79; padding: 10px 14px; }
table { border-collapse: collapse; margin: 6px 0 12px; font-size: 9.5pt; }
table.data { width: 100%; }
table.data.narrow { width: auto; min-width: 50%; }
th, td { padding: 3px 8px; text-align: left; vertical-align: top; }
table.data thead th { background: #1f4e79; color: #fff; font-weight: 600; }
table.data tbody tr:nth-child(even), table.kv tr:nth-child(even) { background: #f2f4f7; }
table.kv th { font-weight: 600; color: #333; white-space: nowrap; }
table.params { border: 1px solid #d6dbe1; margin: 2px 0; }
table.params th { font-weight: 500; color: #444; background: #f7f8fa; }
table.params td, table.params th { border-top: 1px solid #e6e9ed; padding: 2px 6px; }
table.ranking td:nth-child(n+5):nth-child(-n+10) { text-align: right; }
table.provenance td { word-break: break-all; }
details.appendix summary { cursor: pointer; font-weight: 600; margin: 8px 0; }
code { font-family: "SFMono-Regular", Menlo, Consolas, monospace; font-size: 9pt; }
figure { margin: 12px 0; }
figure.chart svg { max-width: 100%; height: auto; }
figcaption { font-size: 9pt; color: #555; }
.thumbs { display: flex; flex-wrap: wrap; gap: 10px; }
.thumbs figure { width: 200px; margin: 0; }
.thumbs img { width: 200px; height: auto; border: 1px solid #ccc; }
.decision { font-size: 11.5pt; }
.note { font-size: 9pt; color: #555; }
footer { margin-top: 28px; font-size: 8.5pt; color: #777; border-top: 1px solid #ddd; padding-top: 6px; }
@page { size: A4; margin: 16mm 14mm 18mm; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 9.5pt; }
  section { break-before: page; }
  h2, h3 { break-after: avoid; }
  figure, tr, .summary { break-inside: avoid; }
  thead { display: table-header-group; }
  table.data thead th, .summary, table.data tbody tr:nth-child(even) { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .no-print { display: none !important; }
  /* The per-image appendix stays on screen (and in its CSV); printed, it would be most of the pages. */
  details.appendix > :not(summary) { display: none !important; }
  a { color: inherit; text-decoration: none; }
}
`;

export function buildReportHtml(data: ReportData): string {
  const e = data.experiment;
  const title = `Potency report: ${e.name}`;
  const parts: string[] = [];
  parts.push(
    '<header>' +
      `<h1>${escapeHtml(title)}</h1>` +
      `<p class="subtitle">Potency Workbench ${escapeHtml(data.provenance.appVersion)} · generated ${escapeHtml(data.provenance.generatedAt)}` +
      (e.isDemo ? ' · <span class="demo">Demo data</span>' : '') +
      '</p>' +
      summary(data) +
      '</header>',
  );
  parts.push(experimentSection(data));
  parts.push(segmentationSection(data));
  if (data.pca) parts.push(pcaSection(data.pca));
  if (data.grid || data.recommendation) parts.push(modelsSection(data));
  if (data.model) parts.push(modelSection(data.model));
  if (data.ranking) parts.push(rankingSection(data.ranking));
  if (data.plan) parts.push(planSection(data.plan));
  parts.push(provenanceSection(data));
  return (
    '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    // Belt and braces: even if a string slipped through, the page may load nothing from outside.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">` +
    `<title>${escapeHtml(title)}</title><style>${CSS}</style></head>\n<body>\n` +
    parts.join('\n') +
    `\n<footer>${escapeHtml(title)} · ${escapeHtml(data.provenance.generatedAt)} · Potency Workbench ${escapeHtml(data.provenance.appVersion)}</footer>\n</body></html>\n`
  );
}
