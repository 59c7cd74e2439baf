/**
 * `model rf`: random-forest regression of the target (default potency) on a profiles CSV, with R's
 * randomForest regression defaults (500 trees, mtry = max(floor(p/3), 1), nodesize 5).
 * The entry in model.ts's SUBCOMMANDS reads the table and calls rfCommand.
 *
 *   model rf profiles.csv --target potency --loocv --seed S [--trees N] [--mtry M]
 *     leave-one-clone-out → {model, validation, predictions: {clone: value}, rmse, seed, trees, mtry}
 *   model rf profiles.csv [--seed S] [--trees N] [--mtry M] [--out forest.json]
 *     one forest on every clone → {model, seed, trees, mtry, importance: {column: IncNodePurity}},
 *     largest first; --out also writes the forest (with its column names) as JSON
 * (The file name starts with "_" so src/cli/main.ts does not list it as a command of its own.)
 */
import { writeFileSync } from 'node:fs';
import { numberOption, stringOption, type ParsedArgs } from '../args';
import type { ProfilesTable } from '../../core/models/profilesCsv';
import { forestImportance, forestToJson, trainForest } from '../../core/models/randomForest';
import { rfLoocv } from '../../core/models/rfLoocv';

export const rfUsage =
  'rf PROFILES.csv [--target potency] [--target-file F] [--loocv] [--seed S (1)] [--trees N (500)] [--mtry M] [--out FOREST.json]';

export function rfCommand(table: ProfilesTable, parsed: ParsedArgs): Record<string, unknown> {
  const y = table.y;
  if (!y) throw new Error('the profiles have no target values (use --target or --target-file)');
  const { x, clones, columns } = table;
  const n = clones.length;
  const p = columns.length;
  const seed = numberOption(parsed, 'seed', 1);
  const trees = numberOption(parsed, 'trees', 500);
  const mtry = Math.min(p, numberOption(parsed, 'mtry', Math.max(Math.floor(p / 3), 1)));

  if (parsed.options.has('loocv')) {
    const result = rfLoocv(x, n, p, y, { seed, trees, mtry });
    return {
      model: 'rf',
      validation: 'leave-one-clone-out, one forest per fold (fold seed derived from --seed and the fold)',
      predictions: Object.fromEntries(clones.map((c, i) => [c, result.predictions[i]!])),
      rmse: result.rmse,
      seed,
      trees,
      mtry,
    };
  }

  const forest = trainForest(x, n, p, y, { seed, trees, mtry });
  const importance = forestImportance(forest);
  const ranked = Array.from(importance.keys()).sort((a, b) => importance[b]! - importance[a]!);
  const out = stringOption(parsed, 'out');
  if (out) writeFileSync(out, JSON.stringify({ columns, forest: forestToJson(forest) }));
  return {
    model: 'rf',
    seed,
    trees,
    mtry,
    importance: Object.fromEntries(ranked.map((j) => [columns[j]!, importance[j]!])),
  };
}
