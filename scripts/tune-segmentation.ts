/**
 * Scores segmentation parameters against the shared phase-contrast fields, and searches them.
 *
 *   npx tsx scripts/tune-segmentation.ts score [--params P.json]
 *   npx tsx scripts/tune-segmentation.ts search [--params START.json] [--rounds 2]
 *
 * Held-out protocol: the search sees only the TUNING images (hand-drawn set1, set5, set10 and
 * every other time-lapse frame against its model labels, t01 left out as it is set1's raw image).
 * set18, set22 and set30 are never scored during the search; `score` reports them separately.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs, numberOption, stringOption } from '../src/cli/args';
import { getCv, type CV } from '../src/core/cv';
import type { Grey8 } from '../src/core/experiment';
import { decodeImage, to8bit } from '../src/core/image';
import {
  DEFAULT_SEGMENTATION_PARAMS,
  getParam,
  mergeParams,
  paramsHash,
  validateParams,
  withParam,
  type SegmentationParams,
} from '../src/core/segmentation/params';
import { segmentImage } from '../src/core/segmentation/pipeline';
import { scoreSegmentation, type LabelImage, type SegmentationScore } from '../src/core/segmentation/score';
import { sharedPath } from '../src/testing/shared';

interface Sample {
  name: string;
  group: 'tuning' | 'held-out';
  handDrawn: boolean;
  image: Grey8;
  truth: LabelImage;
}

const TUNING_FIELDS = ['set1', 'set5', 'set10'];
const HELD_OUT_FIELDS = ['set18', 'set22', 'set30'];
const TUNING_FRAMES = ['t04', 't10', 't16', 't22', 't28', 't34'];

function read(path: string) {
  const d = decodeImage(new Uint8Array(readFileSync(path)), path);
  const page = d.pages[0];
  if (!page) throw new Error(`${path}: no image`);
  return page;
}

function loadSamples(): Sample[] {
  const fields = sharedPath('data/phase-contrast/fields');
  const frames = sharedPath('data/phase-contrast/timelapse');
  const field = (name: string, group: Sample['group']): Sample => ({
    name,
    group,
    handDrawn: true,
    image: to8bit(read(join(fields, name, 'phase8.png'))),
    truth: read(join(fields, name, 'labels.png')).data,
  });
  return [
    ...TUNING_FIELDS.map((f) => field(f, 'tuning')),
    ...HELD_OUT_FIELDS.map((f) => field(f, 'held-out')),
    ...TUNING_FRAMES.map((t) => ({
      name: t,
      group: 'tuning' as const,
      handDrawn: false,
      image: to8bit(read(join(frames, `${t}.tif`))),
      truth: read(join(frames, `${t}_labels.png`)).data,
    })),
  ];
}

function scoreAll(cv: CV, samples: Sample[], p: SegmentationParams) {
  return samples.map((s) => {
    const r = segmentImage(cv, s.image, p);
    return {
      sample: s,
      score: scoreSegmentation(r.labels, s.truth, s.image.width, s.image.height),
      ms: r.timingsMs.total,
    };
  });
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

function summary(rows: { score: SegmentationScore }[]) {
  return {
    dice: mean(rows.map((r) => r.score.dice)),
    precision: mean(rows.map((r) => r.score.precision)),
    recall: mean(rows.map((r) => r.score.recall)),
    f1: mean(rows.map((r) => r.score.f1)),
  };
}

/** The search maximises mean F1 on the tuning images, with mean Dice below 0.72 penalised. */
function objective(rows: { score: SegmentationScore }[]): number {
  const s = summary(rows);
  return s.f1 - Math.max(0, 0.72 - s.dice) * 2;
}

interface Evaluation {
  value: number;
  /** Mean F1 on the hand-drawn tuning fields and on the time-lapse frames. */
  handDrawnF1: number;
  framesF1: number;
}

function evaluate(cv: CV, tuning: Sample[], p: SegmentationParams): Evaluation {
  const rows = scoreAll(cv, tuning, p);
  return {
    value: objective(rows),
    handDrawnF1: summary(rows.filter((r) => r.sample.handDrawn)).f1,
    framesF1: summary(rows.filter((r) => !r.sample.handDrawn)).f1,
  };
}

/**
 * A change is kept only when it is worth it on both kinds of tuning data: the objective rises by at
 * least MIN_GAIN and F1 does not fall on the hand-drawn fields nor on the time-lapse frames (six
 * frames of one field would otherwise outvote three hand-drawn fields and invite over-fitting).
 */
const MIN_GAIN = 0.005;
function accept(candidate: Evaluation, best: Evaluation): boolean {
  return (
    candidate.value >= best.value + MIN_GAIN &&
    candidate.handDrawnF1 >= best.handDrawnF1 &&
    candidate.framesF1 >= best.framesF1
  );
}

const SEARCH: [string, unknown[]][] = [
  ['background.radius', [15, 25, 40, 60]],
  ['texture.smoothing', [0.8, 1.3, 2, 3]],
  ['threshold.otsuScale', [0.25, 0.3, 0.35, 0.4, 0.5]],
  ['erosion.radius', [3, 4, 5, 6, 7, 8, 10]],
  ['minArea2', [300, 450, 600, 800]],
  ['split.smoothing', [2, 3, 4, 6]],
  ['split.minPeakDistance', [15, 20, 25, 30, 40]],
  ['split.minPeakDepth', [3, 5, 7, 10]],
  ['split.mergeRatio', [0.75, 0.8, 0.85, 0.9, 0.95, 1.01]],
  ['split.regrow', [0, 2, 4]],
  ['split.haloWeight', [0, 4, 8, 16]],
  ['minFinalArea', [300, 450, 600, 800]],
];

function search(cv: CV, samples: Sample[], start: SegmentationParams, rounds: number): SegmentationParams {
  const tuning = samples.filter((s) => s.group === 'tuning');
  let best = start;
  let bestEval = evaluate(cv, tuning, best);
  console.log(`start: objective ${bestEval.value.toFixed(4)}`);
  for (let round = 1; round <= rounds; round++) {
    let improved = false;
    for (const [path, values] of SEARCH) {
      for (const v of values) {
        if (getParam(best, path) === v) continue;
        const candidate = withParam(best, path, v);
        const e = evaluate(cv, tuning, candidate);
        if (accept(e, bestEval)) {
          console.log(
            `round ${round}: ${path} = ${String(v)} → ${e.value.toFixed(4)} (was ${bestEval.value.toFixed(4)}; ` +
              `hand-drawn F1 ${e.handDrawnF1.toFixed(3)}, frames F1 ${e.framesF1.toFixed(3)})`,
          );
          best = candidate;
          bestEval = e;
          improved = true;
        }
      }
    }
    if (!improved) break;
  }
  return best;
}

function report(cv: CV, samples: Sample[], p: SegmentationParams): void {
  const rows = scoreAll(cv, samples, p);
  console.log(`params ${paramsHash(p)}`);
  console.log('| image | group | Dice | precision | recall | F1 | pred | truth | ms |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const { sample, score: s, ms } of rows)
    console.log(
      `| ${sample.name} | ${sample.group}${sample.handDrawn ? '' : ' (model labels)'} | ${s.dice.toFixed(3)} | ${s.precision.toFixed(3)} | ${s.recall.toFixed(3)} | ${s.f1.toFixed(3)} | ${s.predCount} | ${s.truthCount} | ${ms.toFixed(0)} |`,
    );
  const line = (name: string, pick: (s: Sample) => boolean) => {
    const m = summary(rows.filter((r) => pick(r.sample)));
    console.log(
      `| **${name}** | | ${m.dice.toFixed(3)} | ${m.precision.toFixed(3)} | ${m.recall.toFixed(3)} | ${m.f1.toFixed(3)} | | | |`,
    );
    return m;
  };
  const six = line('mean, six hand-drawn fields', (s) => s.handDrawn);
  const held = line('mean, held-out (set18, set22, set30)', (s) => s.group === 'held-out');
  line('mean, hand-drawn tuning fields', (s) => s.handDrawn && s.group === 'tuning');
  line('mean, time-lapse frames (model labels)', (s) => !s.handDrawn);
  console.log(JSON.stringify({ paramsHash: paramsHash(p), six, heldOut: held }));
}

async function main(): Promise<void> {
  const parsed = parseArgs(process.argv.slice(2));
  const mode = parsed.positional[0] ?? 'score';
  const paramsPath = stringOption(parsed, 'params');
  const params = mergeParams(
    paramsPath ? JSON.parse(readFileSync(paramsPath, 'utf8')) : {},
    DEFAULT_SEGMENTATION_PARAMS,
  );
  const problems = validateParams(params);
  if (problems.length) throw new Error(problems.join('; '));
  const cv = await getCv();
  const samples = loadSamples();
  if (mode === 'search') {
    const best = search(cv, samples, params, numberOption(parsed, 'rounds', 2));
    console.log(JSON.stringify(best));
    report(cv, samples, best);
  } else report(cv, samples, params);
}

void main();
