import { describe, expect, it } from 'vitest';
import { DESCRIPTOR_COLUMNS, cellsToCsv, formatG10 } from './csv';

describe('CSV of cell descriptors', () => {
  it("formats like C's %.10g", () => {
    const cases: [number, string][] = [
      [2102, '2102'],
      [239.13708305084745, '239.1370831'],
      [0.310086463, '0.310086463'],
      [0.09336445497123, '0.09336445497'],
      [0.00012345678912, '0.0001234567891'],
      [0.000012345678912, '1.234567891e-05'],
      [12345678901.5, '1.23456789e+10'],
      [9999999999.7, '1e+10'],
      [-3.25, '-3.25'],
      [1, '1'],
      [0, '0'],
      [NaN, 'NaN'],
    ];
    for (const [v, s] of cases) expect(formatG10(v), String(v)).toBe(s);
  });

  it('writes the reference header and one row per cell', () => {
    expect(DESCRIPTOR_COLUMNS.join(',')).toBe(
      'label,area,perimeter,length,breadth,aspect_ratio,compactness,solidity,mean_intensity,' +
        'glcm_contrast,glcm_correlation,glcm_energy,glcm_homogeneity',
    );
    const values = Float64Array.from([
      ...[12, 8, 4 * Math.SQRT2, 2, 2 * Math.SQRT2, Math.PI / 3, 1, 100, 0, 1, 1, 1],
      ...[1, 0, 0, 0, NaN, NaN, NaN, 7.5, NaN, NaN, NaN, NaN],
    ]);
    const csv = cellsToCsv({ labelIds: Int32Array.from([3, 105]), values, cellCount: 2 });
    expect(csv.split('\n')).toEqual([
      DESCRIPTOR_COLUMNS.join(','),
      '3,12,8,5.656854249,2,2.828427125,1.047197551,1,100,0,1,1,1',
      '105,1,0,0,0,NaN,NaN,NaN,7.5,NaN,NaN,NaN,NaN',
      '',
    ]);
  });
});
