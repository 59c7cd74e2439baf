/** Per-cell descriptors as CSV, in the reference's format (shared/reference/README.md §1). */
import { DESCRIPTORS } from '../experiment';
import type { CellMeasurements } from './measure';

export const DESCRIPTOR_COLUMNS = ['label', ...DESCRIPTORS] as const;

/**
 * `label,area,perimeter,…` with one row per cell; integers as integers, other values as C's
 * `%.10g` (10 significant digits, trailing zeros dropped), undefined values as `NaN`.
 */
export function cellsToCsv(m: CellMeasurements): string {
  const k = DESCRIPTORS.length;
  const lines = [DESCRIPTOR_COLUMNS.join(',')];
  for (let r = 0; r < m.cellCount; r++) {
    const cells = [String(m.labelIds[r]!)];
    for (let d = 0; d < k; d++) cells.push(formatG10(m.values[r * k + d]!));
    lines.push(cells.join(','));
  }
  return lines.join('\n') + '\n';
}

/** C's `%.10g`: fixed notation for exponents −4…9, otherwise d.ddde±XX; no trailing zeros. */
export function formatG10(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? 'Infinity' : '-Infinity';
  if (Number.isInteger(v) && Math.abs(v) < 1e10) return String(v);
  const [mantissa, expText] = v.toExponential(9).split('e') as [string, string];
  const exp = Number(expText);
  if (exp < -4 || exp >= 10) {
    const m = stripZeros(mantissa);
    return `${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  return stripZeros(v.toFixed(9 - exp));
}

function stripZeros(s: string): string {
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}
