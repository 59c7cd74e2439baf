import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeWithShared, sharedPath } from '../../testing/shared';
import { joinTargets, parseProfilesCsv, parseTargetCsv, selectColumns } from './profilesCsv';

describe('profiles CSV', () => {
  const csv = 'clone,a_mean_006h,potency,b_sd_006h\r\nc1,1.5,10,2\nc2,"2.5",11,3e-1\n\n';

  it('reads clones, profile columns in file order, and the target', () => {
    const t = parseProfilesCsv(csv);
    expect(t.clones).toEqual(['c1', 'c2']);
    expect(t.columns).toEqual(['a_mean_006h', 'b_sd_006h']);
    expect(Array.from(t.x)).toEqual([1.5, 2, 2.5, 0.3]);
    expect(Array.from(t.y!)).toEqual([10, 11]);
    expect(parseProfilesCsv('clone,a\nc1,1\n').y).toBeNull();
  });

  it('names the clone and column of a bad cell, and other problems', () => {
    expect(() => parseProfilesCsv('clone,a,potency\nc1,abc,3\n')).toThrow(
      'clone "c1", column "a": "abc" is not a number',
    );
    expect(() => parseProfilesCsv('clone,a,potency\nc1,,3\n')).toThrow(/column "a": "" is not a number/);
    expect(() => parseProfilesCsv('clone,a,potency\nc1,1,x\n')).toThrow(/target "potency"/);
    expect(() => parseProfilesCsv('well,a\nc1,1\n')).toThrow(/no "clone" column/);
    expect(() => parseProfilesCsv('clone,a\nc1,1\nc1,2\n')).toThrow(/clone "c1" twice/);
    expect(() => parseProfilesCsv('clone,a\nc1,1,2\n')).toThrow(/line 2 has 3 cells/);
    expect(() => parseProfilesCsv('clone,a\nc1,1\n', { requireTarget: true })).toThrow(/no target column "potency"/);
    expect(() => parseProfilesCsv('')).toThrow(/empty/);
  });

  it('joins separate targets (missing ones dropped or reported) and selects columns by name', () => {
    const t = parseProfilesCsv('clone,a,b\nc1,1,2\nc2,3,4\nc3,5,6\n');
    const targets = parseTargetCsv('clone,potency\nc3,9\nc1,7\nc2,\n');
    expect([...targets.entries()]).toEqual([
      ['c3', 9],
      ['c1', 7],
    ]);
    expect(() => joinTargets(t, targets)).toThrow(/no target for clone\(s\) c2/);
    const j = joinTargets(t, targets, true);
    expect(j.clones).toEqual(['c1', 'c3']);
    expect(Array.from(j.x)).toEqual([1, 2, 5, 6]);
    expect(Array.from(j.y)).toEqual([7, 9]);
    const s = selectColumns(t, ['b']);
    expect(Array.from(s.x)).toEqual([2, 4, 6]);
    expect(() => selectColumns(t, ['b', 'zz'])).toThrow(/lack column\(s\) zz/);
    expect(() => parseTargetCsv('clone,age\nc1,3\n')).toThrow(/no "potency" column/);
  });
});

describeWithShared('shared/reference/profiles.csv', () => {
  it('has 15 clones × 360 columns and the potencies 7…12 (mean 9.8)', () => {
    const t = parseProfilesCsv(readFileSync(sharedPath('reference', 'profiles.csv'), 'utf8'), { requireTarget: true });
    expect(t.clones).toHaveLength(15);
    expect(t.clones[0]).toBe('clone01');
    expect(t.columns).toHaveLength(360);
    expect(t.columns.slice(0, 3)).toEqual(['area_mean_006h', 'area_sd_006h', 'perimeter_mean_006h']);
    expect(t.columns[359]).toBe('glcm_homogeneity_sd_090h');
    expect(Array.from(t.y!).reduce((a, b) => a + b, 0)).toBe(147);
    expect([...t.y!].sort((a, b) => a - b)).toEqual([7, 8, 8, 9, 9, 9, 10, 10, 10, 10, 11, 11, 11, 12, 12]);
  });
});
