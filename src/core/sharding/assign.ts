/**
 * Which shard of `--shard I/N` an image belongs to: a hash of its path relative to the analysed
 * folder, so the assignment depends on the image alone — never on the order the folder is listed
 * in, on which other images are there, or on the machine. Shards are numbered from 1, as Slurm's
 * `SLURM_ARRAY_TASK_ID` of `--array=1-N`.
 */
import { fnv1a, mix32 } from '../hash32';

export interface Shard {
  /** 1 … count. */
  index: number;
  count: number;
}

/** The whole folder as one shard: what an unsharded `analyze` is. */
export const WHOLE: Shard = { index: 1, count: 1 };

/** Largest N accepted; a shard per image of a 480,000-field week is far below it. */
export const MAX_SHARDS = 100_000;

/** Reads `I/N`; throws with the reason (`--shard 0/2`, `3/2`, `x` are refused). */
export function parseShard(text: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!m) throw new Error(`--shard must be I/N with whole numbers, e.g. 1/4 (got "${text}")`);
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || count > MAX_SHARDS) throw new Error(`--shard ${text}: N must be 1 … ${MAX_SHARDS}`);
  if (index < 1 || index > count) throw new Error(`--shard ${text}: I must be 1 … ${count} (shards are numbered from 1)`);
  return { index, count };
}

export function shardLabel(s: Shard): string {
  return `${s.index}/${s.count}`;
}

/**
 * 32-bit FNV-1a over the path's UTF-16 code units, then the murmur3 finaliser so that paths that
 * differ in their last characters (f01, f02, …) still spread evenly over N.
 */
export function pathHash(path: string): number {
  return mix32(fnv1a(path));
}

/** The shard (1 … count) of the image at `relativePath` (with `/`, as `analyze` lists it). */
export function shardOf(relativePath: string, count: number): number {
  return (pathHash(relativePath) % count) + 1;
}
