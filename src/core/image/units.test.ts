/**
 * Pixel size, OME-TIFF plane map and bit depth, read through decodeImage from tiny TIFFs built here
 * with exactly the tags each source writes, and from the real ../shared TIFFs (Nikon tag 65326).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeWithShared, FIELD_NAMES, sharedPath } from '../../testing/shared.ts';
import { to8bit } from './to8bit.ts';
import { decodeImage } from './decode.ts';
import { ImageDecodeError } from './errors.ts';
import { readOmeLayout } from './ome.ts';
import { choosePages } from './omePages.ts';
import { formatUm, micronsPerUnit, readPixelSize } from './pixelSize.ts';
import { buildTiff, type TiffPageSpec } from '../../testing/imageFixtures';

const page = (extra: TiffPageSpec['extraTags'] = [], more: Partial<TiffPageSpec> = {}): TiffPageSpec => ({
  width: 3,
  height: 2,
  bitsPerSample: 16,
  values: [100, 200, 300, 400, 500, 600],
  extraTags: extra,
  ...more,
});

describe('pixel size from the file', () => {
  it('TIFF ResolutionUnit cm + XResolution', () => {
    // 15384.615 px/cm = 0.65 µm/px.
    const img = decodeImage(buildTiff([page([[282, 5, [2000000000, 130000]], [296, 3, [3]]])]), 'cm.tif');
    expect(img.pixelSize?.source).toBe('tiff-resolution');
    expect(img.pixelSize?.umPerPx).toBeCloseTo(0.65, 10);
    expect(img.pixelSize?.detail).toBe('TIFF XResolution 15380 px per cm');
  });

  it('TIFF ResolutionUnit inch (the default unit) + XResolution', () => {
    // 25400 µm per inch / 19538.46 px per inch = 1.3 µm/px.
    const img = decodeImage(buildTiff([page([[282, 5, [254000, 13]]])]), 'inch.tif');
    expect(img.pixelSize).toMatchObject({ source: 'tiff-resolution' });
    expect(img.pixelSize!.umPerPx).toBeCloseTo(1.3, 10);
  });

  it('ignores 72 dpi, the default of image software, and says so', () => {
    const img = decodeImage(buildTiff([page([[282, 5, [72, 1]], [296, 3, [2]]])]), 'dpi.tif');
    expect(img.pixelSize).toBeNull();
    expect(img.notes.join('\n')).toMatch(/XResolution 72 px per inch gives 352\.8 µm\/px, not a microscope's pixel size; ignored/);
  });

  it("ImageJ's description with unit=micron and XResolution in pixels per micron", () => {
    const description = 'ImageJ=1.53t\nimages=1\nunit=micron\nspacing=2.0\nloop=false\n';
    // ImageJ writes ResolutionUnit "none" (1) and XResolution = 1 / (µm per px).
    const img = decodeImage(buildTiff([page([[270, 2, description], [282, 5, [1000000, 325000]], [296, 3, [1]]])]), 'ij.tif');
    expect(img.pixelSize?.source).toBe('imagej');
    expect(img.pixelSize!.umPerPx).toBeCloseTo(0.325, 10);
    expect(img.pixelSize!.detail).toContain('unit=micron');
  });

  it('ImageJ spellings of µm: \\u00B5m, um, µm; nm is scaled', () => {
    expect(micronsPerUnit('\\u00B5m')).toBe(1);
    expect(micronsPerUnit('um')).toBe(1);
    expect(micronsPerUnit('µm')).toBe(1);
    expect(micronsPerUnit('nm')).toBe(0.001);
    expect(micronsPerUnit('pixel')).toBeUndefined();
    const r = readPixelSize({ description: 'ImageJ=1.54f\nunit=nm\n', xResolution: 1 / 650, resolutionUnit: 1 });
    expect(r.pixelSize!.umPerPx).toBeCloseTo(0.65, 10);
    const px = readPixelSize({ description: 'ImageJ=1.54f\nunit=pixel\n', xResolution: 1, resolutionUnit: 1 });
    expect(px.pixelSize).toBeNull();
    expect(px.notes[0]).toMatch(/unit "pixel" is not a length/);
  });

  it('OME-XML PhysicalSizeX with its unit, before every other source', () => {
    const xml = (attrs: string) =>
      `<?xml version="1.0" encoding="UTF-8"?><OME xmlns="http://www.openmicroscopy.org/Schemas/OME/2016-06"><Image ID="Image:0"><Pixels ID="Pixels:0" DimensionOrder="XYZCT" Type="uint16" SizeX="3" SizeY="2" SizeZ="1" SizeC="1" SizeT="1" ${attrs}><Channel ID="Channel:0:0"/><TiffData/></Pixels></Image></OME>`;
    const nm = decodeImage(buildTiff([page([[270, 2, xml('PhysicalSizeX="650" PhysicalSizeXUnit="nm"')], [65326, 12, [0.87]]])]), 'o.ome.tif');
    expect(nm.pixelSize?.source).toBe('ome-xml');
    expect(nm.pixelSize!.umPerPx).toBeCloseTo(0.65, 10);
    expect(nm.pixelSize!.detail).toBe('OME-XML PhysicalSizeX = 650 nm');
    const um = decodeImage(buildTiff([page([[270, 2, xml('PhysicalSizeX="0.325" PhysicalSizeXUnit="µm"')]])]), 'u.ome.tif');
    expect(um.pixelSize!.umPerPx).toBe(0.325);
    // OME's default unit is µm.
    const plain = decodeImage(buildTiff([page([[270, 2, xml('PhysicalSizeX="1.3"')]])]), 'p.ome.tif');
    expect(plain.pixelSize!.umPerPx).toBe(1.3);
  });

  it("Nikon NIS-Elements' private tag 65326 (a double)", () => {
    const img = decodeImage(buildTiff([page([[65326, 12, [0.8707951277094507]]])]), 'nikon.tif');
    expect(img.pixelSize).toEqual({ umPerPx: 0.8707951277094507, source: 'nikon-tag', detail: 'Nikon NIS-Elements tag 65326' });
    expect(formatUm(img.pixelSize!.umPerPx)).toBe('0.8708');
  });

  it('no pixel size when the file states none', () => {
    expect(decodeImage(buildTiff([page()]), 'none.tif').pixelSize).toBeNull();
  });
});

describeWithShared('pixel size of the real Nikon TIFFs in ../shared', () => {
  it('every time-lapse frame and reference field holds 0.8708 µm/px in tag 65326', () => {
    const files = [
      ...[1, 4, 7, 10, 13, 16, 19, 22, 25, 28, 31, 34, 37].map((t) => ['timelapse', `t${String(t).padStart(2, '0')}.tif`]),
      ...FIELD_NAMES.map((s) => ['fields', s, 'raw.tif']),
    ];
    for (const parts of files) {
      const name = parts.join('/');
      const img = decodeImage(readFileSync(sharedPath('data', 'phase-contrast', ...parts)), name);
      expect(img.pixelSize?.source, name).toBe('nikon-tag');
      expect(formatUm(img.pixelSize!.umPerPx), name).toBe('0.8708');
      expect(img.pixelSize!.umPerPx).toBeCloseTo(0.8707951, 6);
      expect(img.bitDepthInfo.significantBits, name).toBe(16);
    }
  });
});

/** An OME-TIFF of `n` pages, each one flat `value = 1000 + page index`, with `xml` as description. */
function omeTiff(xml: string, n: number): Uint8Array {
  const pages = Array.from({ length: n }, (_, i) =>
    page(i === 0 ? [[270, 2, xml]] : [], { values: new Array(6).fill(1000 + i) }),
  );
  return buildTiff(pages);
}

describe('OME-TIFF: pages mapped to T, Z, C and positions from the OME-XML', () => {
  it('DimensionOrder XYCZT, 2 channels × 2 z × 3 t, TimeIncrement in minutes', () => {
    const xml = `<OME xmlns="http://www.openmicroscopy.org/Schemas/OME/2016-06"><Image ID="Image:0" Name="A1"><Pixels ID="Pixels:0" DimensionOrder="XYCZT" Type="uint16" SizeX="3" SizeY="2" SizeC="2" SizeZ="2" SizeT="3" PhysicalSizeX="0.65" TimeIncrement="30" TimeIncrementUnit="min"><Channel ID="Channel:0:0" Name="Phase"/><Channel ID="Channel:0:1" Name="GFP"/><TiffData IFD="0" PlaneCount="12"/></Pixels></Image></OME>`;
    const img = decodeImage(omeTiff(xml, 12), 'stack.ome.tif');
    expect(img.pages).toHaveLength(12);
    expect(img.ome!.sizeC).toBe(2);
    expect(img.ome!.timeIncrementH).toBe(0.5);
    const planes = img.ome!.planes.map((p) => [p.ifd, p.c, p.z, p.t, p.timeH, p.channelName]);
    // C changes fastest, then Z, then T.
    expect(planes.slice(0, 5)).toEqual([
      [0, 0, 0, 0, 0, 'Phase'],
      [1, 1, 0, 0, 0, 'GFP'],
      [2, 0, 1, 0, 0, 'Phase'],
      [3, 1, 1, 0, 0, 'GFP'],
      [4, 0, 0, 1, 0.5, 'Phase'],
    ]);
    expect(planes[11]).toEqual([11, 1, 1, 2, 1, 'GFP']);
    // The page data really are the pages the planes name.
    expect(img.pages[7]!.data[0]).toBe(1007);
    expect(img.pixelSize!.umPerPx).toBe(0.65);
  });

  it('TiffData elements out of page order, Plane DeltaT in seconds, two positions', () => {
    const pixels = (id: number, first: number) =>
      `<Image ID="Image:${id}"><Pixels ID="Pixels:${id}" DimensionOrder="XYZCT" Type="uint16" SizeX="3" SizeY="2" SizeZ="1" SizeC="1" SizeT="2">` +
      `<Channel ID="Channel:${id}:0" Name="Ph"/>` +
      `<TiffData IFD="${first + 1}" FirstT="1" PlaneCount="1"/><TiffData IFD="${first}" FirstT="0" PlaneCount="1"/>` +
      `<Plane TheZ="0" TheC="0" TheT="0" DeltaT="0" DeltaTUnit="s"/><Plane TheZ="0" TheC="0" TheT="1" DeltaT="5400" DeltaTUnit="s"/>` +
      `</Pixels></Image>`;
    const xml = `<?xml version="1.0"?><OME xmlns="http://www.openmicroscopy.org/Schemas/OME/2016-06">${pixels(0, 0)}${pixels(1, 2)}</OME>`;
    const layout = readOmeLayout(xml)!;
    expect(layout.positions).toBe(2);
    expect(layout.planes.map((p) => [p.ifd, p.position, p.t, p.timeH])).toEqual([
      [0, 0, 0, 0],
      [1, 0, 1, 1.5],
      [2, 1, 0, 0],
      [3, 1, 1, 1.5],
    ]);
    const img = decodeImage(omeTiff(xml, 4), 'two.ome.tif');
    expect(img.ome!.planes[3]).toMatchObject({ position: 1, t: 1, timeH: 1.5 });
  });

  it('a page the XML does not place is refused with the file named', () => {
    const xml = `<OME><Image ID="Image:0"><Pixels DimensionOrder="XYZCT" SizeZ="1" SizeC="1" SizeT="2"><TiffData IFD="0" PlaneCount="2"/></Pixels></Image></OME>`;
    expect(() => decodeImage(omeTiff(xml, 3), 'short.ome.tif')).toThrow(ImageDecodeError);
    expect(() => decodeImage(omeTiff(xml, 3), 'short.ome.tif')).toThrow(/short\.ome\.tif: OME-TIFF whose OME-XML does not say which plane page 3 is/);
    const broken = xml.replace('SizeT="2"', 'SizeT="0"');
    expect(() => decodeImage(omeTiff(broken, 2), 'bad.ome.tif')).toThrow(/bad\.ome\.tif: OME-TIFF whose OME-XML cannot be used: OME-XML SizeT="0"/);
  });

  it('a plain TIFF has no OME layout', () => {
    expect(decodeImage(buildTiff([page()]), 'plain.tif').ome).toBeNull();
    expect(readOmeLayout('ImageJ=1.53\nunit=micron')).toBeNull();
  });
});

describe('bit depth: 12/14-bit in 16-bit containers, signed 16-bit', () => {
  it('12-bit values in a 16-bit container are recognised and stated', () => {
    const img = decodeImage(buildTiff([page([], { values: [0, 100, 2000, 3000, 4000, 4095] })]), 'cam12.tif');
    expect(img.bitDepthInfo).toMatchObject({ container: 16, significantBits: 12, significantFrom: 'values', signed: false, min: 0, max: 4095 });
    expect(img.bitDepthInfo.statement).toBe('12-bit data in a 16-bit container (values 0–4,095); the 16 → 8-bit rule stretches the 0.5–99.5 % percentiles');
    expect(img.notes).toContain(img.bitDepthInfo.statement);
  });

  it('14-bit, and 16-bit when a value needs all 16 bits', () => {
    expect(decodeImage(buildTiff([page([], { values: [5, 16383, 9000, 1, 2, 3] })]), 'c14.tif').bitDepthInfo.significantBits).toBe(14);
    const full = decodeImage(buildTiff([page([], { values: [5, 40000, 9000, 1, 2, 3] })]), 'c16.tif');
    expect(full.bitDepthInfo.significantBits).toBe(16);
    expect(full.bitDepthInfo.statement).toMatch(/^16-bit \(values 1–40,000\)/);
  });

  it('OME SignificantBits is taken as stated', () => {
    const xml = `<OME><Image ID="Image:0"><Pixels DimensionOrder="XYZCT" SizeZ="1" SizeC="1" SizeT="1" SignificantBits="14"><TiffData/></Pixels></Image></OME>`;
    const img = decodeImage(omeTiff(xml, 1), 's.ome.tif');
    expect(img.bitDepthInfo).toMatchObject({ significantBits: 14, significantFrom: 'stated' });
  });

  it("scanR's signed 16-bit with negative values: shifted by +32768, order kept, same 8-bit image", () => {
    const signedValues = [-1200, -5, 0, 10, 800, 3000];
    const img = decodeImage(buildTiff([page([], { sampleFormat: 2, values: signedValues })]), 'A1--W00001--P00001--Z00000--T00000--Phase.tif');
    expect(Array.from(img.pages[0]!.data)).toEqual(signedValues.map((v) => v + 32768));
    expect(img.bitDepthInfo).toMatchObject({ signed: true, offset: 32768, min: 31568, max: 35768 });
    expect(img.bitDepthInfo.statement).toMatch(/^signed 16-bit \(as Evident scanR writes\), shifted by \+32,768 to unsigned/);
    // The percentile stretch does not care about the shift.
    const unsigned = decodeImage(buildTiff([page([], { values: signedValues.map((v) => v + 1200) })]), 'u.tif');
    expect(Array.from(to8bit(img.pages[0]!).data)).toEqual(Array.from(to8bit(unsigned.pages[0]!).data));
  });

  it('signed 16-bit without negative values is read as it is', () => {
    const img = decodeImage(buildTiff([page([], { sampleFormat: 2, values: [1, 2, 3, 4, 5, 4095] })]), 's.tif');
    expect(Array.from(img.pages[0]!.data)).toEqual([1, 2, 3, 4, 5, 4095]);
    expect(img.bitDepthInfo).toMatchObject({ signed: true, offset: 0 });
    expect(img.bitDepthInfo.statement).toMatch(/^signed 16-bit with no negative value, read as unsigned/);
  });

  it('8-bit files say 8-bit', () => {
    const img = decodeImage(buildTiff([page([], { bitsPerSample: 8, values: [0, 1, 2, 3, 4, 255] })]), 'e.tif');
    expect(img.bitDepthInfo).toMatchObject({ container: 8, significantBits: 8 });
    expect(img.bitDepthInfo.statement).toBe('8-bit (values 0–255)');
  });
});

describe('OME-TIFF pages → image addresses (choosePages)', () => {
  it('keeps the phase channel and the lowest Z plane (as for file names), names every other page with its reason', () => {
    const xml = `<OME><Image ID="Image:0"><Pixels DimensionOrder="XYCZT" SizeC="2" SizeZ="3" SizeT="2" TimeIncrement="2" TimeIncrementUnit="h"><Channel Name="GFP"/><Channel Name="Phase"/><TiffData IFD="0" PlaneCount="12"/></Pixels></Image><Image ID="Image:1"><Pixels DimensionOrder="XYCZT" SizeC="2" SizeZ="3" SizeT="2" TimeIncrement="2" TimeIncrementUnit="h"><Channel Name="GFP"/><Channel Name="Phase"/><TiffData IFD="12" PlaneCount="12"/></Pixels></Image></OME>`;
    const layout = readOmeLayout(xml)!;
    const { pages, notes } = choosePages(24, layout.planes);
    const kept = pages.filter((p) => p.keep);
    // XYCZT: page = c + 2·z + 6·t (+ 12 for the second position); Phase is c = 1.
    expect(kept.map((p) => [p.pageIndex, p.fovOffset, p.timeOffsetH])).toEqual([
      [1, 0, 0],
      [7, 0, 2],
      [13, 1, 0],
      [19, 1, 2],
    ]);
    expect(kept[0]!.label).toBe('position 1, T 0, Z 0, C 1 (Phase)');
    expect(pages[0]!.reason).toBe('channel GFP is not the one kept (Phase)');
    expect(pages[3]!.reason).toBe('Z plane 1 is not the one kept (0)');
    expect(notes).toEqual(['OME-TIFF: channel Phase kept of GFP, Phase', 'OME-TIFF: Z plane 0 kept of 3']);

    // The import's channel and Z choices apply to OME pages too.
    const asked = choosePages(24, layout.planes, { channel: 'gfp', z: 2 });
    expect(asked.pages.filter((p) => p.keep).map((p) => p.pageIndex)).toEqual([4, 10, 16, 22]);
    const missing = choosePages(24, layout.planes, { channel: 'DAPI' });
    expect(missing.notes[0]).toBe('OME-TIFF: no channel DAPI in the OME-XML (GFP, Phase)');
    expect(missing.pages.filter((p) => p.keep).map((p) => p.pageIndex)).toEqual([1, 7, 13, 19]);
  });

  it('a plain multi-page TIFF: pages are consecutive FOVs', () => {
    expect(choosePages(3, null).pages.map((p) => [p.keep, p.fovOffset, p.timeOffsetH])).toEqual([
      [true, 0, 0],
      [true, 1, 0],
      [true, 2, 0],
    ]);
  });
});
