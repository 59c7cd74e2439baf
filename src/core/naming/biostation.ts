/**
 * Nikon BioStation CT exports PNG tiles beside `micro.csv`: UTF-16, tab-separated, one row per tile
 * with `File Name`, `Time Stamp`, `Position X(um)`, `Position Y(um)` and `Filter(Ch)`. The tiles'
 * names carry nothing reliable; time, stage position and channel come from this table.
 */
import { detectDelimiter, readNumber, readRecords } from './potencyCsv';
import { parseWallClock } from './timeText';

/** Text of a metadata file: UTF-16 LE/BE by byte-order mark (or by its zero bytes), else UTF-8. */
export function decodeText(bytes: Uint8Array): string {
  const b = bytes;
  const utf16 = (offset: number, littleEndian: boolean) => {
    let s = '';
    for (let i = offset; i + 1 < b.length; i += 2)
      s += String.fromCharCode(littleEndian ? b[i]! | (b[i + 1]! << 8) : (b[i]! << 8) | b[i + 1]!);
    return s;
  };
  if (b[0] === 0xff && b[1] === 0xfe) return utf16(2, true);
  if (b[0] === 0xfe && b[1] === 0xff) return utf16(2, false);
  // Without a mark: ASCII text in UTF-16 has a zero in every other byte.
  if (b.length >= 4 && b[1] === 0 && b[3] === 0 && b[0] !== 0) return utf16(0, true);
  if (b.length >= 4 && b[0] === 0 && b[2] === 0 && b[1] !== 0) return utf16(0, false);
  return utf8(b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? b.subarray(3) : b);
}

function utf8(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length;) {
    const c = b[i]!;
    let code: number;
    let n: number;
    if (c < 0x80) [code, n] = [c, 1];
    else if (c >> 5 === 6) [code, n] = [((c & 0x1f) << 6) | (b[i + 1]! & 0x3f), 2];
    else if (c >> 4 === 14) [code, n] = [((c & 0x0f) << 12) | ((b[i + 1]! & 0x3f) << 6) | (b[i + 2]! & 0x3f), 3];
    else if (c >> 3 === 30)
      [code, n] = [((c & 0x07) << 18) | ((b[i + 1]! & 0x3f) << 12) | ((b[i + 2]! & 0x3f) << 6) | (b[i + 3]! & 0x3f), 4];
    else [code, n] = [0xfffd, 1];
    s += String.fromCodePoint(code);
    i += n;
  }
  return s;
}

export interface MicroRow {
  fileName: string;
  timeMs: number;
  xUm: number;
  yUm: number;
  channel: string | null;
  well: string | null;
  line: number;
}

export interface MicroTable {
  rows: MicroRow[];
  problems: { line: number; message: string }[];
}

const norm = (h: string) => h.trim().toLowerCase().replace(/\s+/g, ' ');

/** True when a table's header has BioStation's File Name and Time Stamp columns. */
export function looksLikeMicroCsv(text: string): boolean {
  const body = text.replace(/^\uFEFF/, '');
  const header = readRecords(body, detectDelimiter(body))[0]?.cells.map(norm) ?? [];
  return header.includes('file name') && header.includes('time stamp');
}

/** Reads micro.csv; rows it cannot use are reported with their line. */
export function parseMicroCsv(text: string): MicroTable {
  const body = text.replace(/^\uFEFF/, '');
  const delimiter = detectDelimiter(body);
  const records = readRecords(body, delimiter).filter((r) => r.cells.some((c) => c.trim() !== ''));
  const header = (records.shift()?.cells ?? []).map(norm);
  const at = (...names: string[]) => header.findIndex((h) => names.includes(h));
  const col = {
    file: at('file name'),
    time: at('time stamp'),
    x: at('position x(um)', 'position x (um)', 'position x'),
    y: at('position y(um)', 'position y (um)', 'position y'),
    channel: at('filter(ch)', 'filter (ch)', 'filter'),
    well: at('well', 'well name'),
  };
  const rows: MicroRow[] = [];
  const problems: MicroTable['problems'] = [];
  const missing = (['file', 'time', 'x', 'y'] as const).filter((k) => col[k] < 0);
  if (missing.length > 0) {
    problems.push({
      line: 1,
      message: `line 1: micro.csv lacks the column${missing.length > 1 ? 's' : ''} ${missing
        .map((k) => ({ file: 'File Name', time: 'Time Stamp', x: 'Position X(um)', y: 'Position Y(um)' })[k])
        .join(', ')}`,
    });
    return { rows, problems };
  }
  for (const { line, cells } of records) {
    const cell = (i: number) => (i < 0 ? '' : (cells[i] ?? '').trim());
    const fileName = cell(col.file);
    const timeMs = parseWallClock(cell(col.time));
    const xUm = readNumber(cell(col.x), delimiter);
    const yUm = readNumber(cell(col.y), delimiter);
    if (fileName === '') problems.push({ line, message: `line ${line}: no file name` });
    else if (!Number.isFinite(timeMs))
      problems.push({
        line,
        message: `line ${line}: time stamp '${cell(col.time)}' of ${fileName} is not a date and time`,
      });
    else if (!Number.isFinite(xUm) || !Number.isFinite(yUm))
      problems.push({
        line,
        message: `line ${line}: position '${cell(col.x)}', '${cell(col.y)}' of ${fileName} is not a number`,
      });
    else
      rows.push({ fileName, timeMs, xUm, yUm, channel: cell(col.channel) || null, well: cell(col.well) || null, line });
  }
  return { rows, problems };
}
