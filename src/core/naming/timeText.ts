/**
 * Time written in file and folder names, in three kinds (docs/import.md):
 *  - elapsed since seeding: `030h`, `t030h`, `16h30m`, `02d16h00m` → hours;
 *  - a frame or time-point index (`t0005`, `T0005`, `TimePoint_5`, `sk5`) → times the interval;
 *  - wall-clock (`2023y01m05d_12h00m`, `2023-01-05T12:00`, `20230105_1200`, Incucyte archive
 *    folders `2301/05/1200`) → hours after a seeding time the user gives.
 * Wall-clock times are compared as written, on the imager's clock: a zone suffix (Z, +01:00) is
 * ignored on both sides, so a seeding time and an image time written the same way always agree.
 */

/**
 * Hours from an elapsed-time text: `030h`, `30h`, `t030`, `T006`, `6`, `7.5h`, or days/hours/minutes
 * (`00d06h00m` = 6, `01d12h30m` = 36.5, `06h30m` = 6.5). NaN when the text is none of these.
 */
export function parseTimeText(text: string): number {
  const dhm = /^(\d+)d(\d+)h(?:(\d+)m)?$/i.exec(text);
  if (dhm) return Number(dhm[1]) * 24 + Number(dhm[2]) + Number(dhm[3] ?? 0) / 60;
  const hm = /^t?(\d+)h(\d+)m$/i.exec(text);
  if (hm) return Number(hm[1]) + Number(hm[2]) / 60;
  const plain = /^t?(\d+(?:\.\d+)?)h?$/i.exec(text);
  return plain ? Number.parseFloat(plain[1]!) : Number.NaN;
}

/** The index of a frame text: `t0005`, `T5`, `0005` → 5. NaN otherwise. */
export function parseFrameText(text: string): number {
  const m = /^t?(\d+)$/i.exec(text);
  return m ? Number.parseInt(m[1]!, 10) : Number.NaN;
}

/** What a `{datetime}` token may look like (one name or folder; case is ignored). */
export const DATETIME_REGEX =
  '\\d{4}y\\d{2}m\\d{2}d_\\d{2}h\\d{2}m(?:\\d{2}s)?' +
  '|\\d{4}-\\d{2}-\\d{2}(?:[t_ ]\\d{2}[-:h.]?\\d{2}(?:[-:m.]?\\d{2}s?)?)?' +
  '|\\d{8}[t_-]?\\d{4}(?:\\d{2})?' +
  '|\\d{8}';

function clock(y: number, mo: number, d: number, h = 0, mi = 0, s = 0): number {
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 24 || mi > 59 || s > 60) return Number.NaN;
  return Date.UTC(y, mo - 1, d, h, mi, s);
}

/**
 * Milliseconds of a wall-clock text on a naive clock (as if UTC), or NaN: `2023y01m05d_12h00m`,
 * `2023-01-05`, `2023-01-05T12:00[:00]`, `2023-01-05_12-00-00`, `2023/01/05 12:00:00`,
 * `20230105_1200[00]`, `20230105`. A trailing zone (Z, +01:00) and fractions of seconds are ignored.
 */
export function parseWallClock(text: string): number {
  const t = text
    .trim()
    .replace(/(?:\.\d+)?(?:z|[+-]\d{2}:?\d{2})$/i, '')
    .trim();
  const inc = /^(\d{4})y(\d{2})m(\d{2})d_(\d{2})h(\d{2})m(?:(\d{2})s)?$/i.exec(t);
  if (inc) return clock(+inc[1]!, +inc[2]!, +inc[3]!, +inc[4]!, +inc[5]!, +(inc[6] ?? 0));
  const iso = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[t_ ]+(\d{1,2})[-:h.]?(\d{2})(?:[-:m.]?(\d{2})s?)?)?$/i.exec(t);
  if (iso) return clock(+iso[1]!, +iso[2]!, +iso[3]!, +(iso[4] ?? 0), +(iso[5] ?? 0), +(iso[6] ?? 0));
  const compact = /^(\d{4})(\d{2})(\d{2})(?:[t_-]?(\d{2})(\d{2})(\d{2})?)?$/i.exec(t);
  if (compact)
    return clock(+compact[1]!, +compact[2]!, +compact[3]!, +(compact[4] ?? 0), +(compact[5] ?? 0), +(compact[6] ?? 0));
  return Number.NaN;
}

/** The Incucyte archive's folders `YYMM/DD/HHMM` (2301/05/1200 = 2023-01-05 12:00) on the naive clock. */
export function archiveClock(yymm: string, dd: string, hhmm: string): number {
  if (!/^\d{4}$/.test(yymm) || !/^\d{1,2}$/.test(dd) || !/^\d{4}$/.test(hhmm)) return Number.NaN;
  return clock(
    2000 + Number(yymm.slice(0, 2)),
    Number(yymm.slice(2)),
    Number(dd),
    Number(hhmm.slice(0, 2)),
    Number(hhmm.slice(2)),
  );
}

/** `2023-01-05 12:00` for messages. */
export function formatWallClock(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}
