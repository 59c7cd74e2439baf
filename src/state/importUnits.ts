/**
 * The import's share of physical units: where each decoded page goes (an OME-TIFF's pages by its
 * OME-XML, core/image/omePages), and the pixel size the files state — kept with the experiment
 * and, while its segmentation settings are still the defaults, made the size segmentation and
 * units use. Files stating another size and OME pages left out are named in the messages.
 */
import { choosePages, describePixelSize, roundPixelSize, type PageChoice } from '../core/image';
import { DEFAULT_LEARNED_PARAMS } from '../core/segmentation/params';
import { openWorkbenchDb } from '../storage/db';
import { updateExperiment, type ExperimentPatch } from '../storage/repository';
import type { StatedPixelSize } from '../storage/schema';
import type { DecodedFile } from '../workers/imageApi';
import { useMessages } from './messageStore';

const natural = new Intl.Collator('en', { numeric: true, sensitivity: 'base' }).compare;

export class ImportUnits {
  /** Every stated size, by file; files decode in parallel, so the choice is made at the end, in path order. */
  private readonly sizes: StatedPixelSize[] = [];
  private readonly leftOut: string[] = [];
  private readonly notes = new Set<string>();

  /** `choice`: the import table's channel and Z plane, applied to OME pages as to file names. */
  private readonly choice: { channel?: string; z?: number };
  constructor(choice: { channel?: string; z?: number } = {}) {
    this.choice = choice;
  }

  /** Each page's placement (relative to the file name's address) and whether it is kept. */
  place(path: string, decoded: Pick<DecodedFile, 'pages' | 'planes' | 'pixelSize'>): PageChoice[] {
    if (decoded.pixelSize) this.sizes.push({ ...decoded.pixelSize, fileName: path });
    const choice = choosePages(decoded.pages.length, decoded.planes, this.choice);
    for (const n of choice.notes) this.notes.add(`${path}: ${n}`);
    for (const p of choice.pages) if (!p.keep) this.leftOut.push(`${path} [${p.label}]: ${p.reason}`);
    return choice.pages;
  }

  /** After the import: store the stated pixel size and say what was read and left out. */
  async record(experimentId: string): Promise<void> {
    const messages = useMessages.getState();
    for (const n of [...this.notes].slice(0, 10)) messages.push('info', n);
    const left = this.leftOut;
    if (left.length > 0)
      messages.push(
        'info',
        `${left.length} OME-TIFF page${left.length === 1 ? ' was' : 's were'} left out:\n${left
          .slice(0, 20)
          .map((p) => `• ${p}`)
          .join('\n')}${left.length > 20 ? `\n… and ${left.length - 20} more` : ''}`,
      );
    // The first file (in natural path order) that states a size gives the experiment's.
    const sizes = [...this.sizes].sort((a, b) => natural(a.fileName, b.fileName));
    const stated = sizes[0];
    if (!stated) return;
    const otherSizes = sizes.filter((p) => Math.abs(p.umPerPx / stated.umPerPx - 1) > 1e-3).map((p) => `${p.fileName}: ${describePixelSize(p)}`);
    const db = await openWorkbenchDb();
    const experiment = await db.get('experiments', experimentId);
    if (!experiment) return;
    const um = roundPixelSize(stated.umPerPx);
    const patch: ExperimentPatch = {};
    if (!experiment.pixelSize) patch.pixelSize = stated;
    if (!experiment.segmentationParams && !experiment.isDemo) patch.segmentationParams = { ...DEFAULT_LEARNED_PARAMS, pixelSizeUm: um };
    if (Object.keys(patch).length > 0) await updateExperiment(db, experimentId, patch);
    const saved = experiment.segmentationParams as { pixelSizeUm?: unknown } | null;
    const used = patch.segmentationParams ? um : typeof saved?.pixelSizeUm === 'number' ? saved.pixelSizeUm : um;
    messages.push(
      'info',
      `Pixel size ${describePixelSize(stated)}, read from ${stated.fileName}${
        Math.abs(used / um - 1) > 1e-3 ? `; this experiment's settings use ${used} µm/px (change it under Segmentation)` : ''
      }.`,
    );
    if (otherSizes.length > 0)
      messages.push(
        'warning',
        `${otherSizes.length} file${otherSizes.length === 1 ? ' states' : 's state'} another pixel size than ${describePixelSize(stated)}:\n${otherSizes
          .slice(0, 10)
          .map((f) => `• ${f}`)
          .join('\n')}`,
      );
  }
}
