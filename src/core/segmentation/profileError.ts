/**
 * How far a field's profile moves when its cells come from a segmentation instead of hand-drawn
 * outlines: the mean, over the 24 profile values (mean and SD of the 12 descriptors, interior
 * cells on both sides), of |predicted − hand-drawn| / |hand-drawn|.
 */
import type { CV } from '../cv';
import type { Grey8 } from '../experiment';
import { measureCells } from '../descriptors/measure';
import { statsToMeanSd, summarize } from '../descriptors/sufficientStats';
import { borderLabels } from './masks';
import type { LabelImage } from './score';

function interiorProfile(cv: CV, image: Grey8, labels: LabelImage): Float64Array {
  const drop = borderLabels(labels, image.width, image.height);
  const kept = new Int32Array(labels.length);
  for (let i = 0; i < labels.length; i++) {
    const v = labels[i]!;
    if (v !== 0 && !drop.has(v)) kept[i] = v;
  }
  const m = measureCells(cv, image, kept);
  const { mean, sd } = statsToMeanSd(summarize(m.values));
  return Float64Array.from([...mean, ...sd]);
}

export function profileError(cv: CV, image: Grey8, predicted: LabelImage, truth: LabelImage): { error: number; values: number } {
  const p = interiorProfile(cv, image, predicted);
  const t = interiorProfile(cv, image, truth);
  let sum = 0;
  let k = 0;
  for (let i = 0; i < t.length; i++) {
    if (!Number.isFinite(t[i]!) || t[i] === 0) continue;
    // A profile value the prediction cannot give (no cells) counts as 100 % off.
    sum += Number.isFinite(p[i]!) ? Math.abs(p[i]! - t[i]!) / Math.abs(t[i]!) : 1;
    k++;
  }
  return { error: k > 0 ? sum / k : NaN, values: k };
}
