/**
 * A sharded + merged analysis made openable in the browser: `import-analysis OUT` writes a back-up
 * that the app's restore (storage/backup.ts importExperiment, here on fake-indexeddb) reads into an
 * experiment whose stored statistics are those of image_stats.json and give the same profiles.
 */
import 'fake-indexeddb/auto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProfiles, indexImageStats, lastTimePoint, parseImageStatsFile, profilesToCsv } from '../core/profiles';
import { mergeParams, paramsHash } from '../core/segmentation/params';
import { BACKUP_FORMAT as APP_FORMAT, BACKUP_VERSION as APP_VERSION, importExperiment } from '../storage/backup';
import { openWorkbenchDb } from '../storage/db';
import { getExperiment, getMeasurement, listClones, listImageStats, listImages } from '../storage/repository';
import { run as analyze } from './commands/analyze';
import { run as demo } from './commands/demo';
import { BACKUP_FORMAT, BACKUP_VERSION, run as importAnalysis } from './commands/import-analysis';
import { run as merge } from './commands/merge';
import { quiet } from '../testing/quietCli';

const root = mkdtempSync(join(tmpdir(), 'merge-import-'));
const input = join(root, 'demo');
const merged = join(root, 'merged');
afterAll(() => rmSync(root, { recursive: true, force: true }));


describe('import-analysis of a merged cluster analysis', () => {
  beforeAll(async () => {
    expect((await quiet(() => demo(['--out', input, '--clones', '3', '--fovs', '2', '--size', '256']))).code).toBe(0);
    for (const i of [1, 2])
      expect((await quiet(() => analyze([input, '--out', join(root, `s${i}`), '--shard', `${i}/2`, '--workers', '1']))).code).toBe(0);
    expect((await quiet(() => merge([join(root, 's1'), join(root, 's2'), '--out', merged]))).code).toBe(0);
  }, 120_000);

  it('writes the format the app restores', () => {
    expect(BACKUP_FORMAT).toBe(APP_FORMAT);
    expect(BACKUP_VERSION).toBe(APP_VERSION);
  });

  it('refuses a single shard', async () => {
    const r = await quiet(() => importAnalysis([join(root, 's1')]));
    expect(r.code).toBe(1);
    expect(r.errors[0]).toContain('is shard 1/2 only; merge the shards first');
  });

  it('restores as an experiment with the statistics, cells, potencies and images of the analysis', async () => {
    const file = join(root, 'analysis.pwexp');
    const r = await quiet(() => importAnalysis([merged, '--out', file, '--name', 'Cluster run']));
    expect(r.code, r.errors.join('\n')).toBe(0);
    const db = await openWorkbenchDb(`merge-import-${process.pid}`);
    const id = await importExperiment(db, new Blob([readFileSync(file)]).stream(), 'analysis.pwexp');
    const experiment = (await getExperiment(db, id))!;
    expect(experiment.name).toBe('Cluster run (restored)');
    const hash = paramsHash(mergeParams(experiment.segmentationParams));
    const { file: stats, images: statImages, potency } = parseImageStatsFile(readFileSync(join(merged, 'image_stats.json'), 'utf8'));
    expect(hash).toBe(stats.provenance.segmentationParamsHash);

    const clones = await listClones(db, id);
    expect(clones.map((c) => [c.id, c.potency])).toEqual([...potency!.entries()]);
    const demoJson = JSON.parse(readFileSync(join(input, 'demo.json'), 'utf8')) as { clones: { id: string; group: string }[] };
    expect(clones.map((c) => ({ id: c.id, group: c.group }))).toEqual(demoJson.clones);
    const images = await listImages(db, id);
    expect(images).toHaveLength(90);
    expect(images.every((im) => im.width === 256 && /^[0-9a-f]{64}$/.test(im.contentHash))).toBe(true);

    // The statistics Explore and Models read are image_stats.json's, so they give profiles.csv again.
    const restored = await listImageStats(db, id, hash);
    expect(restored).toHaveLength(90);
    const byAddress = new Map(images.map((im) => [im.id, im]));
    const again = restored.map((s) => {
      const im = byAddress.get(s.id)!;
      return { clone: im.clone, timeH: im.timeH, fov: im.fov, stats: { n: Float64Array.from(s.n), mean: Float64Array.from(s.mean), m2: Float64Array.from(s.m2) } };
    });
    const index = indexImageStats(again);
    expect(profilesToCsv(buildProfiles(index, { windowEndH: lastTimePoint(index) }), potency)).toBe(readFileSync(join(merged, 'profiles.csv'), 'utf8'));
    expect(index.clones).toEqual(indexImageStats(statImages).clones);

    // Per-cell values come from cells/ (Float32, as the browser stores them).
    const first = images.find((im) => im.clone === 'clone01' && im.timeH === 90 && im.fov === 1)!;
    const m = (await getMeasurement(db, first.id))!;
    const cells = readFileSync(join(merged, 'cells', 'clone01_t090h_f01.csv'), 'utf8').trimEnd().split('\n').slice(1);
    expect(m.cellCount).toBe(cells.length);
    expect(cells.length).toBeGreaterThan(0);
    expect(new Float32Array(m.values)[0]).toBe(Math.fround(Number(cells[0]!.split(',')[4])));
  });
});
