import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeWithShared, sharedPath } from '../../testing/shared';
import {
  PATTERN_PRESETS,
  detectPattern,
  findCollisions,
  parseFileName,
  parseFileNames,
  matchName,
  parseFovText,
  parseTimeText,
  validatePattern,
} from './pattern';

const DEMO = '{clone}_t{time}h_f{fov}';

function ok(path: string, pattern: string, options?: Parameters<typeof parseFileName>[2]) {
  const r = parseFileName(path, pattern, options);
  if (!r.ok) throw new Error(`expected ${path} to parse, got: ${r.reason}`);
  return { clone: r.clone, timeH: r.timeH, fov: r.fov };
}
function reason(path: string, pattern: string): string {
  const r = parseFileName(path, pattern);
  if (r.ok) throw new Error(`expected ${path} not to parse`);
  return r.reason;
}

describe('parseFileName with the demo pattern', () => {
  it('reads clone, hours and field', () => {
    expect(ok('clone07_t030h_f12.png', DEMO)).toEqual({
      clone: 'clone07',
      timeH: 30,
      fov: 12,
    });
    expect(ok('clone07_t006h_f01.png', DEMO)).toEqual({
      clone: 'clone07',
      timeH: 6,
      fov: 1,
    });
  });
  it('ignores leading folders and case, and accepts Windows separators', () => {
    expect(ok('plate1/run 2/CLONE07_T030H_F12.PNG', DEMO)).toEqual({
      clone: 'CLONE07',
      timeH: 30,
      fov: 12,
    });
    expect(ok('plate1\\clone03_t090h_f64.tif', DEMO)).toEqual({
      clone: 'clone03',
      timeH: 90,
      fov: 64,
    });
  });
  it('a star right before a token leaves the token its whole number', () => {
    expect(ok('scan030h_A1_f2.tif', '*{time}_{clone}_{fov}')).toEqual({
      clone: 'A1',
      timeH: 30,
      fov: 2,
    });
  });
  it('reads decimal hours', () => {
    expect(ok('clone07_t7.5h_f2.jpg', DEMO).timeH).toBe(7.5);
  });
  it('pads digit-only clone ids', () => {
    expect(ok('7_t030h_f12.png', DEMO).clone).toBe('clone07');
    expect(ok('123_t030h_f12.png', DEMO).clone).toBe('clone123');
  });
  it('accepts an extension token or a literal extension in the pattern', () => {
    expect(ok('clone07_t030h_f12.png', `${DEMO}.{ext}`).fov).toBe(12);
    expect(ok('clone07_t030h_f12.tiff', `${DEMO}.tif`).fov).toBe(12);
    expect(reason('clone07_t030h_f12.png', `${DEMO}.tif`)).toBe(
      "extension .png is not the pattern's .tif",
    );
  });
  it('rejects non-images with the extension named', () => {
    expect(reason('clone07_t030h_f12.txt', DEMO)).toBe(
      'extension .txt is not an image (png, jpg, tif)',
    );
    expect(reason('notes/README', DEMO)).toMatch(/'README' has no extension/);
  });
  it('says which token is missing and after what', () => {
    expect(reason('clone07_f12.png', DEMO)).toBe(
      "no {time} found: expected 't' and something like t030h after 'clone07_', but found 'f12'",
    );
    expect(reason('clone07_f12.png', '{clone}_{time}_{fov}')).toBe(
      "no {time} found: expected something like t030h after 'clone07_', found 'f12'",
    );
    expect(reason('clone07-t030h_f12.png', '{clone}_t{time}h_{fov}')).toBe(
      "no {time} found: expected 't' and something like t030h after 'clone07-t030h_', but found 'f12'",
    );
    expect(reason('clone07_t030h_x12.png', DEMO)).toBe(
      "no {fov} found: expected 'f' and something like f12 after 'clone07_t030h_', but found 'x12'",
    );
    expect(reason('clone07_tXXh_f12.png', DEMO)).toBe(
      "no {time} found: expected something like t030h after 'clone07_t', found 'XXh_f12'",
    );
    expect(reason('clone07_t030h_f.png', DEMO)).toBe(
      "no {fov} found: expected something like f12 after 'clone07_t030h_f'",
    );
    expect(reason('clone07_t030h_f12_copy.png', DEMO)).toMatch(/^unexpected '_copy' at the end/);
  });
});

describe('folder pattern {clone}/{time}/{fov}', () => {
  const P = '{clone}/{time}/{fov}';
  it('reads each level and ignores folders above', () => {
    expect(ok('clone07/t030/f12.tif', P)).toEqual({
      clone: 'clone07',
      timeH: 30,
      fov: 12,
    });
    expect(ok('plate1/clone07/t030/f12.tif', P)).toEqual({
      clone: 'clone07',
      timeH: 30,
      fov: 12,
    });
    expect(ok('exp/B03/06h/fov002.png', P)).toEqual({
      clone: 'B03',
      timeH: 6,
      fov: 2,
    });
  });
  it('explains a path with too few levels', () => {
    expect(reason('f12.tif', P)).toMatch(/expects 3 path levels .* has 1/);
  });
});

describe('time and fov forms', () => {
  it.each([
    ['030h', 30],
    ['30h', 30],
    ['t030', 30],
    ['t30h', 30],
    ['6', 6],
    ['06h', 6],
    ['T006', 6],
    ['7.5h', 7.5],
    ['00d06h00m', 6],
    ['01d12h30m', 36.5],
    ['06h30m', 6.5],
  ])('time %s = %d h', (text, hours) => {
    expect(parseTimeText(text)).toBe(hours);
  });
  it('time text that is not a time is NaN', () => {
    expect(parseTimeText('abc')).toBeNaN();
  });
  it.each([
    ['f12', 12],
    ['12', 12],
    ['fov012', 12],
    ['F1', 1],
    ['s3', 3],
    ['xy01', 1],
    ['P03', 3],
  ])('fov %s = %d', (text, fov) => {
    expect(parseFovText(text)).toBe(fov);
  });
});

describe('presets', () => {
  it('every preset is valid and its patterns read its examples (names only; folder tests in presets.test.ts)', () => {
    for (const preset of PATTERN_PRESETS) {
      for (const pattern of preset.patterns) expect(validatePattern(pattern), preset.id).toBeNull();
      if (preset.metadata) continue;
      for (const example of preset.examples) {
        const r = preset.patterns.map((p) => matchName(example, p));
        expect(r.some((x) => x.ok), `${preset.id}: ${example}: ${r.map((x) => (x.ok ? '' : x.reason)).join(' | ')}`).toBe(true);
      }
    }
  });
  it('the Incucyte export patterns keep the old names working: well as clone, image number as field', () => {
    const P = '*_{well}_{fov}_{time}';
    expect(ok('VID123_A1_1_00d06h00m.tif', P)).toEqual({ clone: 'A1', timeH: 6, fov: 1 });
    expect(ok('VID123_B12_4_01d12h30m.tif', P)).toEqual({ clone: 'B12', timeH: 36.5, fov: 4 });
    // An underscore inside the vessel name stays in the prefix.
    expect(ok('My_Plate_C3_2_03d18h00m.tif', P)).toEqual({ clone: 'C3', timeH: 90, fov: 2 });
  });
  it('time-lapse frames use the given clone, field and frame interval', () => {
    const P = PATTERN_PRESETS.find((p) => p.id === 'timelapse')!.pattern;
    expect(
      ok('timelapse/t04.tif', P, {
        defaultClone: '3',
        defaultFov: 2,
        timeScaleH: 0.51,
      }),
    ).toEqual({
      clone: 'clone03',
      timeH: 2.04,
      fov: 2,
    });
    expect(ok('t01.tif', P, { defaultClone: 'T98G' })).toEqual({
      clone: 'T98G',
      timeH: 1,
      fov: 1,
    });
    expect(reason('t01.tif', P)).toMatch(/no \{clone\}: give the clone/);
  });
});

describe('the new tokens', () => {
  it('{well}, {plate}, {channel}, {z} and {frame} are read', () => {
    const m = matchName('run1/P1_B-03_s2_z3_Phase Contrast_t0005.tif', '{plate}_{well}_s{fov}_z{z}_{channel}_t{frame}');
    expect(m).toEqual({
      ok: true,
      fields: { ext: 'tif', plate: 'P1', well: 'B-03', fov: 2, z: 3, channel: 'Phase Contrast', frame: { index: 5, base: 1 } },
    });
  });
  it('fov synonyms f, s, site, p, xy, fld', () => {
    for (const t of ['f7', 's7', 'site7', 'p7', 'xy07', 'fld7', 'fov007', '7']) expect(parseFovText(t), t).toBe(7);
  });
  it('a frame needs the interval, a wall-clock time the seeding time, and both give hours', () => {
    expect(reason('A1_t0005.tif', '{well}_t{frame}')).toMatch(/time point 5 is a number, not hours: give the hours between time points/);
    expect(ok('A1_t0005.tif', '{well}_t{frame}', { intervalH: 0.5 })).toEqual({ clone: 'A1', timeH: 2, fov: 1 });
    expect(ok('A1_T0005.tif', '{well}_{frame0}', { intervalH: 2 }).timeH).toBe(10);
    expect(ok('TimePoint_5/A1.tif', 'TimePoint_{frame}/{well}', { intervalH: 1 }).timeH).toBe(4);
    expect(reason('A1_2023y01m05d_12h00m.tif', '{well}_{datetime}')).toMatch(/give the seeding time/);
    const seededAtMs = Date.UTC(2023, 0, 4, 12, 0);
    expect(ok('A1_2023y01m05d_12h00m.tif', '{well}_{datetime}', { seededAtMs }).timeH).toBe(24);
    expect(ok('2023-01-05T18-30/A1.tif', '{datetime}/{well}', { seededAtMs }).timeH).toBe(30.5);
    expect(ok('2023-01-04/A1.tif', '{datetime}/{well}', { seededAtMs: Date.UTC(2023, 0, 3) }).timeH).toBe(24);
    expect(reason('A1_2023y01m04d_06h00m.tif', '{well}_{datetime}')).toMatch(/seeding/);
  });
  it('elapsed forms 16h30m and t030h', () => {
    expect(ok('A1_16h30m.tif', '{well}_{time}').timeH).toBe(16.5);
    expect(ok('A1_t030h.tif', '{well}_{time}').timeH).toBe(30);
    expect(ok('A1_02d16h00m.tif', '{well}_{time}').timeH).toBe(64);
  });
  it('a token may carry its own expression', () => {
    expect(matchName('x_w1ABC.tif', 'x_w{channel:\\d}*{time}')).toMatchObject({ ok: false });
    const m = matchName('x_w2B71AE91C_t3h.tif', 'x_w{channel:\\d}*_t{time}h');
    expect(m).toEqual({ ok: true, fields: { ext: 'tif', channel: '2', elapsedH: 3 } });
    expect(validatePattern('{channel:(}_{time}')).toMatch(/not a regular expression/);
    expect(validatePattern('{well}_{clone}_{time}')).toMatch(/\{clone\} or \{well\}/);
    expect(validatePattern('{well}_{time}_{frame}')).toMatch(/more than one time token/);
  });
});

describe('validatePattern', () => {
  it('accepts good patterns', () => {
    expect(validatePattern(DEMO)).toBeNull();
    expect(validatePattern('{clone}/{time}/{fov}.{ext}')).toBeNull();
  });
  it.each([
    ['{clone}_f{fov}', /no \{time\}/],
    ['{clone}_t{tme}h', /unknown token \{tme\} \(did you mean \{time\}\?\)/],
    ['{clone_t{time}', /'\{' at position 1 is not closed/],
    ['{clone}}_t{time}', /'\}' at position 8 has no '\{'/],
    ['{clone}_t{time', /not closed/],
    ['{clone}{time}', /nothing between them/],
    ['{time}_{time}', /more than once/],
    ['/{clone}/{time}', /empty folder level/],
    ['{ext}_{time}', /can only end the pattern/],
    ['', /empty/],
  ])('%s is rejected', (pattern, message) => {
    expect(validatePattern(pattern)).toMatch(message);
  });
  it('parseFileName reports an invalid pattern instead of throwing', () => {
    expect(reason('clone07_t030h_f12.png', '{clone}_{tme}')).toMatch(
      /^the pattern cannot be used: unknown token/,
    );
  });
});

describe('detectPattern', () => {
  it('picks the preset that reads most files', () => {
    expect(detectPattern(['clone07_t030h_f12.png', 'clone07_t036h_f12.png', 'notes.txt'])).toEqual({
      presetId: 'demo',
      matched: 2,
    });
    expect(detectPattern(['p/clone07/t030/f12.tif', 'p/clone08/t030/f01.tif'])).toEqual({
      presetId: 'folders',
      matched: 2,
    });
    expect(detectPattern(['VID1_A1_1_00d06h00m.tif', 'VID1_A2_1_00d12h00m.tif'])).toEqual({
      presetId: 'incucyte',
      matched: 2,
    });
    expect(
      detectPattern(['timelapse/t01.tif', 'timelapse/t04.tif', 'timelapse/t01_labels.png']),
    ).toEqual({
      presetId: 'timelapse',
      matched: 2,
    });
  });
  it('returns null when nothing matches', () => {
    expect(detectPattern(['a.txt', 'b.doc'])).toBeNull();
    expect(detectPattern([])).toBeNull();
  });
});

describe('findCollisions', () => {
  it('reports files read as the same clone, time and field', () => {
    const files = parseFileNames(
      ['a/clone07_t030h_f12.png', 'b/clone07_t30h_f012.tif', 'clone07_t030h_f13.png', 'bad.txt'],
      DEMO,
    );
    expect(findCollisions(files)).toEqual([
      {
        clone: 'clone07',
        timeH: 30,
        fov: 12,
        paths: ['a/clone07_t030h_f12.png', 'b/clone07_t30h_f012.tif'],
      },
    ]);
  });
});

describeWithShared('real file names (shared/data/phase-contrast/timelapse)', () => {
  it('the time-lapse preset reads the 13 frames and lists the label images as unread', () => {
    const paths = readdirSync(sharedPath('data', 'phase-contrast', 'timelapse')).map(
      (f) => `timelapse/${f}`,
    );
    expect(detectPattern(paths)).toEqual({ presetId: 'timelapse', matched: 13 });
    // Frames are 30.6 min apart (README): frame 37 is at 37 × 0.51 h.
    const files = parseFileNames(paths, 't{time}', { defaultClone: 'T98G', timeScaleH: 0.51 });
    const read = files.flatMap((f) => (f.parsed.ok ? [f.parsed.timeH] : [])).sort((a, b) => a - b);
    expect(read).toEqual(
      [1, 4, 7, 10, 13, 16, 19, 22, 25, 28, 31, 34, 37].map(
        (n) => Math.round(n * 0.51 * 1e6) / 1e6,
      ),
    );
    const unread = files.filter((f) => !f.parsed.ok);
    expect(unread).toHaveLength(13);
    expect(unread[0]!.parsed).toEqual({
      ok: false,
      reason: expect.stringMatching(/^unexpected '_labels' at the end/),
    });
  });
});
