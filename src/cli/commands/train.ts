/**
 * `train --analysis OUT --window-end H --fovs K --kind lasso|rf [--seed S] [--trees N] --out M.json`:
 * the final model of one condition, trained on every clone with a known potency in
 * OUT/image_stats.json (written by `analyze`), saved as a model file that `predict` (and the app) reuse.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { numberOption, parseArgs, stringOption } from '../args';
import { APP_VERSION } from '../../core/appVersion';
import { trainForCondition } from '../../core/models/training';
import { usedColumns } from '../../core/models/prediction';
import { indexImageStats, parseImageStatsFile, type ImageStatsIndex } from '../../core/profiles';

export const usage =
  'train --analysis OUT --window-end H --fovs K --kind lasso|rf [--seed S (1)] [--trees N (500)] --out M.json   train and save the final model of one condition';

export interface Analysis {
  index: ImageStatsIndex;
  /** Known potencies (null = to be predicted); empty when the experiment came without a table. */
  potency: Map<string, number | null>;
  paramsHash: string;
  params: unknown;
}

/** OUT/image_stats.json of `analyze`, or an image_stats.json path. */
export function readAnalysis(path: string): Analysis {
  const file = path.endsWith('.json') ? path : join(path, 'image_stats.json');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new Error(`${file}: not found (run \`analyze DIR --out OUT\` first and pass OUT)`);
  }
  const parsed = parseImageStatsFile(text);
  const provenance = parsed.file.provenance ?? {};
  const hash = provenance.segmentationParamsHash;
  return {
    index: indexImageStats(parsed.images),
    potency: parsed.potency ?? new Map(),
    paramsHash: typeof hash === 'string' ? hash : '',
    params: provenance.segmentationParams ?? null,
  };
}

export async function run(args: string[]): Promise<number> {
  const parsed = parseArgs(args, [], ['analysis', 'out', 'kind', 'window-end', 'fovs', 'seed', 'trees']);
  const analysisPath = stringOption(parsed, 'analysis');
  const out = stringOption(parsed, 'out');
  const kind = stringOption(parsed, 'kind');
  const windowEndH = numberOption(parsed, 'window-end', NaN);
  const fovCount = numberOption(parsed, 'fovs', NaN);
  const seed = numberOption(parsed, 'seed', 1);
  const trees = numberOption(parsed, 'trees', 500);
  if (
    !analysisPath ||
    !out ||
    (kind !== 'lasso' && kind !== 'rf') ||
    !(windowEndH > 0) ||
    !(Number.isInteger(fovCount) && fovCount >= 1)
  ) {
    console.error(`usage: npm run cli -- ${usage}`);
    return 2;
  }
  const analysis = readAnalysis(analysisPath);
  const known = [...analysis.potency.values()].filter((v) => v !== null && Number.isFinite(v)).length;
  if (known === 0) {
    console.error(`${analysisPath}: no clone has a known potency (analyze a folder with potency.csv)`);
    return 2;
  }
  if (!analysis.paramsHash)
    console.error(
      'warning: image_stats.json does not record its segmentation parameters; the model cannot check them later',
    );
  let model;
  try {
    const trained = trainForCondition(analysis.index, analysis.potency, kind, { windowEndH, fovCount, seed }, {
      paramsHash: analysis.paramsHash,
      params: analysis.params,
      appVersion: APP_VERSION,
      rfTrees: trees,
    });
    model = trained.model;
    const m = trained.matrix;
    if (m.dropped.length) console.error(`${m.dropped.length} columns left out (undefined for some clone, or constant)`);
    if (m.droppedClones.length) console.error(`left out for lack of cells in this window: ${m.droppedClones.join(', ')}`);
  } catch (e) {
    console.error(`cannot train: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
  writeFileSync(out, JSON.stringify(model) + '\n');
  const summary = {
    out,
    kind,
    condition: model.condition,
    clones: model.training.clones.length,
    columns: model.columns.length,
    usedColumns: usedColumns(model).length,
    ...(model.lasso ? { lambda: model.lasso.lambda } : {}),
    loocvRmse: model.training.loocvRmse,
    validation: model.training.validation,
  };
  console.log(JSON.stringify(summary, null, 2));
  return 0;
}
