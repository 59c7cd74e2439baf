/**
 * `names` and `analyze` on the same vendor layouts (built in a temp dir): the JSON the issue names,
 * the readable table, the naming options, bad options named, and analyze reading the folder the
 * way names does (mapped clones, the phase channel kept, potencies from the plate map).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encode } from 'fast-png';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { makeDemoClones, renderDemoImage } from '../core/demo';
import { LAYOUTS, writeLayout } from '../testing/namingLayouts';
import { UsageError } from './args';
import { run as analyze } from './commands/analyze';
import { run as names } from './commands/names';

const root = mkdtempSync(join(tmpdir(), 'names-cli-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function capture(run: (args: string[]) => Promise<number>, args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  const error = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  try {
    const code = await run(args);
    return { code, out: out.join('\n'), err };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

interface NamesJson {
  preset: string;
  files: {
    path: string;
    ok: boolean;
    plate: string | null;
    well: string | null;
    clone: string | null;
    time_h: number | null;
    fov: number | null;
    channel: string | null;
    z: number | null;
    reason: string | null;
  }[];
  summary: { clones: number; time_points: number; fovs: number; skipped: number };
}

describe('npm run cli -- names', () => {
  const incucyte = join(root, 'incucyte');
  const harmony = join(root, 'harmony');
  beforeAll(() => {
    writeLayout(incucyte, LAYOUTS.incucyte!.files);
    writeLayout(harmony, LAYOUTS.harmony!.files);
  });

  it('--json prints exactly {preset, files: [{path, ok, plate, well, clone, time_h, fov, channel, z, reason}], summary}', async () => {
    const { code, out } = await capture(names, [incucyte, '--json']);
    expect(code).toBe(0);
    const json = JSON.parse(out) as NamesJson;
    expect(Object.keys(json)).toEqual(['preset', 'files', 'summary']);
    expect(json.preset).toBe('incucyte');
    for (const f of json.files)
      expect(Object.keys(f)).toEqual([
        'path',
        'ok',
        'plate',
        'well',
        'clone',
        'time_h',
        'fov',
        'channel',
        'z',
        'reason',
      ]);
    expect(json.summary).toEqual({ clones: 3, time_points: 2, fovs: 2, skipped: 13 });
    expect(json.files.find((f) => f.path === 'A172_Phase_B3_2_02d16h00m.tif')).toEqual({
      path: 'A172_Phase_B3_2_02d16h00m.tif',
      ok: true,
      plate: null,
      well: 'B3',
      clone: 'clone07',
      time_h: 64,
      fov: 2,
      channel: 'Phase',
      z: null,
      reason: null,
    });
    expect(json.files.find((f) => f.path === 'A172_Green_B3_2_02d16h00m.tif')).toMatchObject({
      ok: false,
      clone: 'clone07',
      reason: 'other channel (Green; keeping Phase)',
    });
    expect(json.files.find((f) => f.path === 'platemap.csv')).toMatchObject({
      ok: false,
      reason: 'plate map: 2 wells',
    });
    expect(json.files.find((f) => f.path === 'holiday photo.png')!.reason).toMatch(/^no \{channel\} found/);
  });

  it('prints a readable table with the preset, the channels and every skipped file with its reason', async () => {
    const { code, out } = await capture(names, [incucyte]);
    expect(code).toBe(0);
    expect(out).toContain(
      'preset: incucyte — Incucyte export (A172_Phase_C7_1_02d16h00m.tif) (auto: reads 24 of 25 image files)',
    );
    expect(out).toContain('channels: Green, Phase (keeping Phase)');
    expect(out).toContain('note: 1 well is not in the plate map (D1): kept under the well name');
    expect(out).toMatch(
      /A172_Green_C7_1_00d06h00m\.tif\s+C7\s+clone12\s+6\s+1\s+Green\s+skipped: other channel \(Green; keeping Phase\)/,
    );
    expect(out).toContain('12 of 26 files used: 3 clones × 2 time points × 2 FOVs; 13 skipped');
  });

  it('--channel, --plate-map, --interval-h and --preset change the reading', async () => {
    const map = join(root, 'other-map.csv');
    writeFileSync(map, 'well,clone,group,potency\nC7,cloneX,REC,4\n');
    const { out } = await capture(names, [incucyte, '--json', '--channel', 'green', '--plate-map', map]);
    const json = JSON.parse(out) as NamesJson;
    const used = json.files.filter((f) => f.ok);
    expect(new Set(used.map((f) => f.channel))).toEqual(new Set(['Green']));
    expect(new Set(used.map((f) => f.clone))).toEqual(new Set(['B3', 'cloneX', 'D1']));

    const h = JSON.parse((await capture(names, [harmony, '--json', '--interval-h', '0.5'])).out) as NamesJson;
    expect(h.preset).toBe('harmony');
    expect(h.summary).toEqual({ clones: 1, time_points: 2, fovs: 2, skipped: 13 });
    const noInterval = JSON.parse((await capture(names, [harmony, '--json', '--preset', 'harmony'])).out) as NamesJson;
    expect(noInterval.files.find((f) => f.path.endsWith('r02c03f01p01-ch1sk2fk1fl1.tiff'))!.reason).toMatch(
      /give the hours between time points/,
    );
  });

  it('--seeded-at makes wall-clock names hours after seeding', async () => {
    const dir = join(root, 'clock');
    writeLayout(dir, LAYOUTS['incucyte-clock']!.files);
    const json = JSON.parse(
      (await capture(names, [dir, '--json', '--seeded-at', '2023-01-05T00:00'])).out,
    ) as NamesJson;
    expect([...new Set(json.files.map((f) => f.time_h))].sort()).toEqual([12, 24]);
    const without = await capture(names, [dir]);
    expect(without.out).toContain(
      'note: no seeding time given: hours are counted from the first image (2023-01-05 12:00)',
    );
  });

  it('names bad options and a missing folder', async () => {
    await expect(names([incucyte, '--preset', 'nikon'])).rejects.toThrow(UsageError);
    await expect(names([incucyte, '--preset', 'incucyte', '--pattern', '{well}_{time}'])).rejects.toThrow(
      'give --preset or --pattern, not both',
    );
    await expect(names([incucyte, '--pattern', '{wel}_{time}'])).rejects.toThrow(
      /unknown token \{wel\} \(did you mean \{well\}\?\)/,
    );
    await expect(names([incucyte, '--interval-h', 'soon'])).rejects.toThrow(
      '--interval-h must be a number of hours > 0, got "soon"',
    );
    const bad = await capture(names, [incucyte, '--channel', 'DAPI']);
    expect(bad.code).toBe(2);
    expect(bad.err).toEqual(["names: channel 'DAPI' is not in these files: they have Green, Phase"]);
    expect((await capture(names, [join(root, 'nope')])).err).toEqual([`${join(root, 'nope')}: not a folder`]);
    const seeded = await capture(names, [incucyte, '--seeded-at', 'monday']);
    expect(seeded.err[0]).toMatch(/seeding time 'monday' is not a date and time/);
  });
});

describe('npm run cli -- analyze with the naming options', () => {
  it('reads an Incucyte folder as names does: mapped clones, Phase kept, Green skipped, potency from the plate map', async () => {
    const dir = join(root, 'analyze-in');
    const clones = makeDemoClones(3, 2);
    const files = [];
    for (const [w, clone] of [
      ['B3', clones[0]!],
      ['C7', clones[1]!],
    ] as const)
      for (const [t, h] of [
        ['00d06h00m', 6],
        ['00d12h00m', 12],
      ] as const)
        for (const c of ['Phase', 'Green']) files.push({ path: `A172_${c}_${w}_1_${t}.png`, clone, timeH: h });
    writeLayout(dir, [{ path: 'plate-map.csv', text: 'well,clone,group,potency\nB3,clone07,REC,9\nC7,,bulk,5\n' }]);
    for (const f of files) {
      const img = renderDemoImage({ seed: 3, clone: f.clone, timeH: f.timeH, fov: 1, size: 128 });
      writeFileSync(
        join(dir, f.path),
        encode({ width: img.width, height: img.height, data: img.data, channels: 1, depth: 8 }),
      );
    }
    const out = join(root, 'analyze-out');
    const named = JSON.parse((await capture(names, [dir, '--json'])).out) as NamesJson;
    const { code, err } = await capture(analyze, [dir, '--out', out, '--workers', '1', '--method', 'classical']);
    expect(code).toBe(0);
    expect(err).toContain(
      'pattern: *_{channel:phase|ph|phc|green|red|nir|blue|orange|c1|c2|c3}_{well}_{fov}_{time} | *_{channel:phase|ph|phc|green|red|nir|blue|orange|c1|c2|c3}_{well}_{fov}_{datetime} | *_{well}_{fov}_{time} | *_{well}_{fov}_{datetime} (preset "incucyte", reads 8 of 8 image files)',
    );
    expect(err).toContain('A172_Green_B3_1_00d06h00m.png: other channel (Green; keeping Phase); skipped');
    const qc = readFileSync(join(out, 'qc.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(',').slice(0, 4).join(','));
    const fromNames = named.files.filter((f) => f.ok).map((f) => `${f.clone},${f.time_h},${f.fov},${f.path}`);
    expect(qc.sort()).toEqual(fromNames.sort());
    expect(qc).toContain('clone07,6,1,A172_Phase_B3_1_00d06h00m.png');
    expect(qc).toContain('C7,12,1,A172_Phase_C7_1_00d12h00m.png');
    const profiles = readFileSync(join(out, 'profiles.csv'), 'utf8');
    expect(profiles).toMatch(/^clone07,.*,9$/m);
    expect(profiles).toMatch(/^C7,.*,5$/m);

    const green = await capture(analyze, [
      dir,
      '--out',
      join(root, 'analyze-green'),
      '--workers',
      '1',
      '--method',
      'classical',
      '--preset',
      'incucyte',
      '--channel',
      'Green',
    ]);
    expect(green.code).toBe(0);
    expect(green.err).toContain('A172_Phase_B3_1_00d06h00m.png: other channel (Phase; keeping Green); skipped');
  }, 120_000);
});
