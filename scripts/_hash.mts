import { createHash } from 'node:crypto';
import { makeDemoClones, renderDemoImage } from '../src/core/demo';
const clones = makeDemoClones(1, 15);
const h = createHash('sha256');
for (let k = 0; k < 12; k++) {
  const r = renderDemoImage({ seed: 1, clone: clones[k % 15]!, timeH: 6 + 6 * (k % 15), fov: k + 1, size: k % 2 ? 1000 : 512 }, { withTruth: true });
  h.update(r.image.data); h.update(new Uint8Array(r.truth.buffer));
}
console.log(h.digest('hex'));
