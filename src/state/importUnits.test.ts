import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openWorkbenchDb } from '../storage/db';
import { createExperiment, getExperiment } from '../storage/repository';
import { ImportUnits } from './importUnits';
import { useMessages } from './messageStore';

const page = { width: 1, height: 1, bitDepth: 16 as const, min: 0, max: 0, thumbnail: { width: 1, height: 1, pixels: new Uint8Array(1) } };
const stated = (umPerPx: number) => ({ umPerPx, source: 'nikon-tag' as const, detail: 'Nikon NIS-Elements tag 65326' });

describe('the import keeps the pixel size the files state', () => {
  it('the first file in path order gives it; the settings use it, rounded; another size is named', async () => {
    const db = await openWorkbenchDb();
    const e = await createExperiment(db, { name: 'E', pattern: 'p' });
    const units = new ImportUnits();
    // Files finish decoding in any order.
    units.place('xy01/t10.tif', { pages: [page], planes: null, pixelSize: stated(0.8707951277094507) });
    units.place('xy01/t2.tif', { pages: [page], planes: null, pixelSize: stated(0.8707951277094507) });
    units.place('xy01/t3.tif', { pages: [page], planes: null, pixelSize: stated(0.65) });
    units.place('xy01/t1.png', { pages: [page], planes: null, pixelSize: null });
    await units.record(e.id);
    const after = (await getExperiment(db, e.id))!;
    expect(after.pixelSize).toEqual({ ...stated(0.8707951277094507), fileName: 'xy01/t2.tif' });
    expect((after.segmentationParams as { pixelSizeUm: number; method: string }).pixelSizeUm).toBe(0.8708);
    expect((after.segmentationParams as { method: string }).method).toBe('learned');
    const texts = useMessages.getState().messages.map((m) => m.text);
    expect(texts).toContain('Pixel size 0.8708 µm/px (Nikon NIS-Elements tag 65326), read from xy01/t2.tif.');
    expect(texts.some((t) => t.startsWith('1 file states another pixel size than 0.8708 µm/px') && t.includes('xy01/t3.tif: 0.65 µm/px'))).toBe(true);
  });

  it('saved settings are not changed; the message says they use another size', async () => {
    const db = await openWorkbenchDb();
    const e = await createExperiment(db, { name: 'F', pattern: 'p', segmentationParams: { method: 'classical', pixelSizeUm: 0.65 } });
    const units = new ImportUnits();
    units.place('a.tif', { pages: [page], planes: null, pixelSize: stated(0.8708) });
    await units.record(e.id);
    const after = (await getExperiment(db, e.id))!;
    expect((after.segmentationParams as { pixelSizeUm: number }).pixelSizeUm).toBe(0.65);
    expect(after.pixelSize?.fileName).toBe('a.tif');
    expect(useMessages.getState().messages.map((m) => m.text)).toContain(
      "Pixel size 0.8708 µm/px (Nikon NIS-Elements tag 65326), read from a.tif; this experiment's settings use 0.65 µm/px (change it under Segmentation).",
    );
  });
});
