import { describe, expect, it } from 'vitest';
import { matchPotencies, parsePotencyCsv } from './potencyCsv';

const rowsOf = (text: string) => parsePotencyCsv(text).rows.map((r) => [r.clone, r.potency]);

describe('parsePotencyCsv', () => {
  it('reads a plain table with a header', () => {
    const t = parsePotencyCsv('clone,potency\nclone01,9.5\nclone02,12\n');
    expect(t.rows).toEqual([
      { clone: 'clone01', potency: 9.5, line: 2 },
      { clone: 'clone02', potency: 12, line: 3 },
    ]);
    expect(t.problems).toEqual([]);
  });
  it('reads a table without a header and pads numeric ids', () => {
    expect(rowsOf('7,11\n12,8\n')).toEqual([
      ['clone07', 11],
      ['clone12', 8],
    ]);
  });
  it('handles BOM, CRLF, semicolons with decimal commas, and tabs', () => {
    expect(rowsOf('\uFEFFclone;potency\r\nclone03;7,25\r\nclone04;10\r\n')).toEqual([
      ['clone03', 7.25],
      ['clone04', 10],
    ]);
    expect(rowsOf('Well\tSerial passage limit\nA1\t13\nB2\t9\n')).toEqual([
      ['A1', 13],
      ['B2', 9],
    ]);
  });
  it('handles quoted fields with delimiters, quotes and line breaks', () => {
    const t = parsePotencyCsv(
      '"clone","potency","notes"\n"clone05","8","slow, ""odd"" colony\nsecond line"\nclone06,9,\n',
    );
    expect(t.rows).toEqual([
      { clone: 'clone05', potency: 8, line: 2 },
      { clone: 'clone06', potency: 9, line: 4 },
    ]);
    expect(t.problems).toEqual([]);
  });
  it('finds the columns by header name when there are extra columns', () => {
    expect(rowsOf('group,potency,clone id\nREC,10,clone01\nbulk,,clone02\n')).toEqual([
      ['clone01', 10],
      ['clone02', null],
    ]);
  });
  it('treats blanks and NA as to-be-predicted without a problem', () => {
    const t = parsePotencyCsv('clone,potency\nclone01,\nclone02,NA\nclone03\n\n');
    expect(t.rows.map((r) => r.potency)).toEqual([null, null, null]);
    expect(t.problems).toEqual([]);
  });
  it('reports non-numbers, negative numbers, missing ids and repeats by line', () => {
    const t = parsePotencyCsv(
      'clone,potency\nclone01,ten\nclone02,-3\n,9\nclone04,10\nClone4,11\n',
    );
    expect(t.rows).toEqual([{ clone: 'clone04', potency: 10, line: 5 }]);
    expect(t.problems).toEqual([
      { line: 2, message: "line 2: potency 'ten' for clone01 is not a number" },
      { line: 3, message: 'line 3: potency -3 for clone02 is negative' },
      { line: 4, message: "line 4: no clone id (potency '9')" },
      {
        line: 6,
        message: 'line 6: Clone4 was already given on line 5; this line is ignored',
      },
    ]);
  });
  it('a non-header first line with a bad value is reported, not dropped', () => {
    const t = parsePotencyCsv('clone01,x\nclone02,9\n');
    expect(t.problems).toEqual([
      { line: 1, message: "line 1: potency 'x' for clone01 is not a number" },
    ]);
    expect(t.rows).toEqual([{ clone: 'clone02', potency: 9, line: 2 }]);
  });
  it('an empty text gives no rows and no problems', () => {
    expect(parsePotencyCsv('')).toEqual({ rows: [], problems: [] });
  });
});

describe('matchPotencies', () => {
  it('assigns by id ignoring case and leading zeros, and lists the rest', () => {
    const { rows } = parsePotencyCsv('clone,potency\n7,11\nClone08,\nclone99,9\nA1,10\n');
    expect(matchPotencies(rows, ['clone07', 'clone08', 'clone09', 'a01'])).toEqual({
      assigned: [
        { clone: 'clone07', potency: 11 },
        { clone: 'clone08', potency: null },
        { clone: 'a01', potency: 10 },
      ],
      unknown: ['clone99'],
      unlisted: ['clone09'],
    });
  });
});
