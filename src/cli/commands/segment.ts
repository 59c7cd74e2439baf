/**
 * `segment IMAGE... --out DIR [--method learned|classical] [--pixel-size UM] [--params P.json]`
 * (without --pixel-size, each image at the pixel size it states, else the parameters'):
 * the learned network (the default) or the classical eight steps plus the split on each image,
 * writing `DIR/<name>.labels.png` (16-bit instance labels, 0 = background) and `DIR/<name>.cells.csv`
 * (the 12 descriptors per cell). 16-bit images are scaled to 8-bit by the
 * project's percentile rule first, as the browser does; a multi-page file gives `<name>_pN`.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { parseArgs, stringOption } from '../args';
import { nodeNetwork } from '../network';
import { chooseSegmentation, describeSegmentation, readyNetwork, SEGMENTATION_OPTIONS, SEGMENTATION_USAGE } from '../segmentationChoice';
import { getCv } from '../../core/cv';
import { cellsToCsv, measureCells } from '../../core/descriptors';
import { decodeImage, describePixelSize, encodePng, roundPixelSize, to8bit } from '../../core/image';
import { paramsHash, validateParams } from '../../core/segmentation';
import { segmentField } from '../../core/segmentation/segmentField';

export const usage = `segment IMAGE... --out DIR ${SEGMENTATION_USAGE}   cell labels (16-bit PNG) and descriptors (CSV) per image`;

export async function run(args: string[]): Promise<number> {
  const parsed = parseArgs(args, [], ['out', ...SEGMENTATION_OPTIONS]);
  const outDir = stringOption(parsed, 'out');
  const paramsPath = stringOption(parsed, 'params');
  if (!outDir || parsed.positional.length === 0) {
    console.error(`usage: npm run cli -- ${usage}`);
    return 2;
  }
  const params = chooseSegmentation(parsed, paramsPath ? JSON.parse(readFileSync(paramsPath, 'utf8')) : undefined);
  const problems = validateParams(params);
  if (problems.length > 0) {
    console.error(`invalid segmentation parameters${paramsPath ? ` in ${paramsPath}` : ''}:\n  ${problems.join('\n  ')}`);
    return 2;
  }
  mkdirSync(outDir, { recursive: true });
  await readyNetwork(params);
  const cv = await getCv();
  console.error(`segmentation: ${describeSegmentation(params)}, params ${paramsHash(params)}`);
  for (const path of parsed.positional) {
    const decoded = decodeImage(new Uint8Array(readFileSync(path)), basename(path));
    for (const note of decoded.notes) console.error(`${basename(path)}: ${note}`);
    // Without --pixel-size, an image that states its pixel size is segmented at it.
    const stated = parsed.options.has('pixel-size') ? null : decoded.pixelSize;
    const own = stated ? { ...params, pixelSizeUm: roundPixelSize(stated.umPerPx) } : params;
    if (stated) console.error(`${basename(path)}: pixel size ${describePixelSize(stated)}, read from the file`);
    const stem = basename(path, extname(path));
    for (const [i, page] of decoded.pages.entries()) {
      const name = decoded.pages.length > 1 ? `${stem}_p${i + 1}` : stem;
      const grey = to8bit(page);
      const seg = await segmentField(cv, grey, own, { network: nodeNetwork });
      if (seg.count > 0xffff) throw new Error(`${name}: ${seg.count} cells do not fit a 16-bit label image`);
      const labels16 = Uint16Array.from(seg.labels);
      writeFileSync(
        join(outDir, `${name}.labels.png`),
        encodePng({ width: seg.width, height: seg.height, bitDepth: 16, data: labels16 }),
      );
      const cells = measureCells(cv, grey, seg.labels);
      writeFileSync(join(outDir, `${name}.cells.csv`), cellsToCsv(cells));
      console.error(`${name}: ${seg.count} cells, ${(seg.timingsMs.total ?? 0).toFixed(0)} ms`);
    }
  }
  return 0;
}
