import { describe, expect, it, beforeAll } from 'vitest';
import { createRandom } from '../demo/random';
import { trainFinalModel } from '../models/training';
import { modelMatrix } from '../models/grid';
import { buildProfiles, indexImageStats, type ImageStats } from '../profiles';
import { SEGMENTER_CARD } from '../segmentation/learned/card';
import { DEFAULT_LEARNED_PARAMS, DEFAULT_SEGMENTATION_PARAMS } from '../segmentation/params';
import { assembleReportData, segmentationMethod, type AnalysedImage } from './assemble';
import { buildReportHtml, FLAGGED_SHOWN, SECTION_TITLES } from './report';

/** 8 clones × 2 time points × 3 FOVs; the mean area of each clone's cells follows its potency. */
function experiment() {
  const random = createRandom(7);
  const potency = [7, 8, 9, 10, 11, 12, 13, 9.5];
  const clones = potency.map((_, i) => `clone${i + 1}`);
  const images: ImageStats[] = [];
  const analysed: AnalysedImage[] = [];
  clones.forEach((clone, c) =>
    [6, 12].forEach((timeH) => {
      for (let fov = 1; fov <= 3; fov++) {
        const n = new Float64Array(12).fill(20 + fov);
        const mean = new Float64Array(12);
        const m2 = new Float64Array(12);
        for (let d = 0; d < 12; d++) {
          mean[d] = 50 + d * 3 + random.normal(0, 2) + (d === 0 ? 12 * potency[c]! : 0);
          m2[d] = n[d]! * (4 + random.uniform());
        }
        images.push({ clone, timeH, fov, stats: { n, mean, m2 } });
        analysed.push({ clone, timeH, fov, file: `${clone}_t${timeH}_f${fov}.png`, cellCount: clone === 'clone3' && fov === 1 ? 0 : 20 + fov });
      }
    }),
  );
  const index = indexImageStats(images);
  // clone4 and clone8 are to be predicted.
  const known = new Map<string, number | null>(clones.map((c, i) => [c, c === 'clone4' || c === 'clone8' ? null : potency[i]!]));
  const profiles = buildProfiles(index, { windowEndH: 12, fovs: { kind: 'subset', k: 3, seed: 1 }, timePointsH: [6, 12] });
  const model = trainFinalModel(modelMatrix(profiles, known), 'lasso', { windowEndH: 12, fovCount: 3, seed: 1 }, {
    paramsHash: 'abc123',
    params: {},
    appVersion: 'test',
    createdAt: '2026-01-01T00:00:00Z',
  });
  return { index, analysed, known, model, potency, clones };
}

describe('assembleReportData', () => {
  const e = experiment();
  const pending = assembleReportData({
    experiment: { name: 'synthetic', createdAt: '2026-01-01T00:00:00Z', imageSize: '64 × 64 px', bitDepths: [8], isDemo: false },
    images: e.analysed,
    index: e.index,
    potency: e.known,
    segmentation: { paramsHash: 'abc123', params: { minArea1: 50 } },
    model: e.model,
    bankThreshold: 10,
    intervals: { replicates: 10, seed: 3, level: 0.9 },
    clones: { clone2: { excluded: true, notes: 'contaminated' }, clone1: { pinned: true, label: 'A1', group: 'REC' } },
    appVersion: 'test',
    generatedAt: '2026-01-02T00:00:00Z',
  });

  let data: Awaited<typeof pending>;
  beforeAll(async () => {
    data = await pending;
  });

  it('summarises the experiment and QC from the images', () => {
    expect(data.experiment).toMatchObject({ clones: 8, timePointsH: [6, 12], fovsPerWell: 3, images: 48 });
    expect(data.segmentation.qc.fields).toBe(48);
    expect(data.segmentation.qc.cellsPerField.median).toBe(22);
    // clone3 FOV 1 has no cells at both time points.
    expect(data.segmentation.qc.flagged.map((f) => [f.clone, f.timeH, f.fov, f.flag])).toEqual([
      ['clone3', 6, 1, 'no cells found'],
      ['clone3', 12, 1, 'no cells found'],
    ]);
  });

  it('projects the profiles on two principal components', () => {
    expect(data.pca!.clones).toHaveLength(8);
    expect(data.pca!.pc1).toHaveLength(8);
    expect(data.pca!.varianceExplained[0]!).toBeGreaterThan(data.pca!.varianceExplained[1]!);
    expect(data.pca!.potency[3]).toBeNull();
  });

  it('ranks every clone by prediction and recovers the potency order', () => {
    const rows = data.ranking!.rows;
    expect(rows).toHaveLength(8);
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prediction).toBeLessThanOrEqual(rows[i - 1]!.prediction);
    // The area signal is strong: the highest potency ranks first, the lowest last.
    expect(rows[0]!.clone).toBe('clone7');
    expect(rows[rows.length - 1]!.clone).toBe('clone1');
    for (const r of rows) {
      expect(r.lo).toBeLessThan(r.prediction);
      expect(r.hi).toBeGreaterThan(r.prediction);
    }
    const unknown = rows.find((r) => r.clone === 'clone4')!;
    expect(unknown.measured).toBeNull();
    expect(Math.abs(unknown.prediction - 10)).toBeLessThan(1);
    // Pinned clone1 is banked below the threshold; excluded clone2 never is.
    expect(rows.find((r) => r.clone === 'clone1')).toMatchObject({ bank: true, pinned: true, label: 'A1', group: 'REC' });
    expect(rows.find((r) => r.clone === 'clone2')).toMatchObject({ bank: false, excluded: true });
    expect(rows.find((r) => r.clone === 'clone2')!.notes).toContain('contaminated');
    const banked = rows.filter((r) => r.bank).map((r) => r.clone).sort();
    expect(banked).toEqual(['clone1', ...rows.filter((r) => r.prediction >= 10 && !r.excluded).map((r) => r.clone)].sort());
    expect(data.ranking!.decision).toMatch(new RegExp(`^Bank ${banked.length} of 8 clones`));
  });

  it('reports the model with its training predictions', () => {
    expect(data.model!.trainingClones).toEqual(['clone1', 'clone2', 'clone3', 'clone5', 'clone6', 'clone7']);
    expect(data.model!.loocvRmse).toBeCloseTo(e.model.training.loocvRmse, 12);
    expect(data.model!.selected.length).toBeGreaterThan(0);
    expect(data.model!.selected[0]!.column).toMatch(/^area_mean_0(06|12)h$/);
  });

  it('renders to a complete report', () => {
    const html = buildReportHtml(data);
    for (const t of [SECTION_TITLES.experiment, SECTION_TITLES.pca, SECTION_TITLES.model, SECTION_TITLES.ranking])
      expect(html).toContain(`<h2>${t}</h2>`);
    expect(html).not.toContain(`<h2>${SECTION_TITLES.models}</h2>`);
    expect(html).not.toContain('NaN');
  });

  it('lists at most FLAGGED_SHOWN flagged fields and counts the rest', () => {
    const many = { ...data, segmentation: { ...data.segmentation, qc: { ...data.segmentation.qc, flagged: Array.from({ length: FLAGGED_SHOWN + 5 }, (_, i) => ({ clone: `c${i % 2}`, timeH: 6, fov: i, cells: 0, flag: 'no cells found' })) } } };
    const html = buildReportHtml(many);
    expect(html.match(/<td>no cells found<\/td>/g)).toHaveLength(FLAGGED_SHOWN);
    expect(html).toContain('… and 5 more. Flagged fields per clone: c0 23, c1 22.');
  });

  it('names the segmentation method; for the learned one the model card and the pixel size', () => {
    expect(data.segmentation.method).toEqual({ name: 'classical', pixelSizeUm: null });
    const learnedParams = { ...DEFAULT_LEARNED_PARAMS, pixelSizeUm: 0.65 } as unknown as Record<string, unknown>;
    const learned = { ...data, segmentation: { ...data.segmentation, params: learnedParams, method: segmentationMethod(learnedParams) } };
    expect(learned.segmentation.method).toEqual({
      name: 'learned',
      pixelSizeUm: 0.65,
      model: { name: SEGMENTER_CARD.name, sha256: SEGMENTER_CARD.sha256.slice(0, 16), networkUmPerPx: SEGMENTER_CARD.network_um_per_px },
    });
    const html = buildReportHtml(learned);
    expect(html).toContain('Learned (trained network)');
    expect(html).toContain(`SHA-256 <code>${SEGMENTER_CARD.sha256.slice(0, 16)}</code>`);
    expect(html).toContain(`network scale ${SEGMENTER_CARD.network_um_per_px} µm/px`);
    expect(html).toContain('pixel size of the images 0.65 µm/px');
    // Only the learned settings are listed, not the classical steps'.
    expect(html).toContain('minSeedAreaUm2');
    expect(html).not.toContain('otsuScale');
    const classicalParams = DEFAULT_SEGMENTATION_PARAMS as unknown as Record<string, unknown>;
    const classical = buildReportHtml({ ...data, segmentation: { ...data.segmentation, params: classicalParams, method: segmentationMethod(classicalParams) } });
    expect(classical).toContain("Classical eight steps (the paper's); pixel size of the images 0.87 µm/px");
    expect(classical).toContain('otsuScale');
    expect(classical).not.toContain('minSeedAreaUm2');
  });
});
