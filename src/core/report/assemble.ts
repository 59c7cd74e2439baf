/**
 * Builds the report's content from an analysed experiment (per-image statistics), a trained model
 * and, optionally, the data-usage grid: PCA of the profiles, predictions with intervals for every
 * clone, the ranking and the banking decision. Pure: the CLI and the browser share it.
 */
import { modelProfiles, predictWithModel, usedColumns } from '../models/prediction';
import { predictionIntervals } from '../models/intervals';
import type { TrainedModel } from '../models/modelFile';
import { rankClones } from '../models/rank';
import { cloneGrowth, planClones, planPortfolio, RISK_TEXT, type PlanInputs } from '../planning';
import { buildProfiles, finiteColumns, lastTimePoint, naturalOrder, takeColumns, type ImageStatsIndex, type Profiles } from '../profiles';
import { flagFields, median } from '../qc';
import { imageManifest } from './manifest';
import { pca, quantileSorted } from '../stats';
import { SEGMENTER_CARD } from '../segmentation/learned/card';
import type { ReportData, ReportGrid, ReportPca, ReportPlan, ReportRanking, ReportSegmentationMethod } from './report';

export interface AnalysedImage {
  clone: string;
  timeH: number;
  fov: number;
  /** Path relative to the experiment folder. */
  file: string;
  cellCount: number;
  /** When known (the browser hashes every file); the CLI may leave it out. */
  contentHash?: string;
}

export interface AssembleInput {
  experiment: {
    name: string;
    createdAt: string;
    imageSize: string;
    bitDepths: number[];
    isDemo: boolean;
  };
  images: readonly AnalysedImage[];
  index: ImageStatsIndex;
  /** Known potencies (passages); null = to be predicted. */
  potency: ReadonlyMap<string, number | null>;
  segmentation: { paramsHash: string; params: Record<string, unknown> };
  thumbnails?: { caption: string; pngDataUri: string }[];
  model?: TrainedModel;
  grid?: ReportGrid;
  recommendation?: string;
  /** Potency (passages) a clone must reach to be banked. */
  bankThreshold: number;
  /** Bank plan inputs: with a model, the report gets a Bank plan section. */
  plan?: PlanInputs;
  /** Prediction intervals: FOV bootstrap replicates, seed and coverage. */
  intervals?: { replicates: number; seed: number; level: number };
  clones?: Record<string, { label?: string; group?: string; notes?: string; pinned?: boolean; excluded?: boolean }>;
  appVersion: string;
  generatedAt: string;
  userAgent?: string;
}

/** PCA of the full-window, all-FOV profiles over the columns every clone has; null when too few clones. */
export function profilesPca(profiles: Profiles, potency: ReadonlyMap<string, number | null>, window: string): ReportPca | null {
  const n = profiles.clones.length;
  if (n < 3) return null;
  const keep = finiteColumns(profiles);
  if (keep.length < 2) return null;
  const x = takeColumns(profiles, keep);
  const model = pca(x, n, keep.length, { components: 2 });
  const k = model.nComponents;
  if (k < 2) return null;
  const round = (v: number) => Number(v.toFixed(4));
  return {
    window,
    clones: [...profiles.clones],
    pc1: profiles.clones.map((_, r) => round(model.scores[r * k]!)),
    pc2: profiles.clones.map((_, r) => round(model.scores[r * k + 1]!)),
    varianceExplained: Array.from(model.varianceExplained.slice(0, Math.min(k, 5)), (v) => round(v)),
    potency: profiles.clones.map((c) => potency.get(c) ?? null),
  };
}

/**
 * The method named by stored parameters: `method: 'learned'` with the model its settings name
 * (described by this app's model card when it is that model), else the classical eight steps.
 */
export function segmentationMethod(params: Record<string, unknown>): ReportSegmentationMethod {
  const pixelSizeUm = typeof params.pixelSizeUm === 'number' ? params.pixelSizeUm : null;
  if (params.method !== 'learned') return { name: 'classical', pixelSizeUm };
  const learned = params.learned as { model?: unknown } | undefined;
  const sha = typeof learned?.model === 'string' ? learned.model : '';
  const card = SEGMENTER_CARD.sha256.startsWith(sha) && sha !== '';
  return {
    name: 'learned',
    pixelSizeUm,
    model: {
      name: card ? SEGMENTER_CARD.name : 'not this app’s model',
      sha256: sha.slice(0, 16),
      networkUmPerPx: card ? SEGMENTER_CARD.network_um_per_px : NaN,
    },
  };
}

function listText(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

export async function assembleReportData(input: AssembleInput): Promise<ReportData> {
  const { index, potency, model } = input;
  const clones = [...index.clones].sort(naturalOrder);
  const timePointsH = [...new Set(input.images.map((i) => i.timeH))].sort((a, b) => a - b);
  const fovsPerWell = Math.max(0, ...[...index.byClone.values()].map((c) => c.fovs.length));

  const qcRows = flagFields(
    input.images.map((im, i) => ({ id: String(i), clone: im.clone, timeH: im.timeH, fov: im.fov, fileName: im.file, cells: im.cellCount })),
  );
  const counts = input.images.map((i) => i.cellCount).sort((a, b) => a - b);

  const full = buildProfiles(index, { windowEndH: lastTimePoint(index), timePointsH });
  const pcaData = profilesPca(full, potency, `6–${lastTimePoint(index)} h, all FOVs`);

  const data: ReportData = {
    experiment: {
      name: input.experiment.name,
      createdAt: input.experiment.createdAt,
      clones: clones.length,
      timePointsH,
      fovsPerWell,
      images: input.images.length,
      imageSize: input.experiment.imageSize,
      bitDepths: input.experiment.bitDepths,
      isDemo: input.experiment.isDemo,
    },
    segmentation: {
      paramsHash: input.segmentation.paramsHash,
      params: input.segmentation.params,
      method: segmentationMethod(input.segmentation.params),
      qc: {
        fields: input.images.length,
        cellsPerField: { median: median(counts), p10: quantileSorted(counts, 0.1), p90: quantileSorted(counts, 0.9) },
        flagged: qcRows
          .filter((r) => r.flag !== null)
          .map((r) => ({ clone: r.clone, timeH: r.timeH, fov: r.fov, cells: r.cells, flag: r.flag! })),
      },
      thumbnails: input.thumbnails ?? [],
    },
    provenance: {
      appVersion: input.appVersion,
      generatedAt: input.generatedAt,
      ...(input.userAgent ? { userAgent: input.userAgent } : {}),
      manifest: await imageManifest(input.images),
      images: input.images.map((i) => ({ file: i.file, clone: i.clone, timeH: i.timeH, fov: i.fov, cellCount: i.cellCount, ...(i.contentHash ? { contentHash: i.contentHash } : {}) })),
    },
  };
  if (pcaData) data.pca = pcaData;
  if (input.grid) data.grid = input.grid;
  if (input.recommendation) data.recommendation = input.recommendation;
  if (model) {
    const { condition, training } = model;
    const selected =
      model.kind === 'lasso' && model.lasso
        ? model.columns
            .map((column, j) => ({ column, weight: model.lasso!.coefficients[j]! * model.standardisation.sds[j]! }))
            .filter((s) => s.weight !== 0)
        : model.columns.map((column, j) => ({ column, weight: model.rf?.importance[j] ?? 0 })).filter((s) => s.weight > 0);
    selected.sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight) || naturalOrder(a.column, b.column));
    data.model = {
      kind: model.kind,
      condition: `6–${condition.windowEndH} h, ${condition.fovCount} FOV${condition.fovCount === 1 ? '' : 's'} per well (FOV subset seed ${condition.seed})`,
      loocvRmse: training.loocvRmse,
      validation: training.validation,
      ...(model.lasso ? { lambda: model.lasso.lambda } : {}),
      selected: selected.slice(0, model.kind === 'lasso' ? selected.length : 15),
      trainingClones: training.clones,
      measured: training.potency,
      predicted: training.loocvPredictions,
    };
    data.ranking = rankingFor(input, model);
    if (input.plan) data.plan = planFor(input, data.ranking, input.plan);
  }
  return data;
}

function rankingFor(input: AssembleInput, model: TrainedModel): ReportRanking {
  const { index, potency } = input;
  const threshold = input.bankThreshold;
  const clones = [...index.clones].sort(naturalOrder);
  const opts = input.intervals ?? { replicates: 50, seed: model.condition.seed, level: 0.9 };
  const intervals = predictionIntervals(model, index, clones, opts);
  const point = new Map(predictWithModel(model, modelProfiles(model, index)).map((p) => [p.clone, p]));
  const training = new Map(model.training.clones.map((c, i) => [c, model.training.loocvPredictions[i]!]));
  const meta = input.clones ?? {};
  const rows = clones.map((clone) => {
    const iv = intervals.get(clone);
    const p = point.get(clone);
    const notes: string[] = [];
    if (meta[clone]?.notes) notes.push(meta[clone]!.notes!);
    if (training.has(clone)) notes.push(`training clone (left-out prediction ${training.get(clone)!.toFixed(2)})`);
    if (p?.problems.length) notes.push(...p.problems);
    return {
      clone,
      prediction: iv?.prediction ?? p?.prediction ?? NaN,
      lo: iv?.lo ?? NaN,
      hi: iv?.hi ?? NaN,
      notes: notes.join('; '),
    };
  });
  // Excluded clones are ranked by prediction like any other but never proposed for banking.
  const ranked = rankClones(rows, { threshold });
  const method = intervals.values().next().value?.method ?? 'none';
  const reportRows = ranked.map((r, i) => {
    const m = meta[r.clone] ?? {};
    const excluded = m.excluded ?? false;
    return {
      rank: r.rank ?? i + 1,
      clone: r.clone,
      label: m.label ?? r.clone,
      group: m.group ?? '—',
      prediction: r.prediction,
      lo: r.lo,
      hi: r.hi,
      measured: potency.get(r.clone) ?? null,
      bank: (r.bank || (m.pinned ?? false)) && !excluded,
      pinned: m.pinned ?? false,
      excluded,
      notes: r.notes,
    };
  });
  const banked = reportRows.filter((r) => r.bank);
  const sure = banked.filter((r) => r.lo >= threshold).map((r) => r.clone);
  const unsure = banked.filter((r) => !(r.lo >= threshold)).map((r) => r.clone);
  const used = usedColumns(model).length;
  let decision =
    banked.length === 0
      ? `No clone reaches the banking threshold of ${threshold} passages; none is proposed for banking.`
      : `Bank ${banked.length} of ${reportRows.length} clones whose predicted potency reaches ${threshold} passages: ${listText(banked.map((r) => r.clone))}.`;
  if (banked.length && sure.length) decision += ` The whole interval lies above the threshold for ${listText(sure)}.`;
  if (unsure.length) decision += ` The interval reaches below the threshold for ${listText(unsure)}: confirm by serial passaging.`;
  decision += ` (Model: ${model.kind === 'lasso' ? 'LASSO' : 'random forest'} on ${used} profile column${used === 1 ? '' : 's'}, leave-one-out RMSE ${model.training.loocvRmse.toFixed(2)} passages.)`;
  return { threshold, rows: reportRows, intervalMethod: method, decision };
}

/** The bank plan of every ranked clone (docs/planning.md), with growth from the cell counts per image. */
function planFor(input: AssembleInput, ranking: ReportRanking, inputs: PlanInputs): ReportPlan {
  const growth = cloneGrowth(input.images.map((i) => ({ clone: i.clone, timeH: i.timeH, cells: i.cellCount })));
  const rows = [...ranking.rows].sort((a, b) => naturalOrder(a.clone, b.clone));
  const plans = planClones(rows.map((r) => ({ clone: r.clone, prediction: r.prediction, lo: r.lo, hi: r.hi, level: input.intervals?.level ?? 0.9 })), growth, inputs);
  const excluded = new Set(rows.filter((r) => r.excluded).map((r) => r.clone));
  const portfolio = planPortfolio(plans.filter((p) => !excluded.has(p.clone)), inputs.targetVials);
  return {
    inputs: { ...inputs, folds: { ...inputs.folds } },
    riskText: RISK_TEXT[inputs.risk],
    rows: plans.map((p) => ({
      clone: p.clone,
      fold: p.fold,
      foldSource: p.foldSource,
      bankPassage: p.bankPassage,
      cells: p.cells,
      vials: p.vials,
      remaining: p.remaining,
      risk: p.risk,
      inPortfolio: portfolio.clones.includes(p.clone),
      note: p.note,
      curve: p.candidates.map((c) => [c.passage, c.cells] as [number, number]),
      lo: p.interval.lo,
      hi: p.interval.hi,
    })),
    portfolio: portfolio.text,
  };
}
