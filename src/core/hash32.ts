/** Small non-cryptographic 32-bit hashing: the demo's random streams and the CLI's shard assignment. */

/** 32-bit FNV-1a over the text's UTF-16 code units, continuing from `h`. */
export function fnv1a(text: string, h = 0x811c9dc5): number {
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h;
}

/** The murmur3 finaliser: spreads the bits of `h` so that near-identical inputs land far apart. */
export function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
