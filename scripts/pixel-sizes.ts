/**
 * The pixel size and bit depth every TIFF under ../shared/data states, as the app reads them
 * (src/core/image: decodeImage → pixelSize, bitDepthInfo). Rerun: `npx tsx scripts/pixel-sizes.ts`.
 * Prints one line per distinct (source, value, bits) with the number of files and one example.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { decodeImage, describePixelSize } from '../src/core/image';
import { sharedPath } from '../src/testing/shared';

function tiffs(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return tiffs(path);
    return /\.tiff?$/i.test(name) ? [path] : [];
  });
}

const root = sharedPath('data');
const groups = new Map<string, { n: number; example: string }>();
for (const path of tiffs(root)) {
  const name = relative(root, path);
  const img = decodeImage(readFileSync(path), name);
  const key = `${img.pixelSize ? describePixelSize(img.pixelSize) : 'no pixel size stated'} · ${img.pixelSize ? `exact ${img.pixelSize.umPerPx}` : ''} · ${img.bitDepthInfo.container}-bit container, ${img.bitDepthInfo.significantBits} bits used`;
  const g = groups.get(key) ?? { n: 0, example: name };
  g.n++;
  groups.set(key, g);
}
for (const [key, g] of groups) console.log(`${g.n} files: ${key} (e.g. ${g.example})`);
