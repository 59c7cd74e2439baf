/**
 * Which fields of view (FOVs) of a well enter its profile.
 *
 * A FOV is a stage position: the microscope returns to it at every time point, so a choice of FOVs
 * is made once per clone and used at every time point of that clone. Both choices are seeded and
 * keyed by (seed, clone[, replicate]), so they do not depend on which other clones, windows or
 * subset sizes are computed, nor in which order.
 *
 * Subsets are nested: each clone gets one seeded permutation of its FOVs and a subset of size k is
 * its first k entries, so the k + 1 subset is the k subset plus one FOV. Profiles along the FOV
 * axis of the window × FOV-count grid therefore change by adding images, not by re-drawing them.
 */
import { forkRandom } from '../demo/random';

function sortedUnique(available: readonly number[]): number[] {
  return [...new Set(available)].sort((a, b) => a - b);
}

/** The clone's FOVs in a seeded order; `selectFovs` takes prefixes of it. */
export function fovPermutation(available: readonly number[], seed: number, clone: string): number[] {
  return forkRandom(seed, 'fov-subset', clone).shuffle(sortedUnique(available));
}

/**
 * A seeded subset of k of the clone's FOVs (all of them when k ≥ their number), in increasing order.
 * Nested in k for a fixed (seed, clone).
 */
export function selectFovs(available: readonly number[], k: number, seed: number, clone: string): number[] {
  if (!(k >= 0)) throw new RangeError(`FOV count must be ≥ 0, got ${k}`);
  return fovPermutation(available, seed, clone)
    .slice(0, Math.floor(k))
    .sort((a, b) => a - b);
}

/**
 * A bootstrap resample of the clone's FOVs: `size` draws (default: as many as there are FOVs), with
 * replacement, in increasing order (a FOV drawn twice appears twice and its cells count twice).
 * Keyed by (seed, clone, replicate). A smaller size asks how robust a k-FOV protocol is.
 */
export function bootstrapFovs(available: readonly number[], seed: number, clone: string, replicate: number, size?: number): number[] {
  const fovs = sortedUnique(available);
  const random = forkRandom(seed, 'fov-bootstrap', clone, replicate);
  const n = Math.max(0, Math.floor(size ?? fovs.length));
  const drawn = new Array<number>(n);
  for (let i = 0; i < n; i++) drawn[i] = fovs[random.int(fovs.length)]!;
  return drawn.sort((a, b) => a - b);
}
