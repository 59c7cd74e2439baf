import { describe, expect, it } from 'vitest';
import { analysisKey, inputsKey, isCurrent, storedInputs } from './analysisKey';

const inputs = (potency: [string, number | null][], over: Partial<{ paramsHash: string; images: number }> = {}) =>
  inputsKey({ experimentId: 'e1', paramsHash: over.paramsHash ?? 'abcd', images: over.images ?? 450, potency });

describe('stored analysis keys', () => {
  const now = inputs([['clone01', 1], ['clone02', null]]);
  const stored = analysisKey(now, { settings: { seed: 1, rfTrees: 500, models: ['lasso', 'rf'] }, replicates: 50 });

  it('a result from the same inputs is current, whatever options it was run with', () => {
    expect(storedInputs(stored)).toBe(now);
    expect(isCurrent(stored, now)).toBe(true);
    expect(isCurrent(analysisKey(now, { settings: { seed: 7 }, replicates: 10 }), now)).toBe(true);
  });

  it('inputs that only extend the stored ones are not the same (a prefix is not a match)', () => {
    // clone02's potency 1 → 12: the old `startsWith` took the stored key as current.
    const before = analysisKey(inputs([['clone01', 1], ['clone02', 12]]), { replicates: 50 });
    const after = inputs([['clone01', 1], ['clone02', 1]]);
    expect(before.startsWith(after)).toBe(true);
    expect(isCurrent(before, after)).toBe(false);
    expect(isCurrent(analysisKey(inputs([['clone01', 1]], { images: 4500 }), {}), inputs([['clone01', 1]], { images: 450 }))).toBe(false);
  });

  it('another parameters hash (another method or model) or image count is stale', () => {
    expect(isCurrent(stored, inputs([['clone01', 1], ['clone02', null]], { paramsHash: 'ffff' }))).toBe(false);
    expect(isCurrent(stored, inputs([['clone01', 1], ['clone02', null]], { images: 449 }))).toBe(false);
    expect(isCurrent('e1|abcd', 'e1|abcd')).toBe(false); // not a stored key at all
  });
});
