/**
 * `model rf`: random-forest regression of a target (default potency) on a profiles CSV, R's
 * randomForest regression defaults (500 trees, mtry = max(floor(p/3), 1), nodesize 5).
 *
 *   model rf profiles.csv --target potency --loocv --seed S [--trees N] [--mtry M]
 *     leave-one-clone-out; prints JSON {predictions: {clone: value}, rmse, seed, trees, mtry}
 *   model rf profiles.csv [--target potency] [--seed S] [--trees N] [--mtry M] [--out forest.json]
 *     one forest on every clone; prints JSON {seed, trees, mtry, importance: {column: IncNodePurity}}
 *     (largest first) and with --out writes the forest as JSON
 * (The file name starts with "_" so src/cli/main.ts does not list it as a command of its own.)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { numberOption, parseArgs, stringOption } from '../args';
import { parseProfilesCsv } from '../../core/models/profilesCsv';
import { forestImportance, forestToJson, trainForest } from '../../core/models/randomForest';
import { rfLoocv } from '../../core/models/rfLoocv';

export const rfUsage =
  'model rf PROFILES.csv [--target potency] [--loocv] [--seed S (1)] [--trees N (500)] [--mtry M] [--out FOREST.json]';

export async function runRf(args: string[]): Promise<number> {
  const parsed = parseArgs(args, ['loocv']);
  const file = parsed.positional[0];
  if (!file) {
    console.error(`usage: npm run cli -- ${rfUsage}`);
    return 2;
  }
  const target = stringOption(parsed, 'target') ?? 'potency';
  const seed = numberOption(parsed, 'seed', 1);
  const trees = numberOption(parsed, 'trees', 500);
  const table = parseProfilesCsv(readFileSync(file, 'utf8'), { target, requireTarget: true });
  const y = table.y!;
  const n = table.clones.length;
  const p = table.columns.length;
  const mtry = numberOption(parsed, 'mtry', Math.max(Math.floor(p / 3), 1));

  if (parsed.options.has('loocv')) {
    const result = rfLoocv(table.x, n, p, y, { seed, trees, mtry });
    const predictions: Record<string, number> = {};
    table.clones.forEach((clone, i) => (predictions[clone] = result.predictions[i]!));
    console.log(JSON.stringify({ predictions, rmse: result.rmse, seed, trees, mtry }, null, 2));
    return 0;
  }

  const forest = trainForest(table.x, n, p, y, { seed, trees, mtry });
  const importance = forestImportance(forest);
  const ranked = Array.from(importance.keys()).sort((a, b) => importance[b]! - importance[a]!);
  const byColumn: Record<string, number> = {};
  for (const j of ranked) byColumn[table.columns[j]!] = importance[j]!;
  const out = stringOption(parsed, 'out');
  if (out) writeFileSync(out, JSON.stringify({ columns: table.columns, target, forest: forestToJson(forest) }));
  console.log(JSON.stringify({ seed, trees, mtry, importance: byColumn }, null, 2));
  return 0;
}
