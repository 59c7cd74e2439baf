/**
 * `convert16 IN OUT.png`: one image → the 8-bit PNG that segmentation sees, by the project's
 * 16 → 8-bit rule (src/core/image/to8bit.ts). Prints p_lo, p_hi and how many pixels were clipped
 * to 0 and 255, as JSON, so a run can be checked against shared/reference/phase8_stretch.csv.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { ImageDecodeError, decodeImage, encodePng, stretchPercentiles, to8bit } from '../../core/image/index.ts';
import { numberOption, parseArgs } from '../args.ts';

export const usage =
  'convert16 IN.tif OUT.png [--page N]   16-bit image → 8-bit PNG by the stated rule; prints p_lo, p_hi, counts';

export async function run(args: string[]): Promise<number> {
  const parsed = parseArgs(args, [], ['page']);
  const [input, output] = parsed.positional;
  if (!input || !output || parsed.positional.length > 2) {
    console.error(`usage: npm run cli -- ${usage}`);
    return 2;
  }
  const pageNumber = numberOption(parsed, 'page', 1);
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(input);
  } catch (err) {
    console.error(`${input}: cannot read the file (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
    return 1;
  }
  let decoded;
  try {
    decoded = decodeImage(bytes, basename(input));
  } catch (err) {
    if (err instanceof ImageDecodeError) {
      console.error(err.message);
      return 1;
    }
    throw err;
  }
  const page = decoded.pages[pageNumber - 1];
  if (!page) {
    console.error(`${basename(input)}: has ${decoded.pages.length} page(s); --page ${pageNumber} does not exist`);
    return 2;
  }
  const stretch = page.bitDepth === 16 ? stretchPercentiles(page) : undefined;
  const grey8 = to8bit(page);
  writeFileSync(output, encodePng(grey8));
  let zero = 0;
  let full = 0;
  for (const v of grey8.data) {
    if (v === 0) zero++;
    else if (v === 255) full++;
  }
  const report = {
    input,
    output,
    width: page.width,
    height: page.height,
    bit_depth: page.bitDepth,
    // 8-bit input passes through unchanged, so there are no percentiles to report.
    p_lo: stretch?.pLo ?? null,
    p_hi: stretch?.pHi ?? null,
    n_zero: zero,
    n_255: full,
    notes: decoded.notes,
  };
  console.log(JSON.stringify(report, null, 2));
  return 0;
}
