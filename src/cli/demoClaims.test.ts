/**
 * The demo's claims as a test that can fail: a small demo (15 clones × 15 time points × 4 FOVs of
 * 512 px, drawn in memory and segmented on the CLI pool as `demo --report` does), then the four
 * claims of src/testing/demoClaims.ts. The full-size figures (16 FOVs) are in docs/analysis.md,
 * from scripts/check-demo-claims.ts.
 */
import { describe, expect, it } from 'vitest';
import { measureDemoImages, type DemoImageJob } from './demoImages';
import { DEMO_SEGMENTATION_PARAMS, describeDemoExperiment } from '../core/demo';
import { indexImageStats } from '../core/profiles';
import { mergeParams } from '../core/segmentation';
import { demoClaims } from '../testing/demoClaims';

describe('the demo experiment', () => {
  it('predicts potency well at the full window, worse from 1 FOV, better than shuffled labels', { timeout: 600_000 }, async () => {
    const fovs = 4;
    const size = 512;
    const desc = describeDemoExperiment({ seed: 1, fovs, size, clones: 15 });
    const jobs: DemoImageJob[] = desc.clones.flatMap((c) =>
      desc.timePointsH.flatMap((timeH) => Array.from({ length: fovs }, (_, f) => ({ id: 0, clone: c.id, timeH, fov: f + 1 }))),
    );
    jobs.forEach((j, i) => (j.id = i));
    const measured = await measureDemoImages({ seed: 1, clones: desc.clones.length, size, params: mergeParams(DEMO_SEGMENTATION_PARAMS) }, jobs, 2, () => {});
    const index = indexImageStats(jobs.map((j) => ({ clone: j.clone, timeH: j.timeH, fov: j.fov, stats: measured[j.id]!.stats })));
    const potency = new Map(desc.clones.map((c) => [c.id, c.potency]));
    const r = demoClaims(index, potency, { permutations: 20, seed: 1, windows: 'last' });

    expect(r.lastH).toBe(90);
    expect(r.fullRmse).toBeLessThan(0.8);
    expect(r.oneFovMean).toBeGreaterThanOrEqual(1.3 * r.fullRmse);
    // 20 shuffles: p = 1/21 when the real labels beat every shuffle.
    expect(r.permutation.pValue).toBeLessThanOrEqual(0.05);
    expect(r.shuffledRmse).toBeGreaterThanOrEqual(0.85 * r.trivialRmse);
    for (const c of r.claims) expect(c.holds, c.text).toBe(true);
  });
});
