import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildReportHtml } from './report';
import { exampleReportData } from './exampleReportData';
import { imageManifest, imagesCsv, type ManifestImage } from './manifest';

const h = (s: string) => createHash('sha256').update(s).digest('hex');
const images: ManifestImage[] = [
  { file: 'b/clone2_t006h_f01.tif', clone: 'clone2', timeH: 6, fov: 1, cellCount: 40, contentHash: h('two') },
  { file: 'a/clone1_t006h_f01.tif', clone: 'clone1', timeH: 6, fov: 1, cellCount: 30, contentHash: h('one') },
  { file: 'a/clone1_t006h_f02.tif', clone: 'clone1', timeH: 6, fov: 2, cellCount: 35 },
];

describe('the image manifest', () => {
  it('is the SHA-256 of the sorted content hashes (file name where unknown), whatever the order, with counts', async () => {
    const m = await imageManifest(images);
    const expected = h([h('one'), h('two'), 'file:a/clone1_t006h_f02.tif'].sort().join('\n'));
    expect(m).toEqual({ hash: expected, images: 3, unhashed: 1, clones: 2, timePoints: 1, fovsPerWell: 2, cells: 105 });
    expect((await imageManifest([...images].reverse())).hash).toBe(expected);
    const changed = await imageManifest([{ ...images[0]!, contentHash: h('other') }, ...images.slice(1)]);
    expect(changed.hash).not.toBe(expected);
  });

  it('writes the per-image CSV with quoted names', () => {
    const csv = imagesCsv([{ ...images[0]!, file: 'with, comma.tif' }, images[2]!]);
    expect(csv).toBe(`file,clone,time_h,fov,cells,content_hash\n"with, comma.tif",clone2,6,1,40,${h('two')}\na/clone1_t006h_f02.tif,clone1,6,2,35,\n`);
  });

  it('puts the per-image table in a collapsible appendix with its CSV, and the manifest in provenance', () => {
    const data = exampleReportData(16);
    const html = buildReportHtml(data);
    expect(html).toContain(data.provenance.manifest.hash);
    expect(html).toContain('3600 (15 clones × 15 time points, up to 16 FOVs per well)');
    const appendix = html.slice(html.indexOf('<details class="appendix"'), html.indexOf('</details>'));
    expect(appendix.match(/<tr>/g)).toHaveLength(3601);
    const href = /href="(data:text\/csv;charset=utf-8,[^"]+)"/.exec(appendix)![1]!;
    const csv = decodeURIComponent(href.replace(/&amp;/g, '&').slice('data:text/csv;charset=utf-8,'.length));
    expect(csv.split('\n')).toHaveLength(3602);
    expect(csv.split('\n')[1]).toBe(`clone01_t006h_f01.png,clone01,6,1,${data.provenance.images[0]!.cellCount},${data.provenance.images[0]!.contentHash}`);
    // Printed, the appendix is left out.
    expect(html).toMatch(/@media print \{[^}]*[\s\S]*details\.appendix > :not\(summary\) \{ display: none !important; \}/);
  });
});
