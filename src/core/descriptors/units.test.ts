import { describe, expect, it } from 'vitest';
import { DESCRIPTORS } from '../experiment';
import { CELL_ROWS_UM_HEADER, cellRowsCsv } from '../profiles/csv';
import { descriptorTitle, descriptorUnit, PHYSICAL_COLUMNS, PHYSICAL_DESCRIPTORS, toPhysicalFactor } from './units';

const K = DESCRIPTORS.length;

describe('descriptor units', () => {
  it('area is an area, perimeter/length/breadth lengths, the rest unitless (reference README §1)', () => {
    expect(PHYSICAL_DESCRIPTORS).toEqual(['area', 'perimeter', 'length', 'breadth']);
    expect(PHYSICAL_COLUMNS).toEqual(['area_um2', 'perimeter_um', 'length_um', 'breadth_um']);
    expect(toPhysicalFactor('area', 0.87)).toBeCloseTo(0.7569, 12);
    expect(toPhysicalFactor('length', 0.87)).toBe(0.87);
    expect(toPhysicalFactor('solidity', 0.87)).toBe(1);
    expect(descriptorUnit('area', 0.87)).toBe('µm²');
    expect(descriptorUnit('area', null)).toBe('px²');
    expect(descriptorUnit('mean_intensity', 0.87)).toBe('grey level');
    expect(descriptorTitle('area', 0.87, { log10: true })).toBe('log10 area (µm²)');
    expect(descriptorTitle('perimeter', 0.65)).toBe('perimeter (µm)');
    expect(descriptorTitle('glcm_energy', 0.65)).toBe('glcm_energy');
  });

  it('the per-cell CSV keeps the pixel columns and adds µm, µm² and the pixel size beside them', () => {
    expect(CELL_ROWS_UM_HEADER).toBe(`clone,time_h,fov,label,${DESCRIPTORS.join(',')},area_um2,perimeter_um,length_um,breadth_um,um_per_px\n`);
    const values = new Float64Array(K).map((_, i) => i + 1); // area 1000 below
    values[0] = 1000;
    const [row] = cellRowsCsv('B3', 64, 1, [7], values, 0.5).split('\n');
    const cells = row!.split(',');
    expect(cells).toHaveLength(CELL_ROWS_UM_HEADER.trim().split(',').length);
    expect(cells.slice(4, 8)).toEqual(['1000', '2', '3', '4']);
    expect(cells.slice(-5)).toEqual(['250', '1', '1.5', '2', '0.5']);
  });
});
