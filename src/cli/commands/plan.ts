/**
 * `plan --model M.json --analysis OUT [--fold F] [--start-passage P] [--start-cells N] [--vial-cells V]
 * [--reserve R] [--risk lower|q05|q10] …`: the cell-bank plan of every clone of OUT — the passage to
 * bank at, the bank's cells and vials, the remaining passages with their interval, and the risk —
 * from the model's predictions (FOV-bootstrap intervals) and each clone's growth over the imaged
 * window (or one fold for all with --fold). `plan --potency X --lower L [--upper U]`: one clone,
 * no model. The model is docs/planning.md. JSON on stdout; no NaN (null instead).
 */
import { readFileSync } from 'node:fs';
import { numberOption, parseArgs, stringOption, UsageError } from '../args';
import { checkCompatibility, modelProfiles, predictWithModel } from '../../core/models/prediction';
import { modelFromJson } from '../../core/models/modelFile';
import { predictionIntervals } from '../../core/models/intervals';
import { naturalOrder, parseImageStatsFile } from '../../core/profiles';
import {
  cloneGrowth,
  DEFAULT_PLAN_INPUTS,
  foldFor,
  planClone,
  planPortfolio,
  RISK_LEVELS,
  type ClonePlan,
  type PlanInputs,
  type RiskLevel,
} from '../../core/planning';
import { readAnalysis } from './train';

export const usage =
  'plan --model M.json --analysis OUT | --potency X --lower L [--upper U] [--fold F] [--passage-hours 168] [--start-passage 3] [--start-cells 1e6] [--carry 1] [--vial-cells 1e6] [--reserve 3] [--risk lower|q05|q10] [--target-vials 200]   when to bank each clone and how big';

const VALUES = [
  'model',
  'analysis',
  'potency',
  'lower',
  'upper',
  'level',
  'fold',
  'passage-hours',
  'start-passage',
  'start-cells',
  'carry',
  'vial-cells',
  'reserve',
  'risk',
  'target-vials',
  'replicates',
  'seed',
];

const finite = (v: number | null | undefined): number | null => (v !== null && v !== undefined && Number.isFinite(v) ? v : null);

function planJson(p: ClonePlan) {
  return {
    bank_passage: p.bankPassage,
    cells: finite(p.cells),
    vials: finite(p.vials),
    remaining: p.remaining ? p.remaining.map((v) => Number(v.toFixed(6))) : null,
    risk: finite(p.risk),
    fold: finite(p.fold),
    fold_source: p.foldSource,
    status: p.status,
    ...(p.note ? { note: p.note } : {}),
  };
}

export async function run(args: string[]): Promise<number> {
  const parsed = parseArgs(args, [], VALUES);
  const risk = (stringOption(parsed, 'risk') ?? DEFAULT_PLAN_INPUTS.risk) as RiskLevel;
  if (!RISK_LEVELS.includes(risk)) throw new UsageError(`--risk must be one of ${RISK_LEVELS.join(', ')}, got "${risk}"`);
  const inputs: PlanInputs = {
    ...DEFAULT_PLAN_INPUTS,
    passageDurationH: numberOption(parsed, 'passage-hours', DEFAULT_PLAN_INPUTS.passageDurationH),
    startPassage: numberOption(parsed, 'start-passage', DEFAULT_PLAN_INPUTS.startPassage),
    startCells: numberOption(parsed, 'start-cells', DEFAULT_PLAN_INPUTS.startCells),
    carryFraction: numberOption(parsed, 'carry', DEFAULT_PLAN_INPUTS.carryFraction),
    vialCells: numberOption(parsed, 'vial-cells', DEFAULT_PLAN_INPUTS.vialCells),
    reserve: numberOption(parsed, 'reserve', DEFAULT_PLAN_INPUTS.reserve),
    targetVials: numberOption(parsed, 'target-vials', DEFAULT_PLAN_INPUTS.targetVials),
    risk,
    folds: {},
  };
  if (!Number.isInteger(inputs.startPassage)) throw new UsageError('--start-passage must be a whole passage number');
  if (!(inputs.vialCells > 0) || !(inputs.startCells > 0)) throw new UsageError('--start-cells and --vial-cells must be positive');
  if (!(inputs.carryFraction > 0 && inputs.carryFraction <= 1)) throw new UsageError('--carry must be in (0, 1]');
  const fold = numberOption(parsed, 'fold', NaN);
  const level = numberOption(parsed, 'level', 0.9);
  const inputsJson = {
    passage_hours: inputs.passageDurationH,
    start_passage: inputs.startPassage,
    start_cells: inputs.startCells,
    carry: inputs.carryFraction,
    vial_cells: inputs.vialCells,
    reserve: inputs.reserve,
    risk: inputs.risk,
    target_vials: inputs.targetVials,
    ...(Number.isFinite(fold) ? { fold } : {}),
  };

  // One clone without a model: the prediction and its interval's lower (and upper) bound.
  const potency = numberOption(parsed, 'potency', NaN);
  if (parsed.options.has('potency')) {
    const lower = numberOption(parsed, 'lower', NaN);
    if (!Number.isFinite(lower)) throw new UsageError('--potency needs --lower (the interval\'s lower bound)');
    const upper = numberOption(parsed, 'upper', potency + (potency - lower));
    const p = planClone(
      'clone',
      { prediction: potency, lo: lower, hi: upper, level },
      Number.isFinite(fold) ? { fold, source: 'entered' } : { fold: NaN, source: 'no growth measured' },
      inputs,
    );
    console.log(JSON.stringify({ inputs: inputsJson, clones: { clone: planJson(p) } }, null, 2));
    return 0;
  }

  const modelPath = stringOption(parsed, 'model');
  const analysisPath = stringOption(parsed, 'analysis');
  if (!modelPath || !analysisPath) throw new UsageError('give --model and --analysis, or --potency and --lower');
  let model;
  try {
    model = modelFromJson(readFileSync(modelPath, 'utf8'));
  } catch (e) {
    console.error(`${modelPath}: ${e instanceof Error ? e.message : String(e)}`);
    return 2;
  }
  const analysis = readAnalysis(analysisPath);
  const problems = checkCompatibility(model, {
    paramsHash: analysis.paramsHash,
    columns: modelProfiles(model, analysis.index).columns,
    timePointsH: analysis.index.timesH,
  });
  if (problems.length) {
    console.error(`the model ${modelPath} does not fit the analysis ${analysisPath}:`);
    for (const p of problems) console.error(`  ${p}`);
    return 2;
  }
  const clones = [...analysis.index.clones].sort(naturalOrder);
  const point = new Map(predictWithModel(model, modelProfiles(model, analysis.index)).map((p) => [p.clone, p]));
  const intervals = predictionIntervals(model, analysis.index, clones, {
    replicates: numberOption(parsed, 'replicates', 50),
    seed: numberOption(parsed, 'seed', model.condition.seed),
    level,
  });
  const file = analysisPath.endsWith('.json') ? analysisPath : `${analysisPath}/image_stats.json`;
  const records = parseImageStatsFile(readFileSync(file, 'utf8')).file.images;
  const growth = cloneGrowth(records.map((r) => ({ clone: r.clone, timeH: r.timeH, cells: r.cellCount })));
  const plans = clones.map((clone) => {
    const iv = intervals.get(clone);
    const d = { prediction: iv?.prediction ?? point.get(clone)?.prediction ?? NaN, lo: iv?.lo ?? NaN, hi: iv?.hi ?? NaN, level };
    const f = Number.isFinite(fold) ? { fold, source: 'entered' } : foldFor(clone, growth.get(clone), inputs);
    return planClone(clone, d, f, inputs);
  });
  const portfolio = planPortfolio(plans, inputs.targetVials);
  const out = {
    inputs: inputsJson,
    clones: Object.fromEntries(plans.map((p) => [p.clone, planJson(p)])),
    portfolio: { clones: portfolio.clones, vials: portfolio.vials, reached: portfolio.reached, worst_risk: portfolio.worstRisk, text: portfolio.text },
  };
  console.log(JSON.stringify(out, null, 2));
  return 0;
}
