/**
 * The shard manifest (`OUT/manifest.json`) that `analyze` writes beside its statistics, and the
 * checks `merge` makes before it trusts a set of shards: the same parameters, method, model, app
 * version and naming pattern; every shard 1 … N once; every image of the folder in exactly one
 * shard. Each problem is one sentence naming the folder, the shard or the image.
 */
import { naturalOrder } from '../profiles/build';
import { shardLabel, shardOf, type Shard } from './assign';

export const MANIFEST_FORMAT = 'potency-workbench/shard-manifest';
export const MANIFEST_VERSION = 1;

export interface ManifestImage {
  /** Path relative to the analysed folder, with `/`. */
  file: string;
  /** SHA-256 of the file's bytes, lowercase hex. */
  sha256: string;
  /** Page of a multi-page TIFF (0 otherwise); `file` then ends in ` [label]` after the file's path. */
  page?: number;
  clone: string;
  timeH: number;
  fov: number;
  /** Cells found; absent when the image could not be analysed. */
  cells?: number;
  /** Why the image could not be analysed (it is then left out, as in an unsharded run). */
  error?: string;
}

export interface ShardManifest {
  format: typeof MANIFEST_FORMAT;
  version: typeof MANIFEST_VERSION;
  appVersion: string;
  shard: Shard;
  method: string;
  /** The segmentation network (learned method), null for the classical one. */
  model: { name: string; sha256: string } | null;
  paramsHash: string;
  pattern: string;
  /** Every image path of the folder the shards were cut from (all shards), in natural order. */
  listing: string[];
  /** This shard's images, in address order (clone, time, FOV). */
  images: ManifestImage[];
}

export type ManifestInput = Omit<ShardManifest, 'format' | 'version'>;

/** Clone (natural order), then time, then FOV: the order of `analyze`'s outputs. */
export function byAddress(a: { clone: string; timeH: number; fov: number }, b: { clone: string; timeH: number; fov: number }): number {
  return naturalOrder(a.clone, b.clone) || a.timeH - b.timeH || a.fov - b.fov;
}

export function buildManifest(input: ManifestInput): ShardManifest {
  return {
    format: MANIFEST_FORMAT,
    version: MANIFEST_VERSION,
    appVersion: input.appVersion,
    shard: { index: input.shard.index, count: input.shard.count },
    method: input.method,
    model: input.model,
    paramsHash: input.paramsHash,
    pattern: input.pattern,
    listing: [...input.listing],
    images: [...input.images].sort(byAddress),
  };
}

export function manifestText(m: ShardManifest): string {
  return JSON.stringify(m, null, 1) + '\n';
}

/** Reads a manifest; throws naming `name` and what is wrong. */
export function parseManifest(text: string, name: string): ShardManifest {
  let raw: Partial<ShardManifest>;
  try {
    raw = JSON.parse(text) as Partial<ShardManifest>;
  } catch {
    throw new Error(`${name}: not JSON, so not a shard manifest written by \`analyze\``);
  }
  if (raw.format !== MANIFEST_FORMAT) throw new Error(`${name}: not a shard manifest written by \`analyze\``);
  if (raw.version !== MANIFEST_VERSION)
    throw new Error(`${name}: manifest version ${String(raw.version)}, this app reads version ${MANIFEST_VERSION}`);
  const s = raw.shard;
  if (!s || !Number.isInteger(s.index) || !Number.isInteger(s.count) || s.index < 1 || s.index > s.count)
    throw new Error(`${name}: the shard number is missing or not I/N with 1 ≤ I ≤ N`);
  if (!Array.isArray(raw.listing) || !Array.isArray(raw.images)) throw new Error(`${name}: no image listing`);
  for (const [i, im] of raw.images.entries())
    if (typeof im?.file !== 'string' || typeof im.clone !== 'string' || typeof im.sha256 !== 'string')
      throw new Error(`${name}: image ${i + 1} has no file, clone or content hash`);
  return raw as ShardManifest;
}

export interface GivenShard {
  /** The folder, as the user gave it (used in messages). */
  dir: string;
  manifest: ShardManifest;
}

const AGREE: { key: keyof ShardManifest; what: string }[] = [
  { key: 'paramsHash', what: 'segmentation parameters (hash)' },
  { key: 'method', what: 'segmentation method' },
  { key: 'model', what: 'segmentation model' },
  { key: 'appVersion', what: 'app version' },
  { key: 'pattern', what: 'naming pattern' },
];

function shown(v: unknown): string {
  if (v && typeof v === 'object' && 'sha256' in v) {
    const m = v as { name: string; sha256: string };
    return `${m.name} sha256 ${m.sha256.slice(0, 16)}…`;
  }
  return JSON.stringify(v);
}

/** Names at most `max` items, then how many more. */
function list(items: string[], max = 10): string {
  return items.length <= max ? items.join(', ') : `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

/**
 * Everything that stops a merge, one sentence each; empty when the shards fit together. They must
 * agree with the first shard given on everything that changes the numbers, be shards 1 … N of one N
 * each exactly once, be cut from the same listing, and hold every listed image exactly once.
 */
export function checkShards(shards: GivenShard[]): string[] {
  const problems: string[] = [];
  const first = shards[0];
  if (!first) return ['no shard folders given'];
  const ref = first.manifest;
  for (const s of shards.slice(1))
    for (const { key, what } of AGREE)
      if (JSON.stringify(s.manifest[key]) !== JSON.stringify(ref[key]))
        problems.push(
          `${s.dir}: other ${what} than ${first.dir} (${shown(s.manifest[key])} against ${shown(ref[key])}); shards of one analysis must be made with the same settings`,
        );

  const count = ref.shard.count;
  const byIndex = new Map<number, string[]>();
  for (const s of shards) {
    if (s.manifest.shard.count !== count) {
      problems.push(`${s.dir}: shard ${shardLabel(s.manifest.shard)}, but ${first.dir} is one of ${count} shards`);
      continue;
    }
    byIndex.set(s.manifest.shard.index, [...(byIndex.get(s.manifest.shard.index) ?? []), s.dir]);
  }
  for (const [index, dirs] of byIndex)
    if (dirs.length > 1) problems.push(`shard ${index}/${count} given ${dirs.length} times: ${dirs.join(', ')}`);
  const listing = ref.listing;
  const missingShards: number[] = [];
  for (let i = 1; i <= count; i++) if (!byIndex.has(i)) missingShards.push(i);
  if (problems.length > 0) return problems;
  for (const i of missingShards) {
    const its = listing.filter((f) => shardOf(f, count) === i);
    problems.push(`shard ${i}/${count} is missing (not among the folders given): ${its.length} image${its.length === 1 ? '' : 's'} not merged${its.length ? `: ${list(its)}` : ''}`);
  }

  const refListing = listing.join('\n');
  for (const s of shards.slice(1))
    if (s.manifest.listing.join('\n') !== refListing) {
      const a = new Set(listing);
      const b = new Set(s.manifest.listing);
      const onlyA = listing.filter((f) => !b.has(f));
      const onlyB = s.manifest.listing.filter((f) => !a.has(f));
      problems.push(
        `${s.dir} was cut from another set of images than ${first.dir} (${s.manifest.listing.length} against ${listing.length} images` +
          (onlyB.length ? `; only in ${s.dir}: ${list(onlyB)}` : '') +
          (onlyA.length ? `; only in ${first.dir}: ${list(onlyA)}` : '') +
          '); was the folder changed between shards?',
      );
    }
  if (problems.length > 0) return problems;

  // Every listed image exactly once, in the shard the assignment gives it.
  const seen = new Map<string, string>();
  const listed = new Set(listing);
  for (const s of shards)
    for (const im of s.manifest.images) {
      const before = seen.get(im.file);
      if (before !== undefined) problems.push(`image ${im.file} is in two shards: ${before} and ${s.dir}`);
      else seen.set(im.file, s.dir);
      if (!listed.has(im.file)) problems.push(`${s.dir}: image ${im.file} is not in the folder's listing`);
      else if (shardOf(im.file, count) !== s.manifest.shard.index)
        problems.push(`${s.dir}: image ${im.file} belongs to shard ${shardOf(im.file, count)}/${count}, not ${shardLabel(s.manifest.shard)}`);
    }
  const missing = listing.filter((f) => !seen.has(f) && !missingShards.includes(shardOf(f, count)));
  for (const f of missing) problems.push(`image ${f} is missing: shard ${shardOf(f, count)}/${count} does not list it`);
  return problems;
}

/** The manifest of the merged analysis: that of an unsharded run over the same images. */
export function mergedManifest(shards: GivenShard[]): ShardManifest {
  const ref = shards[0]!.manifest;
  return buildManifest({ ...ref, shard: { index: 1, count: 1 }, images: shards.flatMap((s) => s.manifest.images) });
}
