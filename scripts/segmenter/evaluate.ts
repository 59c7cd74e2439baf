/**
 * Scores the learned segmenter, tunes its post-processing, and writes the model card.
 *
 *   npx tsx scripts/segmenter/evaluate.ts [--model FILE.onnx] [--tune] [--write-card]
 *
 * --tune searches the post-processing settings on the train/ fields the training held out for
 * tuning (never on fields/); the six fields/ are then scored once with the chosen settings, beside
 * the classical eight steps with their defaults. --write-card copies the model into public/models,
 * and writes src/core/segmentation/learned/model-card.json (hashes, settings, scores, training log).
 */
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { execSync } from 'node:child_process';
import { getCv, type CV } from '../../src/core/cv';
import type { Grey8 } from '../../src/core/experiment';
import { decodeImage, to8bit } from '../../src/core/image';
import { cellsFromMaps, type CellMapParams } from '../../src/core/segmentation/learned/labels';
import { compactLabels } from '../../src/core/segmentation/masks';
import { openNetwork, type OrtLike } from '../../src/core/segmentation/learned/network';
import { mapToField, prepareInput } from '../../src/core/segmentation/learned/prepare';
import type { LearnedParams } from '../../src/core/segmentation/learned/segment';
import { DEFAULT_SEGMENTATION_PARAMS } from '../../src/core/segmentation/params';
import { segmentImage } from '../../src/core/segmentation/pipeline';
import { profileError } from '../../src/core/segmentation/profileError';
import { scoreSegmentation, type LabelImage } from '../../src/core/segmentation/score';

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), '..', '..');
const SHARED = process.env.POTENCY_SHARED_DIR ?? resolve(ROOT, '..', 'shared');
const PC = join(SHARED, 'data', 'phase-contrast');
const FIELDS = ['set1', 'set5', 'set10', 'set18', 'set22', 'set30'];
const UM_PER_PX = 0.87;

const args = process.argv.slice(2);
const opt = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const modelPath = resolve(opt('--model') ?? join(ROOT, 'public', 'models', 'segmenter.onnx'));
const trainingLog = modelPath.replace(/\.onnx$/, '.training.json');

function page(path: string) {
  const p = decodeImage(new Uint8Array(readFileSync(path)), path).pages[0];
  if (!p) throw new Error(`${path}: no image`);
  return p;
}

interface Sample {
  name: string;
  image: Grey8;
  truth: LabelImage;
  background: Float32Array;
  distance: Float32Array;
  interior: Float32Array;
  /** The maps at the network's size, for the post-processing variants. */
  small: { width: number; height: number; background: Float32Array; distance: Float32Array };
  networkMs: number;
}

async function loadSample(cv: CV, net: Awaited<ReturnType<typeof openNetwork>>, dir: string, name: string): Promise<Sample> {
  const image = to8bit(page(join(dir, 'raw.tif')));
  const truth = page(join(dir, 'labels.png')).data as LabelImage;
  const input = prepareInput(cv, image, UM_PER_PX / 1.74);
  const t = performance.now();
  const maps = await net.run(input.data, input.width, input.height);
  const networkMs = performance.now() - t;
  return {
    name,
    image,
    truth,
    background: mapToField(cv, maps, 0, input, image.width, image.height),
    distance: mapToField(cv, maps, 3, input, image.width, image.height),
    interior: mapToField(cv, maps, 1, input, image.width, image.height),
    small: {
      width: input.innerWidth,
      height: input.innerHeight,
      background: mapToField(cv, maps, 0, input, input.innerWidth, input.innerHeight),
      distance: mapToField(cv, maps, 3, input, input.innerWidth, input.innerHeight),
    },
    networkMs,
  };
}

function toMapParams(p: LearnedParams): CellMapParams {
  const a = UM_PER_PX * UM_PER_PX;
  return { foreground: p.foreground, seed: p.seed, minSeedArea: p.minSeedAreaUm2 / a, minArea: p.minAreaUm2 / a, removeBorder: true };
}

function scoreLabels(cv: CV, s: { image: Grey8; truth: LabelImage }, labels: Int32Array) {
  const sc = scoreSegmentation(labels, s.truth, s.image.width, s.image.height);
  const pe = profileError(cv, s.image, labels, s.truth);
  return { dice: sc.dice, f1: sc.f1, precision: sc.precision, recall: sc.recall, profileError: pe.error, cells: sc.predCount, truthCells: sc.truthCount };
}

function learnedScore(cv: CV, s: Sample, p: LearnedParams) {
  const { labels } = cellsFromMaps({ width: s.image.width, height: s.image.height, background: s.background, distance: s.distance }, toMapParams(p));
  return scoreLabels(cv, s, labels);
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const r3 = (x: number) => Math.round(x * 1000) / 1000;

async function main() {
  const cv = await getCv();
  const ort = await import('onnxruntime-web');
  ort.env.wasm.numThreads = 1;
  const net = await openNetwork(ort as unknown as OrtLike, new Uint8Array(readFileSync(modelPath)));
  const training = existsSync(trainingLog) ? JSON.parse(readFileSync(trainingLog, 'utf8')) : {};
  const tuningNames: string[] = training.tuning_fields ?? ['set3', 'set14', 'set24', 'set33', 'set42'];

  let chosen: LearnedParams = JSON.parse(readFileSync(join(ROOT, 'src/core/segmentation/learned/model-card.json'), 'utf8')).postprocessing;
  if (args.includes('--tune')) {
    const tuning = [];
    for (const n of tuningNames) tuning.push(await loadSample(cv, net, join(PC, 'train', n), n));
    let best = -Infinity;
    for (const foreground of [0.3, 0.4, 0.5, 0.6])
      for (const seed of [0.3, 0.4, 0.5, 0.6, 0.7])
        for (const minSeedAreaUm2 of [10, 40, 120])
          for (const minAreaUm2 of [100, 250, 500]) {
            const p = { foreground, seed, minSeedAreaUm2, minAreaUm2 };
            const scores = tuning.map((s) => learnedScore(cv, s, p));
            const f1 = mean(scores.map((x) => x.f1));
            const pe = mean(scores.map((x) => x.profileError));
            const objective = f1 - 0.5 * pe;
            if (objective > best) {
              best = objective;
              chosen = p;
              console.log(`tuning: ${JSON.stringify(p)} F1 ${r3(f1)} profile error ${r3(pe)} Dice ${r3(mean(scores.map((x) => x.dice)))}`);
            }
          }
  }

  const perField: Record<string, ReturnType<typeof scoreLabels> & { networkMs: number }> = {};
  const classical: Record<string, ReturnType<typeof scoreLabels>> = {};
  for (const name of FIELDS) {
    const s = await loadSample(cv, net, join(PC, 'fields', name), name);
    perField[name] = { ...learnedScore(cv, s, chosen), networkMs: Math.round(s.networkMs) };
    classical[name] = scoreLabels(cv, s, segmentImage(cv, s.image, DEFAULT_SEGMENTATION_PARAMS).labels);
  }
  if (args.includes('--variants')) {
    // Post-processing variants on the same network output, scored on the tuning fields only.
    const tuning = [];
    for (const n of tuningNames) tuning.push(await loadSample(cv, net, join(PC, 'train', n), n));
    const variants: Record<string, (s: Sample) => Int32Array> = {
      'distance seeds, at the field size (default)': (s) =>
        cellsFromMaps({ width: s.image.width, height: s.image.height, background: s.background, distance: s.distance }, toMapParams(chosen)).labels,
      'interior-probability seeds (P(interior) > 0.5)': (s) => {
        // the distance channel replaced by the interior probability for the seeds and the flood
        return cellsFromMaps({ width: s.image.width, height: s.image.height, background: s.background, distance: s.interior }, { ...toMapParams(chosen), seed: 0.5 }).labels;
      },
      'at the network size, labels enlarged (nearest)': (s) => {
        const { width, height } = s.small;
        const f = (s.image.width / width) * (s.image.height / height);
        const p = toMapParams(chosen);
        const small = cellsFromMaps(s.small, { ...p, minSeedArea: p.minSeedArea / f, minArea: p.minArea / f }).labels;
        const out = new Int32Array(s.image.width * s.image.height);
        for (let y = 0; y < s.image.height; y++)
          for (let x = 0; x < s.image.width; x++)
            out[y * s.image.width + x] = small[Math.min(height - 1, Math.floor((y * height) / s.image.height)) * width + Math.min(width - 1, Math.floor((x * width) / s.image.width))]!;
        return out;
      },
    };
    variants['at the network size, labels enlarged inside the field-size foreground'] = (s) => {
      const { width, height } = s.small;
      const f = (s.image.width / width) * (s.image.height / height);
      const p = toMapParams(chosen);
      const small = cellsFromMaps(s.small, { ...p, minSeedArea: p.minSeedArea / f, minArea: p.minArea / f, removeBorder: false }).labels;
      const out = new Int32Array(s.image.width * s.image.height);
      for (let y = 0; y < s.image.height; y++)
        for (let x = 0; x < s.image.width; x++) {
          const i = y * s.image.width + x;
          if (1 - s.background[i]! > p.foreground)
            out[i] = small[Math.min(height - 1, Math.floor((y * height) / s.image.height)) * width + Math.min(width - 1, Math.floor((x * width) / s.image.width))]!;
        }
      compactLabels(out, s.image.width, s.image.height, p.minArea, true);
      return out;
    };
    for (const [name, run] of Object.entries(variants)) {
      const scores = tuning.map((s) => scoreLabels(cv, s, run(s)));
      console.log(`variant ${name}: Dice ${r3(mean(scores.map((x) => x.dice)))} F1 ${r3(mean(scores.map((x) => x.f1)))} profile error ${r3(mean(scores.map((x) => x.profileError)))}`);
    }
  }
  if (opt('--rescale')) {
    // The same fields shown at another magnification: resized by k, with the pixel size set to 0.87 / k.
    const k = Number(opt('--rescale'));
    const rows = [];
    for (const name of FIELDS) {
      const dir = join(PC, 'fields', name);
      const image = to8bit(page(join(dir, 'raw.tif')));
      const truth = page(join(dir, 'labels.png')).data as LabelImage;
      const w = Math.round(image.width * k);
      const h = Math.round(image.height * k);
      const a = new cv.Mat(image.height, image.width, cv.CV_8UC1);
      const b = new cv.Mat();
      const t8 = new cv.Mat(image.height, image.width, cv.CV_8UC1);
      const t2 = new cv.Mat();
      try {
        a.data.set(image.data);
        cv.resize(a, b, new cv.Size(w, h), 0, 0, k < 1 ? cv.INTER_AREA : cv.INTER_LINEAR);
        t8.data.set(truth as Uint8Array);
        cv.resize(t8, t2, new cv.Size(w, h), 0, 0, cv.INTER_NEAREST);
        const img = { width: w, height: h, data: b.data.slice(0, w * h) };
        const tr = t2.data.slice(0, w * h);
        const px = UM_PER_PX / k;
        const input = prepareInput(cv, img, px / 1.74);
        const maps = await net.run(input.data, input.width, input.height);
        const s2 = { image: img, truth: tr };
        const aa = px * px;
        const { labels } = cellsFromMaps(
          { width: w, height: h, background: mapToField(cv, maps, 0, input, w, h), distance: mapToField(cv, maps, 3, input, w, h) },
          { foreground: chosen.foreground, seed: chosen.seed, minSeedArea: chosen.minSeedAreaUm2 / aa, minArea: chosen.minAreaUm2 / aa, removeBorder: true },
        );
        rows.push(scoreLabels(cv, s2, labels));
      } finally {
        a.delete();
        b.delete();
        t8.delete();
        t2.delete();
      }
    }
    console.log(`rescaled by ${k} (pixel size ${r3(UM_PER_PX / k)} µm/px): Dice ${r3(mean(rows.map((x) => x.dice)))} F1 ${r3(mean(rows.map((x) => x.f1)))} profile error ${r3(mean(rows.map((x) => x.profileError)))}`);
  }
  const summary = (rows: Record<string, { dice: number; f1: number; profileError: number }>) => {
    const v = Object.values(rows);
    return { dice: r3(mean(v.map((x) => x.dice))), f1: r3(mean(v.map((x) => x.f1))), profileError: r3(mean(v.map((x) => x.profileError))) };
  };
  console.log('field   learned Dice  F1   profile err | classical Dice  F1   profile err');
  for (const name of FIELDS) {
    const a = perField[name]!;
    const b = classical[name]!;
    console.log(`${name.padEnd(7)} ${r3(a.dice).toFixed(3)}  ${r3(a.f1).toFixed(3)}  ${r3(a.profileError).toFixed(3)}   | ${r3(b.dice).toFixed(3)}  ${r3(b.f1).toFixed(3)}  ${r3(b.profileError).toFixed(3)}`);
  }
  const learnedMean = summary(perField);
  const classicalMean = summary(classical);
  console.log('mean learned', JSON.stringify(learnedMean), 'classical', JSON.stringify(classicalMean));
  console.log('settings', JSON.stringify(chosen));
  const ms = Object.values(perField).map((x) => x.networkMs).sort((a, b) => a - b);
  console.log(`network ms per field (median of the six, one run each, Node wasm 1 thread): ${ms[ms.length >> 1]}`);

  if (args.includes('--write-card')) {
    const target = join(ROOT, 'public', 'models', 'segmenter.onnx');
    if (resolve(target) !== modelPath) copyFileSync(modelPath, target);
    const bytes = readFileSync(target);
    const round = (o: Record<string, number>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, r3(v)]));
    const card = {
      name: 'Potency Workbench cell segmenter',
      file: 'public/models/segmenter.onnx',
      url: 'models/segmenter.onnx',
      sha256: createHash('sha256').update(bytes).digest('hex'),
      bytes: bytes.length,
      architecture: training.architecture ?? '',
      parameters: training.parameters ?? 0,
      input: {
        name: 'image',
        scaling:
          '8-bit field (16-bit by the project rule) resized by pixel size / network_um_per_px (INTER_AREA when shrinking), ' +
          'divided by 255, standardised over the field (mean 0, SD 1), reflection-padded to a multiple of 16; shape [1, 1, H, W]',
      },
      output: { name: 'maps', channels: ['background', 'interior', 'boundary', 'distance'], note: 'probabilities of 3 classes (softmax) and the normalised distance to the cell edge (sigmoid), [1, 4, H, W]' },
      training_um_per_px: training.training_um_per_px ?? 0.87,
      network_um_per_px: training.network_um_per_px ?? 1.74,
      postprocessing: chosen,
      postprocessing_tuned_on: tuningNames.map((n) => `train/${n}`),
      training: {
        script: 'scripts/segmenter/train.py',
        script_commit: training.script_commit,
        torch: training.torch,
        seconds: training.seconds,
        arguments: training.arguments,
        best_val_loss: training.best_val_loss,
        train_fields: training.train_fields,
      },
      scores: {
        scoring: 'fields/ (never trained or tuned on), interior cells, object F1 at IoU >= 0.5; profile error = mean over 24 profile values of |pred - hand-drawn| / |hand-drawn|',
        evaluated_by: 'scripts/segmenter/evaluate.ts',
        evaluated_at_commit: execSync('git rev-parse HEAD', { cwd: ROOT, encoding: 'utf8' }).trim(),
        fields: Object.fromEntries(Object.entries(perField).map(([k, v]) => [k, round(v as unknown as Record<string, number>)])),
        mean: learnedMean,
        classical_eight_steps: { fields: Object.fromEntries(Object.entries(classical).map(([k, v]) => [k, round(v as unknown as Record<string, number>)])), mean: classicalMean },
      },
    };
    writeFileSync(join(ROOT, 'src/core/segmentation/learned/model-card.json'), JSON.stringify(card, null, 2) + '\n');
    console.log('wrote the model card');
  }
  await net.release();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
