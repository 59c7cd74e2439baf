/**
 * `merge OUT_1 … OUT_N --out OUT`: joins the shards of `analyze DIR --out OUT_I --shard I/N` into
 * what one unsharded `analyze DIR --out OUT` writes — profiles.csv, image_stats.json, qc.csv,
 * cells/ and manifest.json, byte for byte (docs/cluster.md). Each image is analysed in exactly one
 * shard, so its statistics are copied, not recomputed; the profiles are then pooled by the same
 * code and in the same order as an unsharded run.
 *
 * It refuses, naming the folder, shard or image, when: a shard is missing or given twice, an image
 * is missing or in two shards, the shards were made with other parameters, method, model, naming
 * pattern or app version, or were cut from another set of images, or a shard's files disagree with
 * its manifest.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs, stringOption } from '../args';
import { parseImageStatsFile, type ImageStatsFile, type ImageStatsRecord } from '../../core/profiles';
import { analysisFiles, cellFileName } from '../../core/profiles/analysisFiles';
import { byAddress, checkShards, manifestText, mergedManifest, parseManifest, type GivenShard } from '../../core/sharding/manifest';
import { shardLabel } from '../../core/sharding/assign';

export const usage = 'merge OUT_1 … OUT_N --out OUT   join the shards of analyze --shard I/N into one analysis (checked: every image once, same settings)';

interface ReadShard extends GivenShard {
  path: string;
  stats: ImageStatsFile;
}

export async function run(args: string[]): Promise<number> {
  const parsed = parseArgs(args, [], ['out']);
  const out = stringOption(parsed, 'out');
  const dirs = parsed.positional;
  if (!out || dirs.length === 0) {
    console.error(`usage: npm run cli -- ${usage}`);
    return 2;
  }
  const outDir = resolve(out);
  const refuse = (problems: string[]) => {
    for (const p of problems) console.error(`merge: ${p}`);
    console.error(`merge refused (${problems.length} problem${problems.length === 1 ? '' : 's'}); nothing written to ${out}`);
    return 1;
  };
  if (dirs.some((d) => resolve(d) === outDir)) return refuse([`--out ${out} is one of the shard folders; write the merge elsewhere`]);

  const shards: ReadShard[] = [];
  const unreadable: string[] = [];
  for (const dir of dirs) {
    try {
      shards.push(readShard(dir));
    } catch (err) {
      unreadable.push(err instanceof Error ? err.message : String(err));
    }
  }
  if (unreadable.length > 0) return refuse(unreadable);

  const problems = checkShards(shards);
  if (problems.length > 0) return refuse(problems);
  problems.push(...checkShardFiles(shards));
  if (problems.length > 0) return refuse(problems);

  const records = shards.flatMap((s) => s.stats.images).sort(byAddress);
  const first = shards[0]!;
  const potency = first.stats.potency ? new Map(Object.entries(first.stats.potency)) : undefined;
  const files = analysisFiles(records, first.stats.provenance, potency);
  mkdirSync(join(outDir, 'cells'), { recursive: true });
  for (const s of shards)
    for (const r of s.stats.images) copyFileSync(join(s.path, 'cells', cellFileName(r)), join(outDir, 'cells', cellFileName(r)));
  writeFileSync(join(outDir, 'image_stats.json'), files.imageStats);
  writeFileSync(join(outDir, 'profiles.csv'), files.profilesCsv);
  writeFileSync(join(outDir, 'qc.csv'), files.qcCsv);
  const manifest = mergedManifest(shards);
  writeFileSync(join(outDir, 'manifest.json'), manifestText(manifest));

  // The images a shard could not analyse, as an unsharded run lists them.
  const failed = manifest.images.filter((im) => im.error !== undefined);
  for (const im of failed) console.error(`${im.file}: ${im.error}`);
  const cells = records.reduce((sum, r) => sum + r.cellCount, 0);
  console.error(
    `merged ${shards.length} shards (${shards.map((s) => `${s.dir} = ${shardLabel(s.manifest.shard)}`).join(', ')}): ` +
      `${records.length} of ${manifest.listing.length} images analysed (${cells} cells), ${failed.length} could not be\n` +
      `wrote ${files.profiles.clones.length} profiles × ${files.profiles.columns.length} columns → ${join(outDir, 'profiles.csv')}`,
  );
  return 0;
}

function readShard(dir: string): ReadShard {
  const path = resolve(dir);
  const manifestPath = join(dir, 'manifest.json');
  const statsPath = join(dir, 'image_stats.json');
  if (!existsSync(path)) throw new Error(`${dir}: no such folder`);
  if (!existsSync(manifestPath)) throw new Error(`${manifestPath}: missing; ${dir} is not a folder written by \`analyze\` (with --shard)`);
  if (!existsSync(statsPath)) throw new Error(`${statsPath}: missing; did the shard finish?`);
  const manifest = parseManifest(readFileSync(manifestPath, 'utf8'), manifestPath);
  let stats: ImageStatsFile;
  try {
    stats = parseImageStatsFile(readFileSync(statsPath, 'utf8')).file;
  } catch (err) {
    throw new Error(`${statsPath}: ${err instanceof Error ? err.message : String(err)}`);
  }
  return { dir, path, manifest, stats };
}

/** Each shard's image_stats.json and cells/ hold exactly the images its manifest says were analysed, and the shards agree on the experiment. */
function checkShardFiles(shards: ReadShard[]): string[] {
  const problems: string[] = [];
  const first = shards[0]!;
  const settings = (s: ReadShard) => JSON.stringify({ pattern: s.stats.provenance.pattern, params: s.stats.provenance.segmentationParams });
  for (const s of shards.slice(1)) {
    if (settings(s) !== settings(first))
      problems.push(`${join(s.dir, 'image_stats.json')}: other pattern or segmentation parameters than ${join(first.dir, 'image_stats.json')}`);
    if (JSON.stringify(s.stats.potency ?? null) !== JSON.stringify(first.stats.potency ?? null))
      problems.push(`${join(s.dir, 'image_stats.json')}: other potencies (potency.csv) than ${join(first.dir, 'image_stats.json')}; was potency.csv changed between shards?`);
  }
  for (const s of shards) {
    const byFile = new Map<string, ImageStatsRecord>();
    for (const r of s.stats.images) {
      if (byFile.has(r.file)) problems.push(`${join(s.dir, 'image_stats.json')}: image ${r.file} twice`);
      byFile.set(r.file, r);
    }
    const analysed = new Set<string>();
    for (const im of s.manifest.images) {
      if (im.error !== undefined) continue;
      analysed.add(im.file);
      const r = byFile.get(im.file);
      if (!r) problems.push(`${s.dir}: image ${im.file} is missing from image_stats.json (the manifest says it was analysed)`);
      else if (!existsSync(join(s.path, 'cells', cellFileName(r))))
        problems.push(`${s.dir}: image ${im.file} has no cell table cells/${cellFileName(r)}`);
    }
    for (const r of s.stats.images)
      if (!analysed.has(r.file)) problems.push(`${s.dir}: image ${r.file} is in image_stats.json but not in the shard's manifest`);
  }
  return problems;
}
