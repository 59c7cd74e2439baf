import { describe, expect, it } from 'vitest';
import { getCv } from './cv';

describe('getCv', () => {
  it('loads OpenCV.js once and runs a real operation', async () => {
    const cv = await getCv();
    expect(await getCv()).toBe(cv);
    const m = new cv.Mat(4, 4, cv.CV_8UC1, new cv.Scalar(7));
    const dst = new cv.Mat();
    try {
      cv.threshold(m, dst, 5, 255, cv.THRESH_BINARY);
      expect(cv.countNonZero(dst)).toBe(16);
    } finally {
      m.delete();
      dst.delete();
    }
  });
});
