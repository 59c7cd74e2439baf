import { describe, expect, it } from 'vitest';
import { demoFileName, demoImageJobs, demoPotencyCsv, describeDemoExperiment } from './experiment';

describe('demo experiment description', () => {
  it('names files cloneNN_tHHHh_fFF.png', () => {
    expect(demoFileName('clone07', 30, 12)).toBe('clone07_t030h_f12.png');
    expect(demoFileName('clone01', 6, 1)).toBe('clone01_t006h_f01.png');
    expect(demoFileName('clone15', 90, 64)).toBe('clone15_t090h_f64.png');
  });

  it('lists 15 clones × 15 time points × 8 FOVs = 1800 images by default', () => {
    const desc = describeDemoExperiment();
    expect(desc.seed).toBe(1);
    expect(desc.size).toBe(512);
    expect(desc.fovs).toBe(8);
    expect(desc.clones).toHaveLength(15);
    expect(desc.timePointsH).toEqual([6, 12, 18, 24, 30, 36, 42, 48, 54, 60, 66, 72, 78, 84, 90]);
    expect(desc.fileNames).toHaveLength(1800);
    expect(new Set(desc.fileNames).size).toBe(1800);
    expect(desc.fileNames[0]).toBe('clone01_t006h_f01.png');
    expect(desc.fileNames[1799]).toBe('clone15_t090h_f08.png');
    const jobs = [...demoImageJobs(desc)];
    expect(jobs.map((j) => j.fileName)).toEqual(desc.fileNames);
    expect(jobs[9]).toMatchObject({ timeH: 12, fov: 2, fileName: 'clone01_t012h_f02.png' });
    expect(jobs[9]!.clone.id).toBe('clone01');
  });

  it('takes seed, FOVs, size and clone count, and refuses out-of-range values', () => {
    const desc = describeDemoExperiment({ seed: 5, fovs: 64, size: 1000, clones: 4 });
    expect(desc.fileNames).toHaveLength(4 * 15 * 64);
    expect(desc.size).toBe(1000);
    expect(() => describeDemoExperiment({ fovs: 0 })).toThrow(/1 to 64/);
    expect(() => describeDemoExperiment({ fovs: 65 })).toThrow(/1 to 64/);
    expect(() => describeDemoExperiment({ size: 32 })).toThrow(/64 to 2048/);
    expect(() => describeDemoExperiment({ seed: 1.5 })).toThrow(/integer/);
  });

  it('writes the hidden potencies as CSV', () => {
    const { clones } = describeDemoExperiment({ seed: 2 });
    const lines = demoPotencyCsv(clones).trimEnd().split('\n');
    expect(lines[0]).toBe('clone,potency');
    expect(lines).toHaveLength(16);
    expect(lines[7]).toBe(`clone07,${clones[6]!.potency}`);
    expect(
      lines
        .slice(1)
        .map((l) => Number(l.split(',')[1]))
        .sort((a, b) => a - b),
    ).toEqual([7, 8, 8, 9, 9, 9, 10, 10, 10, 10, 11, 11, 11, 12, 13]);
  });
});
