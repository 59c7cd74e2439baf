import { describe, expect, it } from 'vitest';
import { indexImageStats } from '../profiles';
import { gridFovCounts, gridWindows, paperConditions } from './conditions';

describe('grid and bootstrap conditions', () => {
  it('chooses the paper’s six bootstrap conditions, cut to the experiment, for each model', () => {
    const all = [6, 12, 18, 24, 30, 36, 42, 48, 54, 60, 66, 72, 78, 84, 90];
    expect(paperConditions(all, 64, ['lasso'])).toEqual([
      { windowEndH: 30, fovCount: 16, model: 'lasso' },
      { windowEndH: 30, fovCount: 64, model: 'lasso' },
      { windowEndH: 60, fovCount: 16, model: 'lasso' },
      { windowEndH: 60, fovCount: 64, model: 'lasso' },
      { windowEndH: 90, fovCount: 16, model: 'lasso' },
      { windowEndH: 90, fovCount: 64, model: 'lasso' },
    ]);
    expect(paperConditions([6, 12, 18], 4, ['lasso', 'rf'])).toEqual([
      { windowEndH: 18, fovCount: 1, model: 'lasso' },
      { windowEndH: 18, fovCount: 1, model: 'rf' },
      { windowEndH: 18, fovCount: 4, model: 'lasso' },
      { windowEndH: 18, fovCount: 4, model: 'rf' },
    ]);
  });

  it('spans every standard window up to the last time point imaged, and 1 … the most FOVs', () => {
    const stats = { stats: { n: new Float64Array(12).fill(1), mean: new Float64Array(12), m2: new Float64Array(12) } };
    // Imaged at 6, 18 and 30 h (12 and 24 h missing), 3 FOVs in one well and 1 in the other.
    const images = [
      ...[6, 18, 30].flatMap((timeH) => [1, 2, 3].map((fov) => ({ clone: 'A', timeH, fov, ...stats }))),
      { clone: 'B', timeH: 6, fov: 1, ...stats },
    ];
    const index = indexImageStats(images);
    expect(gridWindows(index)).toEqual([6, 12, 18, 24, 30]);
    expect(gridFovCounts(index)).toEqual([1, 2, 3]);
  });
});
