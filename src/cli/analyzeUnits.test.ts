/**
 * `analyze` takes the pixel size from the files (the ../shared Nikon TIFFs state 0.8708 µm/px in
 * tag 65326) unless `--pixel-size UM` is given, and writes areas in µm² beside the pixel columns.
 * The frames are copied from ../shared under new names into a temporary folder, removed afterwards.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { makeDemoClones, renderDemoImage } from '../core/demo';
import { buildTiff } from '../testing/imageFixtures';
import { describeWithShared, sharedPath } from '../testing/shared';
import { run as analyze } from './commands/analyze';
import { quiet } from '../testing/quietCli';

const root = mkdtempSync(join(tmpdir(), 'analyze-units-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const runAnalyze = (args: string[]) => quiet(() => analyze(args));

describeWithShared(
  'analyze: pixel size and units',
  () => {
    const input = join(root, 'in');
    mkdirSync(input, { recursive: true });
    for (const [t, h] of [
      ['01', 6],
      ['04', 12],
    ] as const)
      copyFileSync(sharedPath('data', 'phase-contrast', 'timelapse', `t${t}.tif`), join(input, `clone01_t${String(h).padStart(3, '0')}h_f01.tif`));

    it('reads 0.8708 µm/px from the Nikon tag and writes µm² beside px', async () => {
      const out = join(root, 'out-file');
      const { code, errors } = await runAnalyze([input, '--out', out, '--workers', '1', '--method', 'classical']);
      expect(code, errors.join('\n')).toBe(0);
      expect(errors).toContain('analyze: pixel size 0.8708 µm/px, read from clone01_t006h_f01.tif: 0.8708 µm/px (Nikon NIS-Elements tag 65326)');
      const file = readdirSync(join(out, 'cells')).sort()[0]!;
      const [header, ...rows] = readFileSync(join(out, 'cells', file), 'utf8').trimEnd().split('\n').map((l) => l.split(','));
      const col = (name: string) => header!.indexOf(name);
      expect(rows.length).toBeGreaterThan(10);
      for (const r of rows) {
        // Printed with 10 significant digits.
        expect(Number(r[col('area_um2')]) / (Number(r[col('area')]) * 0.8708 ** 2)).toBeCloseTo(1, 8);
        expect(Number(r[col('perimeter_um')]) / (Number(r[col('perimeter')]) * 0.8708)).toBeCloseTo(1, 8);
        expect(r[col('um_per_px')]).toBe('0.8708');
      }
    });

    it('--pixel-size overrides the file, and the classical sizes scale with it', async () => {
      const out = join(root, 'out-flag');
      const { code, errors } = await runAnalyze([input, '--out', out, '--workers', '1', '--method', 'classical', '--pixel-size', '0.435']);
      expect(code, errors.join('\n')).toBe(0);
      expect(errors).toContain('analyze: pixel size 0.435 µm/px, from --pixel-size');
      const file = readdirSync(join(out, 'cells')).sort()[0]!;
      const [header, first] = readFileSync(join(out, 'cells', file), 'utf8').split('\n').map((l) => l.split(','));
      expect(first![header!.indexOf('um_per_px')]).toBe('0.435');
      // Each frame names the mismatch between what it states and what was used.
      expect(errors.some((e) => /^clone01_t006h_f01\.tif: states 0\.8708 µm\/px .*; analysed at 0\.435 µm\/px/.test(e))).toBe(true);
    });
  },
  { requiredInCi: true },
);

describe('analyze: an OME-TIFF is analysed page by page where its OME-XML puts them', () => {
  it('2 positions × 2 time points × 2 channels: the Phase pages become 4 images, the GFP pages are left out', async () => {
    const input = join(root, 'ome');
    mkdirSync(input, { recursive: true });
    const clone = makeDemoClones(5, 1)[0]!;
    const pages = [];
    // DimensionOrder XYCZT: C fastest, then T; one <Image> per position.
    for (let position = 0; position < 2; position++)
      for (let t = 0; t < 2; t++)
        for (let c = 0; c < 2; c++) {
          const img = renderDemoImage({ seed: 5, clone, timeH: 24 + 24 * t, fov: position + 1, size: 256 });
          pages.push({ width: 256, height: 256, bitsPerSample: 8, values: c === 0 ? img.data : new Uint8Array(256 * 256) });
        }
    const image = (id: number) =>
      `<Image ID="Image:${id}"><Pixels ID="Pixels:${id}" DimensionOrder="XYCZT" Type="uint8" SizeX="256" SizeY="256" SizeZ="1" SizeC="2" SizeT="2" PhysicalSizeX="1.74" PhysicalSizeXUnit="µm" TimeIncrement="24" TimeIncrementUnit="h"><Channel ID="Channel:${id}:0" Name="Phase"/><Channel ID="Channel:${id}:1" Name="GFP"/><TiffData IFD="${4 * id}" PlaneCount="4"/></Pixels></Image>`;
    const xml = `<?xml version="1.0" encoding="UTF-8"?><OME xmlns="http://www.openmicroscopy.org/Schemas/OME/2016-06">${image(0)}${image(1)}</OME>`;
    pages[0] = { ...pages[0]!, extraTags: [[270, 2, xml]] } as (typeof pages)[number];
    writeFileSync(join(input, 'clone01_t000h_f01.tif'), buildTiff(pages));
    const out = join(root, 'ome-out');
    const { code, errors } = await runAnalyze([input, '--out', out, '--workers', '1', '--method', 'classical', '--pattern', '{clone}_t{time}h_f{fov}']);
    expect(code, errors.join('\n')).toBe(0);
    expect(errors).toContain('analyze: pixel size 1.74 µm/px, read from clone01_t000h_f01.tif [position 1, T 0, Z 0, C 0 (Phase)]: 1.74 µm/px (OME-XML PhysicalSizeX = 1.74 µm)');
    expect(errors).toContain('clone01_t000h_f01.tif: OME-TIFF: channel Phase kept of Phase, GFP');
    expect(errors.filter((e) => e.includes('left out: channel GFP is not the one kept (Phase)'))).toHaveLength(4);
    expect(readdirSync(join(out, 'cells')).sort()).toEqual(['clone01_t000h_f01.csv', 'clone01_t000h_f02.csv', 'clone01_t024h_f01.csv', 'clone01_t024h_f02.csv']);
    const [header, first] = readFileSync(join(out, 'cells', 'clone01_t024h_f02.csv'), 'utf8').split('\n').map((l) => l.split(','));
    expect(first![header!.indexOf('um_per_px')]).toBe('1.74');
    expect(Number(first![header!.indexOf('area_um2')]) / (Number(first![header!.indexOf('area')]) * 1.74 ** 2)).toBeCloseTo(1, 8);
  });
});
