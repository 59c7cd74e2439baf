/** `report` on an analysis folder written from synthetic statistics, a model trained on it and a grid file. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createRandom } from '../core/demo/random';
import { DESCRIPTORS } from '../core/experiment';
import { modelToJson } from '../core/models/modelFile';
import { trainFinalModel } from '../core/models/training';
import { modelMatrix } from '../core/models/grid';
import { buildProfiles, imageStatsFileText, imageStatsRecord, indexImageStats, type ImageStatsRecord } from '../core/profiles';
import { DEFAULT_SEGMENTATION_PARAMS, paramsHash } from '../core/segmentation';
import { run as report } from './commands/report';

const root = mkdtempSync(join(tmpdir(), 'report-cli-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const HOSTILE = '<img src=x onerror=alert(1)>';

function writeAnalysis(dir: string) {
  const rnd = createRandom(5);
  const K = DESCRIPTORS.length;
  const records: ImageStatsRecord[] = [];
  const potency = new Map<string, number | null>();
  for (let c = 1; c <= 10; c++) {
    const clone = c === 10 ? HOSTILE : `clone${String(c).padStart(2, '0')}`;
    const z = rnd.normal();
    potency.set(clone, c <= 8 ? Math.round((10 + 1.5 * z) * 10) / 10 : null);
    for (const timeH of [6, 12])
      for (let fov = 1; fov <= 4; fov++) {
        const n = new Float64Array(K).fill(30);
        const mean = new Float64Array(K);
        const m2 = new Float64Array(K);
        for (let d = 0; d < K; d++) {
          mean[d] = 10 + d + (d % 3 === 0 ? 2 * z : 0) + rnd.normal(0, 0.3);
          m2[d] = 30 * (1 + rnd.uniform());
        }
        records.push(imageStatsRecord({ clone, timeH, fov, stats: { n, mean, m2 } }, `missing/${clone}_${timeH}_${fov}.png`, 30));
      }
  }
  const hash = paramsHash(DEFAULT_SEGMENTATION_PARAMS);
  writeFileSync(
    join(dir, 'image_stats.json'),
    imageStatsFileText(records, { source: join(dir, 'no-such-folder'), segmentationParams: DEFAULT_SEGMENTATION_PARAMS, segmentationParamsHash: hash }, potency),
  );
  const index = indexImageStats(records.map((r) => ({ clone: r.clone, timeH: r.timeH, fov: r.fov, stats: { n: Float64Array.from(r.n), mean: Float64Array.from(r.mean), m2: Float64Array.from(r.m2) } })));
  const profiles = buildProfiles(index, { windowEndH: 12, fovs: { kind: 'subset', k: 4, seed: 1 } });
  const model = trainFinalModel(modelMatrix(profiles, potency), 'lasso', { windowEndH: 12, fovCount: 4, seed: 1 }, {
    paramsHash: hash,
    params: DEFAULT_SEGMENTATION_PARAMS,
    appVersion: 'test',
    createdAt: '2026-01-01T00:00:00Z',
  });
  writeFileSync(join(dir, 'model.json'), modelToJson(model));
  writeFileSync(
    join(dir, 'grid.json'),
    JSON.stringify({
      threshold: 1,
      windows_end_h: [6, 12],
      fov_counts: [1, 2, 4],
      lasso: { rmse: [[1.4, 1.2, 1.1], [1.1, 0.9, 0.8]] },
      rf: { rmse: [[1.5, null, 1.2], [1.2, 1.0, 0.95]] },
      recommendation: { text: 'Earliest: 6–12 h with 2 FOVs per well.' },
    }),
  );
  return model;
}

describe('report command', () => {
  const model = writeAnalysis(root);

  it('writes a self-contained report with every section', async () => {
    const err = vi.spyOn(console, 'error').mockImplementation(() => {});
    const out = join(root, 'report.html');
    const code = await report(['--analysis', root, '--model', join(root, 'model.json'), '--out', out, '--threshold', '10', '--replicates', '10']);
    err.mockRestore();
    expect(code).toBe(0);
    const html = readFileSync(out, 'utf8');
    for (const h of ['Experiment and imaging', 'Segmentation and QC', 'Profiles (PCA)', 'Models', 'Final model', 'Ranking and banking decision', 'Provenance'])
      expect(html).toContain(`<h2>${h}</h2>`);
    expect(html).not.toMatch(/<script|<link|https?:\/\//i);
    expect(html).not.toContain(HOSTILE);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    // Grid from grid.json: 2 LASSO cells (0.9, 0.8) and 1 RF cell (0.95) are under 1.0 and ringed.
    expect(html.match(/class="below-threshold"/g)).toHaveLength(2 + 1);
    expect(html).toContain('Earliest: 6–12 h with 2 FOVs per well.');
    expect(html).toContain(`${model.training.loocvRmse.toFixed(3)} passages`);
    // 10 clones in the ranking table.
    const table = html.slice(html.indexOf('<table class="data ranking">'));
    expect(table.slice(0, table.indexOf('</table>')).match(/<tr>/g)).toHaveLength(11);
    expect(html).toContain('not recorded'); // images not reachable: no size
    // The per-image appendix, also beside the report as CSV, one row per analysed image.
    const csv = readFileSync(join(root, 'report_images.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('file,clone,time_h,fov,cells,content_hash');
    expect(html).toContain(`Appendix: the ${csv.length - 1} images`);
  });

  it('fails plainly without an analysis', async () => {
    const err = vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(await report(['--analysis', join(root, 'nothing'), '--out', join(root, 'x.html')])).toBe(2);
    expect(await report([])).toBe(2);
    err.mockRestore();
  });
});
