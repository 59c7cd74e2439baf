import { describe, expect, it } from 'vitest';
import { scoreSegmentation } from './score';

/** Label image from rows of digits ('.' = 0). */
function img(rows: string[]): { data: Int32Array; width: number; height: number } {
  const width = rows[0]!.length;
  const data = new Int32Array(width * rows.length);
  rows.forEach((r, y) => [...r].forEach((c, x) => (data[y * width + x] = c === '.' ? 0 : Number(c))));
  return { data, width, height: rows.length };
}

describe('scoreSegmentation', () => {
  it('scores a perfect prediction as 1 everywhere, ignoring label numbering', () => {
    const t = img(['......', '.11.2.', '.11.2.', '......']);
    const p = img(['......', '.22.7.', '.22.7.', '......']);
    const s = scoreSegmentation(p.data, t.data, t.width, t.height);
    expect(s).toEqual({ dice: 1, precision: 1, recall: 1, f1: 1, tp: 2, fp: 0, fn: 0, predCount: 2, truthCount: 2 });
  });

  it('drops border-touching objects from both sides before scoring', () => {
    const t = img(['1.....', '1..22.', '...22.', '......']);
    const p = img(['......', '...33.', '...33.', '.....4']);
    const s = scoreSegmentation(p.data, t.data, t.width, t.height);
    expect(s.truthCount).toBe(1);
    expect(s.predCount).toBe(1);
    expect(s.dice).toBe(1);
    expect(s.f1).toBe(1);
  });

  it('counts a merged pair as one false positive and two misses', () => {
    // truth: two 2x2 cells; prediction: one 2x5 object covering both (IoU 4/10 each).
    const t = img(['.......', '.11.22.', '.11.22.', '.......']);
    const p = img(['.......', '.33333.', '.33333.', '.......']);
    const s = scoreSegmentation(p.data, t.data, t.width, t.height);
    expect(s.tp).toBe(0);
    expect(s.fp).toBe(1);
    expect(s.fn).toBe(2);
    expect(s.f1).toBe(0);
    expect(s.dice).toBeCloseTo((2 * 8) / (10 + 8), 12);
  });

  it('matches at IoU exactly 0.5 one-to-one, best IoU first', () => {
    // truth 1 (4 px) vs pred 5 (2 px inside it): IoU 0.5; pred 6 covers the other half: IoU 0.5.
    const t = img(['......', '.1111.', '......']);
    const p = img(['......', '.5566.', '......']);
    const s = scoreSegmentation(p.data, t.data, t.width, t.height);
    expect(s.tp).toBe(1);
    expect(s.fp).toBe(1);
    expect(s.fn).toBe(0);
    expect(s.precision).toBe(0.5);
    expect(s.recall).toBe(1);
    expect(s.f1).toBeCloseTo(2 / 3, 12);
  });

  it('rejects a match below IoU 0.5 and handles an empty prediction', () => {
    const t = img(['......', '.1111.', '.1111.', '......']);
    const p = img(['......', '.333..', '......', '......']);
    const s = scoreSegmentation(p.data, t.data, t.width, t.height);
    expect(s.tp).toBe(0);
    expect(s.dice).toBeCloseTo(6 / 11, 12);
    const empty = scoreSegmentation(new Int32Array(t.data.length), t.data, t.width, t.height);
    expect(empty).toMatchObject({ dice: 0, precision: 0, recall: 0, f1: 0, fn: 1, predCount: 0 });
  });
});
