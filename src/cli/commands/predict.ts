/**
 * `predict --model M.json --analysis OUT [--replicates 50] [--seed S] [--level 0.9] [--all]`:
 * predicted potency, with a FOV-bootstrap interval, for every clone of OUT/image_stats.json without a
 * known potency (--all: every clone). Refuses (exit 2) when the model does not fit the analysis:
 * other segmentation parameters, missing time points or profile columns. JSON on stdout.
 */
import { readFileSync } from 'node:fs';
import { numberOption, parseArgs, stringOption } from '../args';
import { checkCompatibility, modelProfiles, predictWithModel } from '../../core/models/prediction';
import { modelFromJson } from '../../core/models/modelFile';
import { predictionIntervals } from '../../core/models/intervals';
import { readAnalysis } from './train';

export const usage =
  'predict --model M.json --analysis OUT [--replicates N (50)] [--seed S] [--level 0.9] [--all]   predict the potency of new clones';

export async function run(args: string[]): Promise<number> {
  const parsed = parseArgs(args, ['all'], ['model', 'analysis', 'replicates', 'seed', 'level']);
  const modelPath = stringOption(parsed, 'model');
  const analysisPath = stringOption(parsed, 'analysis');
  if (!modelPath || !analysisPath) {
    console.error(`usage: npm run cli -- ${usage}`);
    return 2;
  }
  let model;
  try {
    model = modelFromJson(readFileSync(modelPath, 'utf8'));
  } catch (e) {
    console.error(`${modelPath}: ${e instanceof Error ? e.message : String(e)}`);
    return 2;
  }
  const replicates = numberOption(parsed, 'replicates', 50);
  const seed = numberOption(parsed, 'seed', model.condition.seed);
  const level = numberOption(parsed, 'level', 0.9);
  const analysis = readAnalysis(analysisPath);
  const all = parsed.options.has('all');
  const isKnown = (clone: string) => {
    const v = analysis.potency.get(clone);
    return v !== null && v !== undefined && Number.isFinite(v);
  };
  const clones = analysis.index.clones.filter((c) => all || !isKnown(c));
  if (clones.length === 0) {
    console.error(`${analysisPath}: every clone has a known potency; use --all to predict them anyway`);
    return 1;
  }

  const profiles = modelProfiles(model, analysis.index);
  // The columns this experiment has values for, among the clones to predict.
  const width = profiles.columns.length;
  const rows = clones.map((c) => profiles.clones.indexOf(c));
  const columns = profiles.columns.filter((_, j) => rows.some((r) => Number.isFinite(profiles.values[r * width + j]!)));
  const problems = checkCompatibility(model, {
    paramsHash: analysis.paramsHash,
    columns,
    timePointsH: analysis.index.timesH,
  });
  if (problems.length) {
    console.error(`the model ${modelPath} does not fit the analysis ${analysisPath}:`);
    for (const p of problems) console.error(`  ${p}`);
    return 2;
  }

  const wanted = new Set(clones);
  const points = predictWithModel(model, profiles).filter((p) => wanted.has(p.clone));
  const intervals = predictionIntervals(model, analysis.index, clones, { replicates, seed, level });
  const predictions: Record<string, unknown> = {};
  for (const p of points) {
    const iv = intervals.get(p.clone)!;
    predictions[p.clone] = {
      prediction: p.prediction,
      lo: iv.lo,
      hi: iv.hi,
      interval_method: iv.method,
      problems: p.problems,
    };
  }
  const out = {
    model: { kind: model.kind, condition: model.condition, loocvRmse: model.training.loocvRmse },
    predictions,
  };
  // JSON has no NaN: a clone that cannot be predicted gets null, with its problems said.
  console.log(JSON.stringify(out, null, 2));
  return 0;
}
