import { describe, expect, it, beforeAll } from 'vitest';
import { createRandom } from '../demo/random';
import { trainFinalModel } from '../models/training';
import { modelMatrix } from '../models/grid';
import { DEFAULT_PLAN_INPUTS, planClone } from '../planning';
import { buildProfiles, indexImageStats, type ImageStats } from '../profiles';
import { assembleReportData, type AnalysedImage } from './assemble';
import { buildReportHtml, SECTION_TITLES } from './report';

/** 8 clones × 2 time points × 3 FOVs; cells double in the 6 h between images (doubling 6 h). */
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
        analysed.push({ clone, timeH, fov, file: `${clone}_t${timeH}_f${fov}.png`, cellCount: 20 * (timeH / 6) });
      }
    }),
  );
  const index = indexImageStats(images);
  const known = new Map<string, number | null>(clones.map((c, i) => [c, c === 'clone4' ? null : potency[i]!]));
  const profiles = buildProfiles(index, { windowEndH: 12, fovs: { kind: 'subset', k: 3, seed: 1 }, timePointsH: [6, 12] });
  const model = trainFinalModel(modelMatrix(profiles, known), 'lasso', { windowEndH: 12, fovCount: 3, seed: 1 }, { paramsHash: 'abc123', params: {}, appVersion: 'test', createdAt: '2026-01-01T00:00:00Z' });
  return { index, analysed, known, model };
}

describe('report: bank plan', () => {
  const e = experiment();
  // T = 12 h with a 6 h doubling: F = 4 for every clone.
  const plan = { ...DEFAULT_PLAN_INPUTS, passageDurationH: 12, reserve: 3, targetVials: 50, folds: { clone8: 2 } };
  const pending = assembleReportData({
    experiment: { name: 'synthetic', createdAt: '2026-01-01T00:00:00Z', imageSize: '64 × 64 px', bitDepths: [8], isDemo: false },
    images: e.analysed,
    index: e.index,
    potency: e.known,
    segmentation: { paramsHash: 'abc123', params: {} },
    model: e.model,
    bankThreshold: 10,
    intervals: { replicates: 10, seed: 3, level: 0.9 },
    plan,
    appVersion: 'test',
    generatedAt: '2026-01-02T00:00:00Z',
  });

  let data: Awaited<typeof pending>;
  beforeAll(async () => {
    data = await pending;
  });

  it('plans every ranked clone with the growth-derived fold (or the entered one)', () => {
    expect(data.plan!.rows).toHaveLength(8);
    for (const row of data.plan!.rows) {
      const rank = data.ranking!.rows.find((r) => r.clone === row.clone)!;
      const expected = planClone(row.clone, { prediction: rank.prediction, lo: rank.lo, hi: rank.hi }, { fold: row.clone === 'clone8' ? 2 : 4, source: '' }, plan);
      expect(row.fold).toBeCloseTo(row.clone === 'clone8' ? 2 : 4, 9);
      expect(row.bankPassage).toBe(expected.bankPassage);
      expect(row.vials).toBe(expected.vials);
    }
  });

  it('renders the section: inputs, portfolio, table, chart', () => {
    const html = buildReportHtml(data);
    expect(html).toContain(`<h2>${SECTION_TITLES.plan}</h2>`);
    expect(html).toContain('Portfolio:');
    expect(html).toContain('Reserve R');
    expect(html).toContain('clone8: 2');
    expect(html).toContain('Cumulative cells (cells, log scale)');
    expect(html).not.toContain('NaN');
  });

  it('no plan inputs: no section', () => {
    const { plan: _p, ...rest } = data;
    expect(buildReportHtml(rest)).not.toContain(SECTION_TITLES.plan);
  });
});
