import { createHash } from 'node:crypto';
import { getCv } from '../src/core/cv';
import { makeDemoClones, renderDemoImage, DEMO_SEGMENTATION_PARAMS } from '../src/core/demo';
import { DEFAULT_SEGMENTATION_PARAMS } from '../src/core/segmentation/params';
import { segmentImage } from '../src/core/segmentation/pipeline';
import { measureCells } from '../src/core/descriptors';
const cv = await getCv();
const clones = makeDemoClones(1, 15);
const h = createHash('sha256');
let seg = 0;
for (let k = 0; k < 15; k++) {
  const img = renderDemoImage({ seed: 1, clone: clones[k]!, timeH: 6 + 6 * k, fov: k + 1, size: k % 3 ? 1000 : 777 });
  for (const p of [DEMO_SEGMENTATION_PARAMS, DEFAULT_SEGMENTATION_PARAMS]) {
    const times: number[] = [];
    let s = segmentImage(cv, img, p);
    for (let r = 0; r < 4; r++) { const t = performance.now(); s = segmentImage(cv, img, p); times.push(performance.now() - t); }
    seg += times.sort((a, b) => a - b)[1]!;
    h.update(new Uint8Array(s.labels.buffer));
    h.update(new Uint8Array(Float64Array.from(measureCells(cv, img, s.labels).values).buffer));
  }
}
console.log(h.digest('hex'), 'seg ms/field', (seg / 30).toFixed(1));
