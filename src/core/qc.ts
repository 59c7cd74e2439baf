/**
 * Quality control of a batch run before aggregation: cells per field, with empty fields and fields
 * far from their clone's typical count flagged (CellProfiler users ask for exactly this).
 */
import { quantile } from './stats';

export interface QcField {
  id: string;
  clone: string;
  timeH: number;
  fov: number;
  fileName: string;
  cells: number;
}

export interface QcRow extends QcField {
  /** Median cells per field of the same clone (all its time points). */
  cloneMedian: number;
  flag: string | null;
}

/** A field is flagged when it has no cells, or 10× more or fewer than its clone's median. */
export const QC_FOLD = 10;

export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

export function flagFields(fields: readonly QcField[]): QcRow[] {
  const byClone = new Map<string, number[]>();
  for (const f of fields) {
    const list = byClone.get(f.clone);
    if (list) list.push(f.cells);
    else byClone.set(f.clone, [f.cells]);
  }
  const medians = new Map([...byClone].map(([c, v]) => [c, median(v)]));
  return fields.map((f) => {
    const cloneMedian = medians.get(f.clone)!;
    let flag: string | null = null;
    if (f.cells === 0) flag = 'no cells found';
    else if (cloneMedian > 0 && f.cells >= QC_FOLD * cloneMedian) flag = `${QC_FOLD}× the clone's median or more`;
    else if (cloneMedian > 0 && f.cells * QC_FOLD <= cloneMedian) flag = `a ${QC_FOLD}th of the clone's median or less`;
    return { ...f, cloneMedian, flag };
  });
}
