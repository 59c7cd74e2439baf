import { describe, expect, it } from 'vitest';
import { readNumericCsv } from './csv';

describe('readNumericCsv', () => {
  const table = readNumericCsv('label,area,"name, quoted"\r\n1,2102,"a ""b"""\n2,1365.5,x\n\n3,NA,y\n');

  it('reads header, rows and numeric columns', () => {
    expect(table.header).toEqual(['label', 'area', 'name, quoted']);
    expect(table.rows).toEqual([
      ['1', '2102', 'a "b"'],
      ['2', '1365.5', 'x'],
      ['3', 'NA', 'y'],
    ]);
    expect(Array.from(table.column('label'))).toEqual([1, 2, 3]);
    const area = table.column('area');
    expect(area[1]).toBe(1365.5);
    expect(area[2]).toBeNaN();
    expect(table.hasColumn('area')).toBe(true);
  });

  it('names the missing column and lists the real ones', () => {
    expect(() => table.column('aera')).toThrow("column 'aera' not found; columns are: label, area, name, quoted");
  });

  it('names the row of a non-number and of a ragged line', () => {
    expect(() => table.column('name, quoted')).toThrow(/data row 1: 'a "b"' is not a number/);
    expect(() => readNumericCsv('a,b\n1,2\n3\n')).toThrow(/line 3 has 1 fields but the header has 2/);
    expect(() => readNumericCsv('\n\n')).toThrow(/empty/);
  });
});
