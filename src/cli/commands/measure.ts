/**
 * `measure IMAGE --labels LABELS.png --out FILE.csv`: the 12 descriptors of every labelled cell,
 * one CSV row per label. IMAGE may be 8- or 16-bit (PNG, TIFF, JPEG; the first page of a stack);
 * 16-bit is scaled to 8-bit by the project's percentile rule first, as the browser does.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs, stringOption } from '../args';
import { getCv } from '../../core/cv';
import { cellsToCsv, measureCells } from '../../core/descriptors';
import { decodeImage, to8bit } from '../../core/image';

export const usage =
  'measure IMAGE --labels LABELS.png [--out FILE.csv]   per-cell descriptors (CSV to FILE or stdout)';

export async function run(args: string[]): Promise<number> {
  const parsed = parseArgs(args, [], ['labels', 'out']);
  const imagePath = parsed.positional[0];
  const labelsPath = stringOption(parsed, 'labels');
  const outPath = stringOption(parsed, 'out');
  if (!imagePath || !labelsPath || parsed.positional.length > 1) {
    console.error(`usage: npm run cli -- ${usage}`);
    return 2;
  }
  const image = firstPage(imagePath);
  const labels = firstPage(labelsPath);
  if (labels.width !== image.width || labels.height !== image.height) {
    console.error(
      `${basename(labelsPath)} is ${labels.width}×${labels.height}, ` +
        `${basename(imagePath)} is ${image.width}×${image.height}`,
    );
    return 1;
  }
  const cv = await getCv();
  const grey = to8bit(image);
  const m = measureCells(cv, grey, labels.data);
  const csv = cellsToCsv(m);
  if (outPath) {
    writeFileSync(outPath, csv);
    console.error(`${m.cellCount} cells → ${outPath}`);
  } else process.stdout.write(csv);
  return 0;
}

function firstPage(path: string) {
  const decoded = decodeImage(new Uint8Array(readFileSync(path)), basename(path));
  const page = decoded.pages[0];
  if (!page) throw new Error(`${basename(path)} has no image pages`);
  if (decoded.pages.length > 1) console.error(`${basename(path)}: ${decoded.pages.length} pages, measuring the first`);
  for (const note of decoded.notes) console.error(`${basename(path)}: ${note}`);
  return page;
}
