/**
 * The paper's eight steps written the plain way, with the simplest OpenCV.js calls as a native
 * port would (full-size 51 px box background, Sobel, 0.3 × Otsu, connected components, a 17 px
 * elliptical erosion, flood-fill hole filling, border removal). It is the baseline that speed
 * benchmarks divide by, measured in the same process as the real pipeline.
 */
import type { CV } from '../cv';
import type { Grey8 } from '../experiment';

type Mat = InstanceType<CV['Mat']>;

/** The paper's eight steps with plain OpenCV.js calls, as a native port would write them. */
export function plainEightSteps(cv: CV, image: Grey8): number {
  const { width, height } = image;
  const mats: Mat[] = [];
  const mat = () => {
    const m = new cv.Mat();
    mats.push(m);
    return m;
  };
  try {
    const src = mat();
    src.create(height, width, cv.CV_8UC1);
    src.data.set(image.data);
    const bg = mat();
    cv.blur(src, bg, new cv.Size(51, 51));
    const adj = mat();
    cv.addWeighted(src, 1, bg, -1, 128, adj);
    const gx = mat();
    const gy = mat();
    cv.Sobel(adj, gx, cv.CV_16S, 1, 0);
    cv.Sobel(adj, gy, cv.CV_16S, 0, 1);
    const ax = mat();
    const ay = mat();
    cv.convertScaleAbs(gx, ax);
    cv.convertScaleAbs(gy, ay);
    const tex = mat();
    cv.addWeighted(ax, 0.5, ay, 0.5, 0, tex);
    const bin = mat();
    const otsu = cv.threshold(tex, bin, 0, 255, cv.THRESH_BINARY | cv.THRESH_OTSU);
    cv.threshold(tex, bin, 0.3 * otsu, 255, cv.THRESH_BINARY);
    const labels = mat();
    const stats = mat();
    const centroids = mat();
    const keep = (minArea: number, dropBorder: boolean) => {
      const n = cv.connectedComponentsWithStats(bin, labels, stats, centroids, 8, cv.CV_32S);
      const ok = new Uint8Array(n);
      const s = stats.data32S;
      for (let k = 1; k < n; k++) {
        const [x, y, w, h, area] = [s[5 * k]!, s[5 * k + 1]!, s[5 * k + 2]!, s[5 * k + 3]!, s[5 * k + 4]!];
        const border = x === 0 || y === 0 || x + w === width || y + h === height;
        ok[k] = area >= minArea && !(dropBorder && border) ? 255 : 0;
      }
      const l = labels.data32S;
      const b = bin.data;
      for (let i = 0; i < l.length; i++) b[i] = ok[l[i]!]!;
    };
    keep(50, false);
    const eroded = mat();
    const kernel = cv.getStructuringElement(cv.MORPH_ELLIPSE, new cv.Size(17, 17));
    mats.push(kernel);
    cv.erode(bin, eroded, kernel);
    eroded.copyTo(bin);
    keep(400, false);
    // Holes: flood the background from a corner; what it cannot reach is inside a cell.
    const flooded = mat();
    bin.copyTo(flooded);
    const ffMask = mat();
    ffMask.create(height + 2, width + 2, cv.CV_8UC1);
    ffMask.setTo(new cv.Scalar(0));
    cv.floodFill(flooded, ffMask, new cv.Point(0, 0), new cv.Scalar(255));
    const holes = mat();
    cv.bitwise_not(flooded, holes);
    cv.bitwise_or(bin, holes, bin);
    keep(0, true);
    return cv.connectedComponents(bin, labels, 8, cv.CV_32S) - 1;
  } finally {
    for (const m of mats) m.delete();
  }
}

