/**
 * Folders laid out the way real imagers write them, built in a temp dir for the naming tests
 * (src/core/naming/presets.test.ts, src/cli/names.test.ts): small generated images under the
 * vendors' names, metadata tables, thumbnails and a stray file. What each should read is beside it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { encode } from 'fast-png';
import { buildTiff } from './imageFixtures';

export interface LayoutFile {
  path: string;
  /** Text for tables; images are generated from the path. */
  text?: string;
  /** Encode the text as UTF-16 LE with a byte-order mark (BioStation's micro.csv). */
  utf16?: boolean;
}

export interface Layout {
  preset: string;
  files: LayoutFile[];
  options?: { seededAt?: string; intervalH?: number; channel?: string };
  /** What the reading must give. */
  expect: {
    used: number;
    clones: string[];
    times: number[];
    fovs: number;
    channel: string | null;
    skippedBecause: Record<string, number>;
  };
}

function image(path: string, seed: number): Uint8Array {
  const size = 8;
  const data = new Uint8Array(size * size).map((_, i) => (i * 13 + seed * 7) % 256);
  if (/\.png$/i.test(path)) return encode({ width: size, height: size, data, channels: 1, depth: 8 });
  return buildTiff([{ width: size, height: size, bitsPerSample: 8, values: data }]);
}

/** Writes a layout's files under `dir`. */
export function writeLayout(dir: string, files: readonly LayoutFile[]): void {
  files.forEach((f, i) => {
    const full = join(dir, ...f.path.split('/'));
    mkdirSync(dirname(full), { recursive: true });
    if (f.text === undefined) writeFileSync(full, image(f.path, i));
    else if (f.utf16) writeFileSync(full, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(f.text, 'utf16le')]));
    else writeFileSync(full, f.text);
  });
}

const each = <T, U>(xs: readonly T[], f: (x: T) => U[]): U[] => xs.flatMap(f);
const GUID = ['B71AE91C-5D0C-4B2F-9B57-2D61A8E5F0D1', '0F3C2A77-1E2D-4C5B-8A9F-77E0D3B1C2A4'];
const PLATE_MAP = 'well,clone,group,potency\nB3,clone07,REC,9\nC7,clone12,bulk,\n';

export const LAYOUTS: Record<string, Layout> = {
  incucyte: {
    preset: 'incucyte',
    files: [
      ...each(['B3', 'C7', 'D1'], (w) =>
        each(['1', '2'], (i) =>
          each(['00d06h00m', '02d16h00m'], (t) =>
            ['Phase', 'Green'].map((c) => ({ path: `A172_${c}_${w}_${i}_${t}.tif` })),
          ),
        ),
      ),
      { path: 'platemap.csv', text: PLATE_MAP },
      { path: 'holiday photo.png' },
    ],
    expect: {
      used: 12,
      clones: ['clone07', 'clone12', 'D1'],
      times: [6, 64],
      fovs: 2,
      channel: 'Phase',
      skippedBecause: { 'other channel': 12, 'no {channel} found': 1 },
    },
  },
  'incucyte-clock': {
    preset: 'incucyte',
    files: each(['B3', 'B4'], (w) =>
      each(['2023y01m05d_12h00m', '2023y01m06d_00h00m'], (t) => [{ path: `VID1234_${w}_2_${t}.tif` }]),
    ),
    options: { seededAt: '2023-01-04T12:00' },
    expect: { used: 4, clones: ['B3', 'B4'], times: [24, 36], fovs: 1, channel: null, skippedBecause: {} },
  },
  'incucyte-archive': {
    preset: 'incucyte-archive',
    files: [
      ...each(['1200', '1800'], (hm) =>
        each(['B3', 'B4'], (w) =>
          each(['1', '2'], (i) =>
            ['Ph', 'C1'].map((c) => ({ path: `EssenFiles/ScanData/2301/05/${hm}/1234/${w}-${i}-${c}.tif` })),
          ),
        ),
      ),
      { path: 'EssenFiles/ScanData/2301/05/1200/1234/B3-1-Ph_thumb.jpg' },
    ],
    options: { seededAt: '2023-01-05T00:00' },
    expect: {
      used: 8,
      clones: ['B3', 'B4'],
      times: [12, 18],
      fovs: 2,
      channel: 'Ph',
      skippedBecause: { 'other channel': 8, thumbnail: 1 },
    },
  },
  imagexpress: {
    preset: 'imagexpress',
    files: each(['1', '2'], (t) =>
      each(['A01', 'A02'], (w) =>
        each(['1', '2'], (s) =>
          each(['1', '2'], (c) => [
            { path: `TimePoint_${t}/Plate1_${w}_s${s}_w${c}${GUID[Number(c) - 1]}.tif` },
            { path: `TimePoint_${t}/Plate1_${w}_s${s}_w${c}_thumb${GUID[Number(c) - 1]}.tif` },
          ]),
        ),
      ),
    ),
    options: { intervalH: 6 },
    expect: {
      used: 8,
      clones: ['A1', 'A2'],
      times: [0, 6],
      fovs: 2,
      channel: '1',
      skippedBecause: { 'other channel': 8, thumbnail: 16 },
    },
  },
  harmony: {
    preset: 'harmony',
    files: [
      ...each(['01', '02'], (f) =>
        each(['01', '02'], (p) =>
          each(['1', '2'], (ch) =>
            ['1', '2'].map((sk) => ({ path: `Images/r02c03f${f}p${p}-ch${ch}sk${sk}fk1fl1.tiff` })),
          ),
        ),
      ),
      { path: 'Images/Index.idx.xml', text: '<EvaluationInputData/>' },
    ],
    options: { intervalH: 0.5 },
    expect: {
      used: 4,
      clones: ['B3'],
      times: [0, 0.5],
      fovs: 2,
      channel: '1',
      skippedBecause: { 'other channel': 8, 'other z plane': 4, 'not an image': 1 },
    },
  },
  yokogawa: {
    preset: 'yokogawa',
    files: each(['B02', 'C03'], (w) =>
      each(['0001', '0002'], (t) =>
        each(['001', '002'], (f) =>
          ['01', '02'].map((c) => ({ path: `AssayPlate_Greiner_#655090_${w}_T${t}F${f}L01A01Z01C${c}.tif` })),
        ),
      ),
    ),
    options: { intervalH: 2 },
    expect: {
      used: 8,
      clones: ['B2', 'C3'],
      times: [0, 2],
      fovs: 2,
      channel: '01',
      skippedBecause: { 'other channel': 8 },
    },
  },
  scanr: {
    preset: 'scanr',
    files: each(['A1', 'B1'], (w) =>
      each(['00001', '00002'], (p) =>
        each(['00000', '00001'], (t) =>
          ['Phase', 'GFP'].map((c) => ({
            path: `data/${w}--W0000${w === 'A1' ? 1 : 2}--P${p}--Z00000--T${t}--${c}.tif`,
          })),
        ),
      ),
    ),
    options: { intervalH: 1 },
    expect: {
      used: 8,
      clones: ['A1', 'B1'],
      times: [0, 1],
      fovs: 2,
      channel: 'Phase',
      skippedBecause: { 'other channel': 8 },
    },
  },
  nis: {
    preset: 'nis',
    files: each(['01', '12'], (xy) =>
      each(['01', '05'], (t) => ['1', '2'].map((c) => ({ path: `20180101ef002xy${xy}t${t}c${c}.tif` }))),
    ),
    options: { intervalH: 0.51 },
    expect: {
      used: 4,
      clones: ['20180101ef002'],
      times: [0, 2.04],
      fovs: 2,
      channel: '1',
      skippedBecause: { 'other channel': 4 },
    },
  },
  gen5: {
    preset: 'gen5',
    files: each(['B3', 'B4'], (w) =>
      each(['1', '2'], (site) =>
        each(['001', '002'], (t) =>
          [
            ['1', 'Phase Contrast'],
            ['2', 'GFP'],
          ].map(([n, c]) => ({ path: `${w}_01_${n}_${site}_${c}_${t}.tif` })),
        ),
      ),
    ),
    options: { intervalH: 4 },
    expect: {
      used: 8,
      clones: ['B3', 'B4'],
      times: [0, 4],
      fovs: 2,
      channel: 'Phase Contrast',
      skippedBecause: { 'other channel': 8 },
    },
  },
  biostation: {
    preset: 'biostation',
    files: [
      {
        path: 'A01/micro.csv',
        utf16: true,
        text:
          'File Name\tTime Stamp\tPosition X(um)\tPosition Y(um)\tFilter(Ch)\r\n' +
          [
            ['Ph_0001.png', '2023/01/05 12:00:00', '1000.0', '2000.0', 'Ph'],
            ['Ph_0002.png', '2023/01/05 12:00:10', '1850.5', '2000.0', 'Ph'],
            ['Ph_0003.png', '2023/01/05 18:00:00', '1000.0', '2000.0', 'Ph'],
            ['Ph_0004.png', '2023/01/05 18:00:10', '1850.5', '2000.0', 'Ph'],
            ['GFP_0001.png', '2023/01/05 12:00:20', '1000.0', '2000.0', 'GFP'],
          ]
            .map((r) => r.join('\t'))
            .join('\r\n') +
          '\r\n',
      },
      ...['Ph_0001', 'Ph_0002', 'Ph_0003', 'Ph_0004', 'GFP_0001', 'Ph_0099'].map((n) => ({ path: `A01/${n}.png` })),
    ],
    options: { seededAt: '2023-01-05T06:00' },
    expect: {
      used: 4,
      clones: ['A1'],
      times: [6, 12],
      fovs: 2,
      channel: 'Ph',
      skippedBecause: { 'other channel': 1, 'not listed in A01/micro.csv': 1 },
    },
  },
};
