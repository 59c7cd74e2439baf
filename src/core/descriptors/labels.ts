/**
 * Which label ids a label image holds and where each one's sums go. Ids need not be contiguous
 * (tracked masks keep a cell's id across frames: 1, 2, 5, 105).
 */

/** A label image: 0 is background, any other value is one cell. */
export type LabelArray = Int32Array | Uint16Array | Uint32Array | Uint8Array;

/** Above this id the lookup table would cost more than 64 MB; no segmentation gets near it. */
const MAX_LABEL_ID = 1 << 24;

/** slotOf[id] for an id not seen yet: the pixel pass gives it the next free slot. */
export const UNSEEN = -1;
/** slotOf[id] for an id left out on purpose. */
export const SKIPPED = -2;

/**
 * A table from label id to accumulator slot. With `wanted`, those ids (sorted, deduplicated) get
 * slots 0…k−1 and every other id is SKIPPED; without it every id starts UNSEEN. Throws on negative
 * ids or ids above 2^24.
 */
export function slotTable(labels: LabelArray, wanted?: readonly number[]): Int32Array {
  let maxId = labels instanceof Uint8Array ? 255 : labels instanceof Uint16Array ? 65535 : 0;
  if (maxId === 0) {
    for (let i = 0; i < labels.length; i++) {
      const v = labels[i]!;
      if (v > maxId) maxId = v;
      else if (v < 0) throw new RangeError(`negative label id ${v} at pixel ${i}`);
    }
  }
  if (maxId > MAX_LABEL_ID) throw new RangeError(`label id ${maxId} is above ${MAX_LABEL_ID}`);
  if (!wanted) return new Int32Array(maxId + 1).fill(UNSEEN);
  for (const id of wanted) {
    if (!Number.isInteger(id) || id <= 0 || id > MAX_LABEL_ID)
      throw new RangeError(`label ids must be integers 1…${MAX_LABEL_ID}, got ${id}`);
  }
  const ids = Int32Array.from(new Set(wanted)).sort();
  const table = new Int32Array(Math.max(maxId, ids[ids.length - 1] ?? 0) + 1).fill(SKIPPED);
  ids.forEach((id, slot) => (table[id] = slot));
  return table;
}
