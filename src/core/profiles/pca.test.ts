import { describe, expect, it } from 'vitest';
import { pca } from '../stats';
import { syntheticImageStats } from '../../testing/syntheticStats';
import { buildProfiles, indexImageStats } from './index';
import { finiteColumns, pcaView, takeColumns } from './pca';

describe("Explore's PCA view", () => {
  const { images } = syntheticImageStats({ seed: 3, fovs: 6 });
  const index = indexImageStats(images);
  const base = { windowEndH: 18, fovs: { kind: 'all' } as const, seed: 1, maxFovs: 6 };

  it('is prcomp of the finite profile columns, with a cloud of bootstrap projections per clone', () => {
    const view = pcaView(index, { ...base, fixedAxes: false, clouds: 5 })!;
    const profiles = buildProfiles(index, { windowEndH: 18 });
    const cols = finiteColumns(profiles);
    const direct = pca(takeColumns(profiles, cols), profiles.clones.length, cols.length);
    expect(view.clones).toEqual(profiles.clones);
    expect(view.columns).toEqual(cols.map((c) => profiles.columns[c]));
    expect(view.scores).toEqual(Array.from(direct.scores));
    expect(view.varianceExplained).toEqual(Array.from(direct.varianceExplained));
    expect(view.clouds).toHaveLength(16);
    for (const c of view.clouds) expect([c.x.length, c.y.length]).toEqual([5, 5]);
  });

  it('with fixed axes projects onto axes fitted on every FOV count, and has no clouds when asked for none', () => {
    const free = pcaView(index, { ...base, fixedAxes: false, clouds: 0 })!;
    const fixed = pcaView(index, { ...base, fixedAxes: true, clouds: 0 })!;
    expect(fixed.nComponents).toBe(3);
    expect(fixed.scores).not.toEqual(free.scores);
    expect(fixed.clouds.every((c) => c.x.length === 0)).toBe(true);
  });
});
