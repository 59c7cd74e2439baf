/**
 * Bad input, kind by kind: every file or table a person might give the app by mistake must be
 * refused (or accepted) with a message that names the file and the problem, and nothing may crash.
 * Fixtures are built here, byte by byte, so each test shows exactly what is wrong with its input.
 * Segmentation runs on the real OpenCV.js.
 */
import { encode } from 'fast-png';
import { beforeAll, describe, expect, it } from 'vitest';
import { getCv, type CV } from './cv';
import { makeDemoClones, renderDemoImage } from './demo';
import { measureCells, summarize, emptyStats, type SufficientStats } from './descriptors';
import { DESCRIPTORS, type Grey8 } from './experiment';
import { contentHash, decodeImage, ImageDecodeError, MAX_PIXELS, readImageHeader, checkDecodable } from './image';
import { buildGreyJpeg, buildTiff } from '../testing/imageFixtures';
import { evaluateMatrix, modelMatrix } from './models/grid';
import { detectPattern, findCollisions, parseFileName, parseFileNames, validatePattern } from './naming/pattern';
import { matchPotencies, parsePotencyCsv } from './naming/potencyCsv';
import { buildProfiles, type ImageStats } from './profiles';
import { segmentImage } from './segmentation';
import { pca } from './stats';

const DEMO = '{clone}_t{time}h_f{fov}';

/** The message decodeImage throws for these bytes (fails the test if it does not throw). */
function refusal(bytes: Uint8Array, name: string): ImageDecodeError {
  try {
    decodeImage(bytes, name);
  } catch (err) {
    expect(err).toBeInstanceOf(ImageDecodeError);
    return err as ImageDecodeError;
  }
  throw new Error(`${name} was accepted`);
}

function greyPng(width: number, height: number, value = (i: number) => (i * 37) % 256): Uint8Array {
  const data = new Uint8Array(width * height);
  for (let i = 0; i < data.length; i++) data[i] = value(i);
  return encode({ width, height, data, channels: 1, depth: 8 });
}

/** A valid PNG header (signature + IHDR with CRC) claiming a size, and nothing else. */
function pngHeaderOnly(width: number, height: number): Uint8Array {
  const full = greyPng(2, 2);
  const out = full.slice(0, 33);
  const dv = new DataView(out.buffer);
  dv.setUint32(16, width);
  dv.setUint32(20, height);
  // Append the rest of the original chunks so the file is complete apart from the lie in IHDR.
  const rest = full.subarray(33);
  const bytes = new Uint8Array(out.length + rest.length);
  bytes.set(out);
  bytes.set(rest, out.length);
  return bytes;
}

const stats = (n: number, mean: number, m2 = n > 1 ? n - 1 : 0): SufficientStats => ({
  n: new Float64Array(12).fill(n),
  mean: new Float64Array(12).fill(mean),
  m2: new Float64Array(12).fill(m2),
});

// ------------------------------------------------------------------------------------------ files

describe('bad image files: refused with the file name and the problem', () => {
  it('1. a zero-byte file', () => {
    const e = refusal(new Uint8Array(0), 'clone01_t006h_f01.png');
    expect(e.message).toBe('clone01_t006h_f01.png: empty file (0 bytes)');
  });

  it('2. a text file with an image extension says what it starts with', () => {
    const e = refusal(new TextEncoder().encode('plate map, see lab book p. 12\n'), 'clone01_t006h_f01.png');
    expect(e.fileName).toBe('clone01_t006h_f01.png');
    expect(e.message).toBe(
      "clone01_t006h_f01.png: not an image this app reads (no PNG, JPEG or TIFF signature; starts with 'plate map, s')",
    );
  });

  it('3. a PDF named .tif is recognised as a PDF', () => {
    const e = refusal(new TextEncoder().encode('%PDF-1.7\n%âãÏÓ\n'), 'scan.tif');
    expect(e.message).toContain('scan.tif: not an image this app reads (looks like a PDF document');
  });

  it('4. a truncated PNG names the chunk and the byte counts', () => {
    const png = greyPng(64, 64);
    const cut = png.subarray(0, png.length - 30);
    const e = refusal(cut, 'cut.png');
    expect(e.message).toMatch(/^cut\.png: truncated PNG \(the image-data chunk at byte 33 runs to byte [\d,]+ but the file has [\d,]+ bytes\)$/);
    // Too short for even the header.
    expect(refusal(png.subarray(0, 20), 'stub.png').message).toBe(
      'stub.png: truncated PNG (the file has only 20 bytes, too few for a PNG header)',
    );
  });

  it('5. a PNG with a damaged byte inside its data fails the checksum', () => {
    const png = greyPng(32, 32);
    png[45] = png[45]! ^ 0xff;
    const e = refusal(png, 'damaged.png');
    expect(e.message).toMatch(/^damaged\.png: corrupt PNG \(/);
  });

  it('6. a truncated JPEG', () => {
    const jpeg = buildGreyJpeg(100);
    expect(decodeImage(jpeg, 'ok.jpg').pages[0]!.width).toBe(8);
    const e = refusal(jpeg.subarray(0, jpeg.length - 2), 'cut.jpg');
    expect(e.message).toMatch(/^cut\.jpg: truncated JPEG \(no end-of-image marker; the file stops after \d+ bytes\)$/);
    expect(refusal(jpeg.subarray(0, 30), 'stub.jpg').message).toBe(
      'stub.jpg: truncated JPEG (the file stops at 30 bytes, inside its header)',
    );
  });

  it('7. a truncated TIFF names the strip that runs past the end', () => {
    const tiff = buildTiff([{ width: 16, height: 16, bitsPerSample: 16, values: new Array(256).fill(1000) }]);
    expect(decodeImage(tiff, 'ok.tif').pages[0]!.bitDepth).toBe(16);
    // The directory comes after the pixels: cut inside it, and cut so the pixels are short.
    const e = refusal(tiff.subarray(0, tiff.length - 20), 'cut.tif');
    expect(e.message).toMatch(/^cut\.tif: truncated TIFF \(/);
    const small = buildTiff([{ width: 16, height: 16, bitsPerSample: 8, values: new Array(256).fill(9) }]);
    const dirAt = new DataView(small.buffer).getUint32(4, true);
    expect(dirAt).toBeGreaterThan(256);
    // Keep the directory, drop the second half of the pixels by pointing the strip near the end.
    const moved = small.slice();
    const dv = new DataView(moved.buffer);
    const count = dv.getUint16(dirAt, true);
    for (let i = 0; i < count; i++) {
      const entry = dirAt + 2 + 12 * i;
      if (dv.getUint16(entry, true) === 273) dv.setUint32(entry + 8, moved.length - 100, true);
    }
    expect(refusal(moved, 'short.tif').message).toBe(
      `short.tif: truncated TIFF (strip 1 of 1 ends at byte ${(moved.length + 156).toLocaleString('en')} but the file has ${moved.length} bytes)`,
    );
  });

  it('8. TIFF with JPEG compression, and with an unknown compression code', () => {
    const page = { width: 8, height: 8, bitsPerSample: 8, values: new Array(64).fill(5) };
    const jpegInTiff = refusal(buildTiff([{ ...page, compression: 7 }]), 'jpeg.tif');
    expect(jpegInTiff.message).toMatch(/^jpeg\.tif: JPEG compression .*not supported/);
    const unknown = refusal(buildTiff([{ ...page, compression: 12345 }]), 'odd.tif');
    expect(unknown.message).toMatch(/^odd\.tif: unknown \(code 12345\) compression .*not supported/);
  });

  it('9. TIFF with 32-bit float and with 32-bit integer samples', () => {
    const page = { width: 4, height: 4, bitsPerSample: 32, values: new Array(16).fill(0.5) };
    expect(refusal(buildTiff([{ ...page, sampleFormat: 3 }]), 'float.tif').message).toBe(
      'float.tif: 32-bit float samples are not supported; export 8- or 16-bit grey',
    );
    expect(refusal(buildTiff([{ ...page, values: new Array(16).fill(70000) }]), 'int32.tif').message).toBe(
      'int32.tif: 32-bit integer samples are not supported; export 8- or 16-bit grey',
    );
  });

  it('10. RGB and RGBA images are accepted, converted to grey, with a note', () => {
    const rgb = new Uint8Array(4 * 3);
    rgb.set([255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 10, 10]);
    const decoded = decodeImage(encode({ width: 2, height: 2, data: rgb, channels: 3, depth: 8 }), 'rgb.png');
    expect(decoded.sourceChannels).toBe(3);
    expect(Array.from(decoded.pages[0]!.data)).toEqual([76, 150, 29, 10]);
    expect(decoded.notes[0]).toMatch(/^colour converted to grey with ITU-R BT\.601 luma/);

    const rgba = new Uint8Array(4 * 4).fill(200);
    const withAlpha = decodeImage(encode({ width: 2, height: 2, data: rgba, channels: 4, depth: 8 }), 'rgba.png');
    expect(Array.from(withAlpha.pages[0]!.data)).toEqual([200, 200, 200, 200]);
    expect(withAlpha.notes).toContain('transparency (alpha) channel ignored');

    const tiffRgb = decodeImage(
      buildTiff([{ width: 1, height: 1, bitsPerSample: 8, samplesPerPixel: 3, values: [255, 0, 0] }]),
      'rgb.tif',
    );
    expect(tiffRgb.pages[0]!.data[0]).toBe(76);
    expect(tiffRgb.notes.join(' ')).toContain('luma');
  });

  it('11. a 1 × 1 image decodes; segmentation finds no cell in it and does not crash', async () => {
    const one = decodeImage(greyPng(1, 1, () => 128), 'dot.png');
    expect(one.pages[0]).toMatchObject({ width: 1, height: 1 });
    const cv = await getCv();
    const seg = segmentImage(cv, { width: 1, height: 1, data: new Uint8Array([128]) });
    expect(seg.count).toBe(0);
  });

  it('12. a 20000 × 20000 header is refused before any pixel is decoded, stating MAX_PIXELS', () => {
    const bytes = pngHeaderOnly(20_000, 20_000);
    const header = readImageHeader(bytes, 'huge.png');
    expect(header).toMatchObject({ width: 20_000, height: 20_000 });
    expect(() => checkDecodable(header, 'huge.png')).toThrow(
      'huge.png: image too large (20,000 × 20,000 = 400,000,000 pixels; the limit is 50,000,000 pixels (50 megapixels) per image)',
    );
    expect(MAX_PIXELS).toBe(50_000_000);
    // decodeImage refuses the same way (the IDAT holds 2 × 2 pixels only: it never got that far).
    expect(refusal(bytes, 'huge.png').message).toContain('the limit is 50,000,000 pixels');
  });
});

// ------------------------------------------------------------------------------------------ names

describe('file names and patterns', () => {
  it('13. the same file twice: equal content hash, and a collision of the two paths', async () => {
    const png = greyPng(8, 8);
    expect(await contentHash(png)).toBe(await contentHash(png.slice()));
    const parsed = parseFileNames(['a/clone01_t006h_f01.png', 'b/clone01_t006h_f01.png'], DEMO);
    expect(findCollisions(parsed)).toEqual([
      { clone: 'clone01', timeH: 6, fov: 1, paths: ['a/clone01_t006h_f01.png', 'b/clone01_t006h_f01.png'] },
    ]);
  });

  it('14. two different files mapping to the same clone/time/FOV are reported as a collision', () => {
    const parsed = parseFileNames(['clone01_t006h_f01.png', 'clone01_t6h_f1.tif', 'clone01_t006h_f02.png'], DEMO);
    const c = findCollisions(parsed);
    expect(c).toHaveLength(1);
    expect(c[0]).toMatchObject({ clone: 'clone01', timeH: 6, fov: 1, paths: ['clone01_t006h_f01.png', 'clone01_t6h_f1.tif'] });
  });

  it('15. names matching no pattern come with a reason', () => {
    const wrong = parseFileName('holiday photo.png', DEMO);
    expect(wrong.ok).toBe(false);
    // The table shows the path beside the reason, so the reason says what is wrong in the name.
    if (!wrong.ok)
      expect(wrong.reason).toBe("no {time} found: expected '_t' and something like t030h after 'holiday', but found ' photo'");
    const notImage = parseFileName('clone01_t006h_f01.txt', DEMO);
    expect(notImage).toEqual({ ok: false, reason: 'extension .txt is not an image (png, jpg, tif)' });
    const noExt = parseFileName('clone01_t006h_f01', DEMO);
    expect(noExt.ok).toBe(false);
    if (!noExt.ok) expect(noExt.reason).toContain('has no extension');
  });

  it('16. a pattern that matches nothing, and a pattern that cannot be used', () => {
    const names = ['clone01_t006h_f01.png', 'clone02_t012h_f01.png'];
    const results = parseFileNames(names, 'well{clone}/{time}/{fov}');
    expect(results.every((r) => !r.parsed.ok)).toBe(true);
    for (const r of results) if (!r.parsed.ok) expect(r.parsed.reason).toMatch(/path levels/);
    expect(detectPattern(['notes.png', 'IMG_0001.png'])).toBeNull();
    expect(validatePattern('{clone}_{clone}')).toMatch(/clone/);
    expect(validatePattern(DEMO)).toBeNull();
  });
});

// ------------------------------------------------------------------------------------ potency CSV

describe('potency table', () => {
  it('17. unknown clones, non-numbers, blanks and negatives are reported by line', () => {
    const table = parsePotencyCsv('clone,potency\nclone01,10\nclone02,ten\nclone03,\nclone99,8\n,7\nclone04,-2\n');
    expect(table.rows).toEqual([
      { clone: 'clone01', potency: 10, line: 2 },
      { clone: 'clone03', potency: null, line: 4 },
      { clone: 'clone99', potency: 8, line: 5 },
    ]);
    expect(table.problems.map((p) => p.message)).toEqual([
      "line 3: potency 'ten' for clone02 is not a number",
      "line 6: no clone id (potency '7')",
      'line 7: potency -2 for clone04 is negative',
    ]);
    const match = matchPotencies(table.rows, ['clone01', 'clone02', 'clone03']);
    expect(match.unknown).toEqual(['clone99']);
    expect(match.assigned).toEqual([
      { clone: 'clone01', potency: 10 },
      { clone: 'clone03', potency: null },
    ]);
    expect(match.unlisted).toEqual(['clone02']);
  });

  it('18. an empty table yields no rows and no crash', () => {
    expect(parsePotencyCsv('')).toEqual({ rows: [], problems: [] });
    expect(parsePotencyCsv('\uFEFFclone;potency\r\n')).toEqual({ rows: [], problems: [] });
  });
});

// ------------------------------------------------------------------------------ profiles & models

describe('profiles and models with missing or degenerate data', () => {
  const clones = ['c1', 'c2', 'c3', 'c4', 'c5'];
  /** Every clone at 6 and 12 h, one FOV, descriptor means varying by clone. */
  const images = (skip: (clone: string, h: number) => boolean = () => false): ImageStats[] =>
    clones.flatMap((clone, i) =>
      [6, 12].filter((h) => !skip(clone, h)).map((timeH) => ({ clone, timeH, fov: 1, stats: stats(10, i * 1.5 + timeH + (i % 2)) })),
    );
  const potency = new Map(clones.map((c, i) => [c, 8 + i]));

  it('19. time points missing for some clones: NaN and a note; the model leaves the clone out, saying why', () => {
    const p = buildProfiles(images((c, h) => c === 'c2' && h === 12), { windowEndH: 12 });
    expect(p.missing).toEqual(['c2 has no image at 012 h']);
    const row = p.clones.indexOf('c2');
    const width = p.columns.length;
    expect(width).toBe(48);
    const values = Array.from(p.values.subarray(row * width, (row + 1) * width));
    expect(values.slice(0, 24).every(Number.isFinite)).toBe(true);
    expect(values.slice(24).every(Number.isNaN)).toBe(true);
    // Half of c2's profile is defined: it stays, and the 12 h columns it lacks are left out.
    const m = modelMatrix(p, potency);
    expect(m.clones).toEqual(clones);
    expect(m.columns).toHaveLength(12); // the 12 means at 6 h (every SD is constant here)
    expect(m.dropped).toHaveLength(36);
    const r = evaluateMatrix(m, 'rf', { seed: 1, rfTrees: 20 });
    expect(r.notes).toEqual(['36 columns left out (undefined for some clone, or constant)']);
    expect(Number.isFinite(r.rmse)).toBe(true);

    // A clone with its only image missing has no profile at all: it is left out and named.
    const early = buildProfiles(images((c, h) => c === 'c2' && h === 6), { windowEndH: 6 });
    const m6 = modelMatrix(early, potency);
    expect(m6.droppedClones).toEqual(['c2']);
    expect(evaluateMatrix(m6, 'rf', { seed: 1, rfTrees: 20 }).notes).toContain(
      'left out for lack of cells in this window: c2',
    );
  });

  it('20. fewer than 4 (and fewer than 3) labelled clones: NaN RMSE with a clear note', () => {
    const p = buildProfiles(images(), { windowEndH: 12 });
    for (const labelled of [3, 2]) {
      const some = new Map(clones.map((c, i) => [c, i < labelled ? 8 + i : null]));
      const m = modelMatrix(p, some);
      expect(m.clones).toHaveLength(labelled);
      for (const kind of ['lasso', 'rf'] as const) {
        const r = evaluateMatrix(m, kind, { seed: 1, rfTrees: 10 });
        expect(r.rmse).toBeNaN();
        expect(r.predicted.every(Number.isNaN)).toBe(true);
        expect(r.notes).toContain(`${labelled} labelled clones: at least 4 are needed`);
      }
    }
  });

  it('21. a descriptor constant (or NaN) across clones is dropped with a note; PCA drops a constant column', () => {
    const p = buildProfiles(images(), { windowEndH: 6 });
    const width = p.columns.length;
    const area = p.columns.indexOf('area_mean_006h');
    const perimeter = p.columns.indexOf('perimeter_mean_006h');
    expect(area).toBeGreaterThanOrEqual(0);
    for (let r = 0; r < p.clones.length; r++) {
      p.values[r * width + area] = 42;
      p.values[r * width + perimeter] = NaN;
    }
    const m = modelMatrix(p, potency);
    expect(m.dropped).toContain('area_mean_006h');
    expect(m.dropped).toContain('perimeter_mean_006h');
    expect(m.columns).not.toContain('area_mean_006h');
    const r = evaluateMatrix(m, 'lasso', { seed: 1, rfTrees: 10 });
    expect(r.notes[0]).toBe(`${m.dropped.length} columns left out (undefined for some clone, or constant)`);
    expect(r.rmse).toBeGreaterThan(0);

    // prcomp would stop; here the constant column gets zero loadings and is listed.
    const x = new Float64Array([1, 5, 2, 2, 5, 4, 3, 5, 7, 4, 5, 9]);
    const model = pca(x, 4, 3);
    expect(model.droppedColumns).toEqual([1]);
    expect(model.nComponents).toBe(2);
    expect(model.rotation[1 * model.nComponents]).toBe(0);
    expect(model.rotation[1 * model.nComponents + 1]).toBe(0);
    expect(model.varianceExplained[0]! + model.varianceExplained[1]!).toBeCloseTo(1, 12);
    // A NaN in the data is refused with its place, not silently used.
    x[4] = NaN;
    expect(() => pca(x, 4, 3)).toThrow('pca: row 2, column 2 is NaN');
  });
});

// ------------------------------------------------------------------------------- segmentation

describe('images with no cells, all cells, or mixed sizes (real OpenCV)', () => {
  let cv: CV;
  beforeAll(async () => {
    cv = await getCv();
  });

  it('22. a flat image: 0 cells, 0 measurement rows, n = 0, profile NaN with a note', () => {
    const flat: Grey8 = { width: 128, height: 128, data: new Uint8Array(128 * 128).fill(120) };
    const seg = segmentImage(cv, flat);
    expect(seg.count).toBe(0);
    expect(seg.labels.every((v) => v === 0)).toBe(true);
    const cells = measureCells(cv, flat, seg.labels);
    expect(cells.cellCount).toBe(0);
    expect(cells.values).toHaveLength(0);
    const s = summarize(cells.values);
    expect(Array.from(s.n)).toEqual(new Array(12).fill(0));
    expect(s).toEqual(emptyStats());
    const p = buildProfiles([{ clone: 'empty', timeH: 6, fov: 1, stats: s }], { windowEndH: 6 });
    expect(Array.from(p.values).every(Number.isNaN)).toBe(true);
    expect(p.cellCounts[0]).toBe(0);
    expect(p.missing).toEqual(['empty has no cells at 006 h']);
  });

  it('23. an image of pure noise (texture everywhere): no crash, a count reported, measurements consistent', () => {
    const size = 128;
    const noise = new Uint8Array(size * size);
    let state = 12345;
    for (let i = 0; i < noise.length; i++) {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      noise[i] = state >>> 24;
    }
    const img: Grey8 = { width: size, height: size, data: noise };
    const seg = segmentImage(cv, img);
    expect(Number.isInteger(seg.count)).toBe(true);
    expect(seg.count).toBeGreaterThanOrEqual(0);
    let maxLabel = 0;
    for (const v of seg.labels) if (v > maxLabel) maxLabel = v;
    expect(maxLabel).toBe(seg.count);
    const cells = measureCells(cv, img, seg.labels);
    expect(cells.cellCount).toBe(seg.count);
    const s = summarize(cells.values);
    expect(s.n[0]).toBe(seg.count); // area is defined for every cell
  });

  it('24. mixed image sizes within a clone: profiles still build from per-cell statistics', () => {
    const clone = makeDemoClones(5, 2)[1];
    const fields: Array<[number, number]> = [
      [48, 256],
      [54, 384],
    ];
    const measured = fields.map(([timeH, size]) => {
      const img = renderDemoImage({ seed: 5, clone: clone!, timeH, fov: 1, size });
      expect(img.width).toBe(size);
      const seg = segmentImage(cv, img);
      const cells = measureCells(cv, img, seg.labels);
      return { clone: clone!.id, timeH, fov: 1, stats: summarize(cells.values), count: cells.cellCount };
    });
    expect(measured[0]!.count).toBeGreaterThan(0);
    expect(measured[1]!.count).toBeGreaterThan(0);
    const p = buildProfiles(measured, { windowEndH: 54, timePointsH: [48, 54] });
    expect(p.missing).toEqual([]);
    expect(Array.from(p.cellCounts)).toEqual([measured[0]!.count, measured[1]!.count]);
    const areaMean6 = p.values[p.columns.indexOf('area_mean_048h')]!;
    const areaMean12 = p.values[p.columns.indexOf('area_mean_054h')]!;
    expect(areaMean6).toBeCloseTo(measured[0]!.stats.mean[DESCRIPTORS.indexOf('area')]!, 9);
    expect(areaMean12).toBeCloseTo(measured[1]!.stats.mean[DESCRIPTORS.indexOf('area')]!, 9);
  });
});
