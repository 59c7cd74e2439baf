/**
 * Every preset on the example names, and on a folder of that layout built in a temp dir
 * (src/testing/namingLayouts.ts): auto picks it, and every file is read or named with its reason.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listFolder } from '../../cli/naming';
import { LAYOUTS, writeLayout } from '../../testing/namingLayouts';
import { describeWithShared, sharedPath } from '../../testing/shared';
import { decodeText, parseMicroCsv } from './biostation';
import { readFolder, sameChannel, type FolderReading } from './folder';
import { parsePlateMap } from './plateMap';
import { PATTERN_PRESETS } from './presets';
import { parseWallClock } from './timeText';
import { parseWell } from './wells';

const root = mkdtempSync(join(tmpdir(), 'naming-layouts-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Reads one name the way a folder of just that file would be read with the preset. */
function one(path: string, preset: string, options: Parameters<typeof readFolder>[1] = {}) {
  const f = readFolder([{ path }], { preset, ...options }).files[0]!;
  return {
    ok: f.ok,
    plate: f.plate,
    well: f.well,
    clone: f.clone,
    timeH: f.timeH,
    fov: f.fov,
    channel: f.channel,
    z: f.z,
    reason: f.reason,
  };
}

describe('the issue’s example names', () => {
  it('Incucyte export: A172_Phase_C7_1_02d16h00m.tif is well C7, image 1, 64 h; wall-clock names count from the seeding time', () => {
    expect(one('A172_Phase_C7_1_02d16h00m.tif', 'incucyte')).toMatchObject({
      ok: true,
      well: 'C7',
      clone: 'C7',
      fov: 1,
      timeH: 64,
      channel: 'Phase',
    });
    expect(one('VID1234_B3_2_2023y01m05d_12h00m.tif', 'incucyte', { seededAt: '2023-01-04T12:00' })).toMatchObject({
      ok: true,
      well: 'B3',
      fov: 2,
      timeH: 24,
    });
  });
  it('Incucyte archive: EssenFiles/ScanData/2301/05/1200/1234/B3-2-Ph.tif', () => {
    expect(
      one('EssenFiles/ScanData/2301/05/1200/1234/B3-2-Ph.tif', 'incucyte-archive', { seededAt: '2023-01-05T09:30' }),
    ).toMatchObject({
      ok: true,
      well: 'B3',
      fov: 2,
      channel: 'Ph',
      timeH: 2.5,
    });
  });
  it('ImageXpress: TimePoint_3/Plate1_A01_s12_w1.TIF, a GUID suffix, a _thumb file skipped', () => {
    expect(one('TimePoint_3/Plate1_A01_s12_w1.TIF', 'imagexpress', { intervalH: 2 })).toMatchObject({
      ok: true,
      plate: 'Plate1',
      well: 'A1',
      fov: 12,
      channel: '1',
      timeH: 4,
    });
    expect(
      one('TimePoint_1/Plate1_A01_s1_w1B71AE91C-5D0C-4B2F-9B57-2D61A8E5F0D1.tif', 'imagexpress', { intervalH: 2 }),
    ).toMatchObject({ ok: true, channel: '1', timeH: 0 });
    expect(one('TimePoint_1/Plate1_A01_s1_w1_thumbB71AE91C.tif', 'imagexpress', { intervalH: 2 }).reason).toMatch(
      /^thumbnail/,
    );
  });
  it('Harmony: r02c03f12p01-ch1sk5fk1fl1.tiff is well B3, field 12, time index 5', () => {
    expect(one('r02c03f12p01-ch1sk5fk1fl1.tiff', 'harmony', { intervalH: 1 })).toMatchObject({
      ok: true,
      well: 'B3',
      fov: 12,
      z: 1,
      channel: '1',
      timeH: 4,
    });
    expect(one('r02c03f12p01-ch1sk5fk1fl1.tiff', 'harmony').reason).toMatch(/time point 5 is a number, not hours/);
  });
  it('Yokogawa: AssayPlate_Greiner_#655090_B02_T0001F004L01A01Z01C01.tif', () => {
    expect(one('AssayPlate_Greiner_#655090_B02_T0001F004L01A01Z01C01.tif', 'yokogawa', { intervalH: 1 })).toMatchObject(
      {
        ok: true,
        plate: 'AssayPlate_Greiner_#655090',
        well: 'B2',
        fov: 4,
        z: 1,
        channel: '01',
        timeH: 0,
      },
    );
  });
  it('scanR: A1--W00001--P00012--Z00000--T00005--Phase.tif (time points from 0)', () => {
    expect(one('A1--W00001--P00012--Z00000--T00005--Phase.tif', 'scanr', { intervalH: 0.25 })).toMatchObject({
      ok: true,
      well: 'A1',
      fov: 12,
      z: 0,
      channel: 'Phase',
      timeH: 1.25,
    });
  });
  it('NIS-Elements: 20180101ef002xy01t01.tif and …xy12t05c1.tif', () => {
    expect(one('20180101ef002xy01t01.tif', 'nis', { intervalH: 0.51 })).toMatchObject({
      ok: true,
      plate: '20180101ef002',
      clone: '20180101ef002',
      fov: 1,
      timeH: 0,
    });
    expect(one('20180101ef002xy12t05c1.tif', 'nis', { intervalH: 0.51, defaultClone: 'T98G' })).toMatchObject({
      ok: true,
      clone: 'T98G',
      fov: 12,
      channel: '1',
      timeH: 2.04,
    });
  });
  it('Gen5: B3_01_1_12_Phase Contrast_005.tif', () => {
    expect(one('B3_01_1_12_Phase Contrast_005.tif', 'gen5', { intervalH: 1 })).toMatchObject({
      ok: true,
      well: 'B3',
      fov: 12,
      channel: 'Phase Contrast',
      timeH: 4,
    });
  });
  it('auto picks each example’s preset', () => {
    for (const preset of PATTERN_PRESETS) {
      if (preset.metadata || preset.needsDefaults) continue;
      for (const example of preset.examples) expect(readFolder([{ path: example }]).presetId, example).toBe(preset.id);
    }
  });
});

describe('tokens', () => {
  it('wells: A1, A01, B-03, r02c03 and an index with the plate size', () => {
    expect(['A1', 'a01', 'B-03', 'r02c03', 'AF48'].map((w) => parseWell(w))).toMatchObject([
      { ok: true, well: 'A1' },
      { ok: true, well: 'A1' },
      { ok: true, well: 'B3' },
      { ok: true, well: 'B3' },
      { ok: true, well: 'AF48', row: 32, column: 48 },
    ]);
    expect(parseWell('15', 96)).toMatchObject({ ok: true, well: 'B3' });
    expect(parseWell('25', 384)).toMatchObject({ ok: true, well: 'B1' });
    expect(parseWell('15')).toMatchObject({ ok: false, reason: expect.stringMatching(/give the plate size/) });
    expect(parseWell('97', 96)).toMatchObject({ ok: false, reason: expect.stringMatching(/outside a 96-well plate/) });
    expect(parseWell('Q1')).toMatchObject({ ok: true, well: 'Q1' });
    expect(parseWell('xy')).toMatchObject({ ok: false });
  });
  it('wall-clock forms', () => {
    const t = Date.UTC(2023, 0, 5, 12, 0);
    for (const text of [
      '2023y01m05d_12h00m',
      '2023-01-05T12:00',
      '2023-01-05T12:00:00Z',
      '2023-01-05_12-00-00',
      '2023/01/05 12:00:00',
      '20230105_1200',
      '2023-01-05 12h00',
    ])
      expect(parseWallClock(text), text).toBe(t);
    expect(parseWallClock('2023-13-05')).toBeNaN();
  });
  it('channels by name or number', () => {
    expect(sameChannel('phase', 'Phase')).toBe(true);
    expect(sameChannel('1', 'w1')).toBe(true);
    expect(sameChannel('1', '01')).toBe(true);
    expect(sameChannel('2', '01')).toBe(false);
  });
  it('the default channel is the phase-contrast one, else the first', () => {
    const names = (chs: string[]) => readFolder(chs.map((c) => ({ path: `A172_${c}_B3_1_00d06h00m.tif` }))).keptChannel;
    expect(names(['Green', 'Phase'])).toBe('Phase');
    expect(names(['Green', 'Ph'])).toBe('Ph');
    expect(names(['Red', 'Green'])).toBe('Green');
    const gen5 = readFolder([{ path: 'B3_01_2_1_GFP_001.tif' }, { path: 'B3_01_1_1_Phase Contrast_001.tif' }], {
      intervalH: 1,
    });
    expect(gen5.keptChannel).toBe('Phase Contrast');
  });
});

describe('plate map', () => {
  it('reads well,clone,group,potency; reports bad lines by number', () => {
    const map = parsePlateMap(
      'well,clone,group,potency\nB03,7,REC,9.5\nC7,,bulk,\nD1,x,other,3\nZZ9,y,REC,1\nB3,again,REC,1\nE2,e,REC,-1\n',
    );
    expect(map.rows).toEqual([
      { well: 'B3', plate: null, clone: 'clone07', group: 'REC', potency: 9.5, line: 2 },
      { well: 'C7', plate: null, clone: null, group: 'bulk', potency: null, line: 3 },
    ]);
    expect(map.problems.map((p) => p.message)).toEqual([
      "line 4: group 'other' for D1 is neither REC nor bulk; this line is ignored",
      "line 5: 'ZZ9' is outside the largest plate (1536 wells, rows A–AF, columns 1–48)",
      'line 6: well B3 was already given on line 2; this line is ignored',
      "line 7: potency '-1' for E2 is not a number ≥ 0; this line is ignored",
    ]);
    expect(parsePlateMap('clone,potency\nclone01,3\n').problems[0]!.message).toMatch(
      /needs a header with a 'well' column/,
    );
  });
  it('mapped wells become clones; unmapped wells are kept under their name or left out; replicate wells continue the fields', () => {
    const files = [
      { path: 'map.csv', text: 'well;clone;group;potency\nB3;cloneA;REC;9\nB4;cloneA;REC;9\n' },
      ...['B3', 'B4', 'C1'].flatMap((w) => ['1', '2'].map((i) => ({ path: `V_${w}_${i}_00d06h00m.tif` }))),
    ];
    const kept = readFolder(files);
    expect(kept.files.filter((f) => f.ok).map((f) => [f.clone, f.fov])).toEqual([
      ['cloneA', 1],
      ['cloneA', 2],
      ['cloneA', 3],
      ['cloneA', 4],
      ['C1', 1],
      ['C1', 2],
    ]);
    expect(kept.unmappedWells).toEqual(['C1']);
    expect(kept.files[0]!.reason).toBe('plate map: 2 wells');
    const left = readFolder(files, { unmappedWells: 'leave-out' });
    expect(left.files.filter((f) => !f.ok && f.role === 'image').map((f) => f.reason)).toEqual([
      'well C1 is not in the plate map (left out)',
      'well C1 is not in the plate map (left out)',
    ]);
    expect(left.summary).toEqual({ clones: 1, time_points: 1, fovs: 4, skipped: 2 });
  });
});

describe('BioStation micro.csv', () => {
  it('decodes UTF-16 with and without a byte-order mark, and UTF-8', () => {
    const text = 'File Name\tTime Stamp\nµ.png\t2023/01/05 12:00:00\n';
    expect(decodeText(new Uint8Array([0xff, 0xfe, ...Buffer.from(text, 'utf16le')]))).toBe(text);
    expect(decodeText(new Uint8Array(Buffer.from(text, 'utf16le')))).toBe(text);
    expect(decodeText(new Uint8Array(Buffer.from(text, 'utf8')))).toBe(text);
  });
  it('names a row it cannot use', () => {
    const t = parseMicroCsv('File Name\tTime Stamp\tPosition X(um)\tPosition Y(um)\na.png\tyesterday\t1\t2\n');
    expect(t.problems[0]!.message).toBe("line 2: time stamp 'yesterday' of a.png is not a date and time");
    expect(parseMicroCsv('File Name\tTime\n').problems[0]!.message).toMatch(
      /lacks the columns Time Stamp, Position X\(um\), Position Y\(um\)/,
    );
  });
});

function reasonsCount(reading: FolderReading, keys: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const f of reading.files) {
    if (f.ok || f.role === 'plate-map' || f.role === 'metadata') continue;
    const key = keys.find((k) => f.reason!.includes(k)) ?? f.reason!;
    out[key] = (out[key] ?? 0) + 1;
  }
  return out;
}

describe('folders of each layout, built in a temp dir', () => {
  for (const [name, layout] of Object.entries(LAYOUTS)) {
    it(`${name}: auto picks ${layout.preset}, reads ${layout.expect.used} files, names the reason of every other`, () => {
      const dir = join(root, name);
      writeLayout(dir, layout.files);
      const reading = readFolder(listFolder(dir), layout.options ?? {});
      expect(reading.problems).toEqual([]);
      expect(reading.presetId).toBe(layout.preset);
      expect(reading.auto).toBe(true);
      expect(reading.files).toHaveLength(layout.files.length);
      for (const f of reading.files) expect(f.ok || (f.reason ?? '').length > 0, f.path).toBe(true);
      const used = reading.files.filter((f) => f.ok);
      expect(used).toHaveLength(layout.expect.used);
      expect([...new Set(used.map((f) => f.clone))].sort()).toEqual([...layout.expect.clones].sort());
      expect([...new Set(used.map((f) => f.timeH))].sort((a, b) => a! - b!)).toEqual(layout.expect.times);
      expect(reading.summary.fovs).toBe(layout.expect.fovs);
      expect(reading.keptChannel).toBe(layout.expect.channel);
      expect(reasonsCount(reading, Object.keys(layout.expect.skippedBecause))).toEqual(layout.expect.skippedBecause);
    });
  }
  it('a channel asked for by name or number is kept instead of the default', () => {
    const dir = join(root, 'gen5-channel');
    writeLayout(dir, LAYOUTS.gen5!.files);
    const reading = readFolder(listFolder(dir), { intervalH: 4, channel: 'gfp' });
    expect(reading.keptChannel).toBe('GFP');
    expect(reading.files.filter((f) => f.ok).map((f) => f.channel)).toEqual(Array(8).fill('GFP'));
    expect(readFolder(listFolder(dir), { channel: 'DAPI' }).problems).toEqual([
      "channel 'DAPI' is not in these files: they have GFP, Phase Contrast",
    ]);
    const ixm = join(root, 'imagexpress-channel');
    writeLayout(ixm, LAYOUTS.imagexpress!.files);
    expect(readFolder(listFolder(ixm), { intervalH: 6, channel: 'w2' }).keptChannel).toBe('2');
  });
});

describeWithShared('the ../shared time-lapse under its original NIS-Elements names', () => {
  it('20180101ef002xy01tNN.tif: auto picks nis, 13 time points 30.6 min apart, the label images named as unread', () => {
    const dir = join(root, 'nis-shared');
    const src = sharedPath('data', 'phase-contrast', 'timelapse');
    mkdirSync(dir, { recursive: true });
    for (const f of readdirSync(src)) {
      const m = /^t(\d+)(_labels)?\.(tif|png)$/.exec(f);
      if (!m) continue;
      const frame = Number(m[1]);
      // The README: frames t01, t04 … t37 of the original series, every third frame kept.
      copyFileSync(join(src, f), join(dir, `20180101ef002xy01t${String(frame).padStart(2, '0')}${m[2] ?? ''}.${m[3]}`));
    }
    const reading = readFolder(listFolder(dir), { intervalH: 0.17 });
    expect(reading.presetId).toBe('nis');
    const used = reading.files.filter((f) => f.ok);
    expect(used).toHaveLength(13);
    expect(used.map((f) => f.timeH)).toEqual(
      [1, 4, 7, 10, 13, 16, 19, 22, 25, 28, 31, 34, 37].map((n) => Math.round((n - 1) * 0.17 * 1e6) / 1e6),
    );
    expect(new Set(used.map((f) => f.clone))).toEqual(new Set(['20180101ef002']));
    const unread = reading.files.filter((f) => !f.ok);
    expect(unread).toHaveLength(13);
    expect(unread[0]!.reason).toMatch(/found '_labels'/);
  });
});
