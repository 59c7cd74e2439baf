#!/usr/bin/env python3
"""Native baseline for `npm run bench`: the plain eight steps with OpenCV's Python bindings
(cv2, one thread), on the six shared fields, as src/core/segmentation/baseline.ts does them in
OpenCV.js. Prints one JSON line: median ms per field. Needs Debian's python3-opencv."""
import json, statistics, sys, time
import cv2
import numpy as np

cv2.setNumThreads(1)
shared, runs = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 7

def keep(binary, min_area, drop_border):
    n, labels, stats, _ = cv2.connectedComponentsWithStats(binary, connectivity=8)
    h, w = binary.shape
    x, y, bw, bh, area = stats[:, 0], stats[:, 1], stats[:, 2], stats[:, 3], stats[:, 4]
    border = (x == 0) | (y == 0) | (x + bw == w) | (y + bh == h)
    ok = (area >= min_area) & ~(drop_border & border)
    ok[0] = False
    return np.where(ok[labels], 255, 0).astype(np.uint8)

def plain8(img):
    bg = cv2.blur(img, (51, 51))
    adj = cv2.addWeighted(img, 1, bg, -1, 128)
    gx = cv2.convertScaleAbs(cv2.Sobel(adj, cv2.CV_16S, 1, 0))
    gy = cv2.convertScaleAbs(cv2.Sobel(adj, cv2.CV_16S, 0, 1))
    tex = cv2.addWeighted(gx, 0.5, gy, 0.5, 0)
    otsu, _ = cv2.threshold(tex, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    _, b = cv2.threshold(tex, 0.3 * otsu, 255, cv2.THRESH_BINARY)
    b = keep(b, 50, False)
    b = cv2.erode(b, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (17, 17)))
    b = keep(b, 400, False)
    flood = b.copy()
    mask = np.zeros((b.shape[0] + 2, b.shape[1] + 2), np.uint8)
    cv2.floodFill(flood, mask, (0, 0), 255)
    b = b | cv2.bitwise_not(flood)
    b = keep(b, 0, True)
    return cv2.connectedComponents(b, connectivity=8)[0] - 1

per_field = []
for name in ["set1", "set5", "set10", "set18", "set22", "set30"]:
    img = cv2.imread(f"{shared}/data/phase-contrast/fields/{name}/phase8.png", cv2.IMREAD_GRAYSCALE)
    plain8(img)
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        plain8(img)
        times.append(1000 * (time.perf_counter() - t))
    per_field.append(statistics.median(times))
print(json.dumps({"bench": "native", "opencv": cv2.__version__, "plainEightStepsMs": round(sum(per_field) / len(per_field), 2)}))
