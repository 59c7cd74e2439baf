#!/usr/bin/python3
"""Train the learned cell segmenter (a developer tool; `npm test` never runs it).

Debian 12 packages only: apt-get install python3-torch python3-onnx python3-opencv python3-tifffile
CPU only, seeded. Reads ../shared/data/phase-contrast/train/ (never fields/), writes an ONNX file
and a training log. The model card is written by scripts/segmenter/card.ts after evaluation.

Model: a small U-Net at half the training fields' resolution (0.87 µm/px -> 1.74 µm/px at the
network) with four output channels: logits of background / cell interior / cell boundary, and a
per-cell normalised distance to the cell edge (0 at the edge, 1 at the cell's centre, sigmoid).
Post-processing (seeds from the distance map, watershed in the foreground) lives in
src/core/segmentation/learned/ so the browser, the CLI and the tests share it.

Usage: scripts/segmenter/train.py [--iterations N] [--channels 8,16,32,64,128] [--out DIR]
"""
import argparse
import hashlib
import json
import math
import os
import random
import subprocess
import sys
import time

import cv2
import numpy as np
import tifffile
import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, '..', '..'))
SHARED = os.environ.get('POTENCY_SHARED_DIR', os.path.join(ROOT, '..', 'shared'))
TRAIN_DIR = os.path.join(SHARED, 'data', 'phase-contrast', 'train')

TRAIN_UM_PER_PX = 0.87  # the training fields' pixel size
NET_SCALE = 0.5  # the network sees the fields at half resolution
CROP = 256


def to8bit(raw):
    """The project's 16 -> 8-bit rule (numpy linear percentiles, round half up, clip)."""
    v = raw.astype(np.float64)
    lo, hi = np.percentile(v, [0.5, 99.5])
    if hi <= lo:
        return np.zeros(raw.shape, np.uint8)
    x = (255.0 * (v - lo)) / (hi - lo)
    return np.clip(np.floor(x + 0.5), 0, 255).astype(np.uint8)


def net_size(h, w, scale):
    return max(1, int(round(w * scale))), max(1, int(round(h * scale)))


def targets(labels):
    """Class map (0 bg, 1 interior, 2 boundary) and normalised distance, at the labels' resolution."""
    h, w = labels.shape
    pad = np.pad(labels, 1, mode='edge')
    differs = np.zeros((h, w), bool)
    for dy in (-1, 0, 1):
        for dx in (-1, 0, 1):
            if dy == 0 and dx == 0:
                continue
            differs |= pad[1 + dy:1 + dy + h, 1 + dx:1 + dx + w] != labels
    cls = np.zeros((h, w), np.int64)
    cls[labels > 0] = 1
    cls[(labels > 0) & differs] = 2
    dist = np.zeros((h, w), np.float32)
    for k in np.unique(labels):
        if k == 0:
            continue
        ys, xs = np.nonzero(labels == k)
        y0, y1, x0, x1 = ys.min(), ys.max() + 1, xs.min(), xs.max() + 1
        m = np.zeros((y1 - y0 + 2, x1 - x0 + 2), np.uint8)
        m[1:-1, 1:-1] = labels[y0:y1, x0:x1] == k
        d = cv2.distanceTransform(m, cv2.DIST_L2, 5)[1:-1, 1:-1]
        mx = d.max()
        if mx > 0:
            sel = labels[y0:y1, x0:x1] == k
            dist[y0:y1, x0:x1][sel] = d[sel] / mx
    return cls, dist


def load_fields(folder, names):
    fields = []
    for name in names:
        raw = tifffile.imread(os.path.join(folder, name, 'raw.tif'))
        lab = cv2.imread(os.path.join(folder, name, 'labels.png'), cv2.IMREAD_UNCHANGED)
        img8 = to8bit(raw)
        size = net_size(*img8.shape, NET_SCALE)
        img = cv2.resize(img8, size, interpolation=cv2.INTER_AREA).astype(np.float32)
        lab_s = cv2.resize(lab, size, interpolation=cv2.INTER_NEAREST)
        cls, dist = targets(lab_s)
        fields.append({'name': name, 'img': img, 'cls': cls, 'dist': dist})
    return fields


def normalise(img):
    """Per-image standardisation, as src/core/segmentation/learned does before the network."""
    m, s = float(img.mean()), float(img.std())
    return (img - m) / max(s, 1e-3)


def sample(field, rng):
    """One augmented crop: scale jitter, flips, 90° turns, gamma, gain/offset, blur, noise."""
    img, cls, dist = field['img'], field['cls'], field['dist']
    h, w = img.shape
    s = math.exp(rng.uniform(math.log(0.7), math.log(1.4)))  # >1 zooms in
    src = int(round(CROP / s))
    src = min(src, h, w)
    y0 = rng.randint(0, h - src)
    x0 = rng.randint(0, w - src)
    im = img[y0:y0 + src, x0:x0 + src]
    c = cls[y0:y0 + src, x0:x0 + src]
    d = dist[y0:y0 + src, x0:x0 + src]
    if src != CROP:
        interp = cv2.INTER_AREA if src > CROP else cv2.INTER_LINEAR
        im = cv2.resize(im, (CROP, CROP), interpolation=interp)
        c = cv2.resize(c.astype(np.uint8), (CROP, CROP), interpolation=cv2.INTER_NEAREST).astype(np.int64)
        d = cv2.resize(d, (CROP, CROP), interpolation=cv2.INTER_LINEAR)
    k = rng.randint(0, 3)
    im, c, d = np.rot90(im, k), np.rot90(c, k), np.rot90(d, k)
    if rng.random() < 0.5:
        im, c, d = im[:, ::-1], c[:, ::-1], d[:, ::-1]
    im = np.ascontiguousarray(im) / 255.0
    g = math.exp(rng.uniform(math.log(0.7), math.log(1.4)))
    im = np.power(np.clip(im, 0, 1), g)
    if rng.random() < 0.3:
        sigma = rng.uniform(0.3, 1.2)
        im = cv2.GaussianBlur(im.astype(np.float32), (0, 0), sigma)
    # the statistics of the whole field, as at inference (crops of empty areas stay dark)
    full = np.power(np.clip(img / 255.0, 0, 1), g)
    x = (im - full.mean()) / max(full.std(), 1e-3)
    x = x * rng.uniform(0.8, 1.25) + rng.uniform(-0.25, 0.25)
    if rng.random() < 0.5:
        x = x + np.random.default_rng(rng.randint(0, 2**31)).normal(0, rng.uniform(0.02, 0.15), x.shape)
    return x.astype(np.float32), np.ascontiguousarray(c), np.ascontiguousarray(d).astype(np.float32)


class Block(nn.Sequential):
    def __init__(self, cin, cout):
        super().__init__(
            nn.Conv2d(cin, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True),
            nn.Conv2d(cout, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True))


class UNet(nn.Module):
    def __init__(self, chans):
        super().__init__()
        self.down = nn.ModuleList()
        cin = 1
        for c in chans:
            self.down.append(Block(cin, c))
            cin = c
        self.up = nn.ModuleList()
        for c_skip, c_deep in zip(reversed(chans[:-1]), reversed(chans[1:])):
            self.up.append(Block(c_skip + c_deep, c_skip))
        self.head = nn.Conv2d(chans[0], 4, 1)

    def forward(self, x):
        out = self.logits(x)
        # the exported graph gives probabilities of the 3 classes and the distance map, all in [0, 1]
        return torch.cat([torch.softmax(out[:, :3], 1), torch.sigmoid(out[:, 3:])], 1)

    def logits(self, x):
        skips = []
        for i, block in enumerate(self.down):
            if i > 0:
                x = F.max_pool2d(x, 2)
            x = block(x)
            skips.append(x)
        for block, skip in zip(self.up, reversed(skips[:-1])):
            x = F.interpolate(x, scale_factor=2.0, mode='bilinear', align_corners=False)
            x = block(torch.cat([skip, x], 1))
        return self.head(x)


def sha256(path):
    h = hashlib.sha256()
    with open(path, 'rb') as f:
        for chunk in iter(lambda: f.read(1 << 20), b''):
            h.update(chunk)
    return h.hexdigest()


def val_loss(model, fields, cw):
    model.eval()
    tot, n = 0.0, 0
    with torch.no_grad():
        for f in fields:
            h, w = f['img'].shape
            H, W = (h + 15) // 16 * 16, (w + 15) // 16 * 16
            x = normalise(f['img'] / 255.0)
            x = np.pad(x, ((0, H - h), (0, W - w)), mode='reflect')
            out = model.logits(torch.from_numpy(x)[None, None].float())[:, :, :h, :w]
            c = torch.from_numpy(f['cls'])[None]
            d = torch.from_numpy(f['dist'])[None, None]
            loss = F.cross_entropy(out[:, :3], c, weight=cw) + 5 * F.mse_loss(torch.sigmoid(out[:, 3:]), d)
            tot += float(loss)
            n += 1
    model.train()
    return tot / max(n, 1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--iterations', type=int, default=3000)
    ap.add_argument('--batch', type=int, default=8)
    ap.add_argument('--channels', default='8,16,32,64,128')
    ap.add_argument('--lr', type=float, default=3e-3)
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--val', default='set3,set14,set24,set33,set42', help='train/ fields held out for tuning')
    ap.add_argument('--threads', type=int, default=2)
    ap.add_argument('--out', default=os.path.join(ROOT, 'public', 'models'))
    ap.add_argument('--name', default='segmenter')
    args = ap.parse_args()

    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    torch.use_deterministic_algorithms(True)

    names = sorted(d for d in os.listdir(TRAIN_DIR) if os.path.isdir(os.path.join(TRAIN_DIR, d)))
    val_names = [v for v in args.val.split(',') if v]
    train_names = [n for n in names if n not in val_names]
    t0 = time.time()
    train = load_fields(TRAIN_DIR, train_names)
    val = load_fields(TRAIN_DIR, val_names)
    print(f'loaded {len(train)} training + {len(val)} tuning fields in {time.time() - t0:.1f} s', flush=True)

    chans = [int(c) for c in args.channels.split(',')]
    model = UNet(chans)
    n_params = sum(p.numel() for p in model.parameters())
    print(f'U-Net channels {chans}: {n_params} parameters', flush=True)
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=1e-4)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=args.lr, total_steps=args.iterations, pct_start=0.05)
    cw = torch.tensor([1.0, 1.0, 3.0])
    rng = random.Random(args.seed)
    os.makedirs(args.out, exist_ok=True)
    onnx_path = os.path.join(args.out, args.name + '.onnx')
    best_path = os.path.join(args.out, args.name + '.pt')
    best = float('inf')
    log = []
    t0 = time.time()
    run = 0.0
    for it in range(1, args.iterations + 1):
        batch = [sample(train[rng.randrange(len(train))], rng) for _ in range(args.batch)]
        x = torch.from_numpy(np.stack([b[0] for b in batch]))[:, None]
        c = torch.from_numpy(np.stack([b[1] for b in batch]))
        d = torch.from_numpy(np.stack([b[2] for b in batch]))[:, None]
        out = model.logits(x)
        loss = F.cross_entropy(out[:, :3], c, weight=cw) + 5 * F.mse_loss(torch.sigmoid(out[:, 3:]), d)
        opt.zero_grad()
        loss.backward()
        opt.step()
        sched.step()
        run = 0.98 * run + 0.02 * float(loss) if it > 1 else float(loss)
        if it % 100 == 0 or it == args.iterations:
            vl = val_loss(model, val, cw)
            if vl < best:
                best = vl
                torch.save(model.state_dict(), best_path)
            el = time.time() - t0
            log.append({'iteration': it, 'train_loss': run, 'val_loss': vl, 'seconds': round(el, 1)})
            print(f'it {it} train {run:.4f} val {vl:.4f} best {best:.4f} {el:.0f} s', flush=True)

    model.load_state_dict(torch.load(best_path))
    model.eval()
    dummy = torch.zeros(1, 1, 256, 256)
    torch.onnx.export(model, dummy, onnx_path, input_names=['image'], output_names=['maps'],
                      dynamic_axes={'image': {2: 'height', 3: 'width'}, 'maps': {2: 'height', 3: 'width'}},
                      opset_version=13, do_constant_folding=True)
    os.remove(best_path)
    try:
        commit = subprocess.check_output(['git', '-C', ROOT, 'log', '-1', '--format=%H', '--', 'scripts/segmenter/train.py'], text=True).strip()
        dirty = subprocess.call(['git', '-C', ROOT, 'diff', '--quiet', '--', 'scripts/segmenter/train.py']) != 0
    except Exception:
        commit, dirty = 'unknown', True
    info = {
        'architecture': f'U-Net, channels {chans}, 3x3 conv + batch norm + ReLU, bilinear up-sampling',
        'parameters': n_params,
        'arguments': vars(args),
        'train_fields': {n: {'raw.tif': sha256(os.path.join(TRAIN_DIR, n, 'raw.tif')),
                             'labels.png': sha256(os.path.join(TRAIN_DIR, n, 'labels.png'))}
                         for n in train_names},
        'tuning_fields': val_names,
        'training_um_per_px': TRAIN_UM_PER_PX,
        'network_um_per_px': TRAIN_UM_PER_PX / NET_SCALE,
        'script_commit': commit + ('-dirty' if dirty else ''),
        'torch': torch.__version__,
        'seconds': round(time.time() - t0, 1),
        'best_val_loss': best,
        'log': log,
        'sha256': sha256(onnx_path),
    }
    with open(os.path.join(args.out, args.name + '.training.json'), 'w') as f:
        json.dump(info, f, indent=1)
    print('wrote', onnx_path, os.path.getsize(onnx_path), 'bytes', flush=True)


if __name__ == '__main__':
    sys.exit(main())
