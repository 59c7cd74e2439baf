/**
 * `model`: fit and validate potency models on a profiles CSV. One subcommand per model kind, listed
 * in SUBCOMMANDS (add a kind by adding an entry). Output is JSON on stdout.
 *
 *   model lasso profiles.csv [--target potency] [--target-file potency.csv] --path [--lambda L1,L2,…]
 *   model lasso profiles.csv --lambda L --loocv
 *   model lasso profiles.csv --nested [--permutations N --seed S]
 *   model lasso profiles.csv --optimistic
 */
import { readFileSync } from 'node:fs';
import { numberOption, parseArgs, stringOption, type ParsedArgs } from '../args';
import { fitLassoPath, type LassoSolver } from '../../core/models/lasso';
import { lassoLoocvFixed, lassoNestedLoocv, optimisticLoocv } from '../../core/models/loocv';
import { permutationTest } from '../../core/models/permutation';
import { joinTargets, parseProfilesCsv, parseTargetCsv, type ProfilesTable } from '../../core/models/profilesCsv';
import { rfCommand, rfUsage } from './_rf';

interface Subcommand {
  usage: string;
  /** Flags that take no value. */
  flags: readonly string[];
  /** Options that take a value. */
  values: readonly string[];
  /** Returns the JSON-ready result. */
  compute(parsed: ParsedArgs): unknown;
}

export type LassoMode = 'path' | 'loocv' | 'nested' | 'optimistic';

export interface LassoCommandOptions {
  mode: LassoMode;
  /** For 'loocv' (one λ) and 'path' (explicit λ sequence). */
  lambda?: number[];
  thresh?: number;
  /** Default: 'glmnet' for a path, 'exact' for validation. */
  solver?: LassoSolver;
  /** With 'nested': permutation test of the nested RMSE. */
  permutations?: number;
  seed?: number;
}

const byClone = (clones: readonly string[], values: ArrayLike<number>): Record<string, number> =>
  Object.fromEntries(clones.map((c, i) => [c, values[i]!]));

/** The `model lasso` computation, without any I/O. */
export function lassoCommand(table: ProfilesTable, options: LassoCommandOptions): Record<string, unknown> {
  const y = table.y;
  if (!y) throw new Error('the profiles have no target values (use --target or --target-file)');
  const n = table.clones.length;
  const p = table.columns.length;
  const { x, clones, columns } = table;
  const cv = { solver: options.solver, thresh: options.thresh };
  switch (options.mode) {
    case 'path': {
      const fit = fitLassoPath(x, n, p, y, {
        lambda: options.lambda,
        thresh: options.thresh,
        solver: options.solver ?? 'glmnet',
      });
      const coef: Record<string, number[]> = {};
      columns.forEach((c, j) => {
        if (fit.beta.some((b) => b[j] !== 0)) coef[c] = fit.beta.map((b) => b[j]!);
      });
      return {
        model: 'lasso',
        n,
        p,
        lambda: fit.lambda,
        intercept: fit.a0,
        df: fit.df,
        dev_ratio: fit.devRatio,
        null_deviance: fit.nullDev,
        coef,
        notes: [...fit.notes, 'coef lists the columns that are non-zero at some λ; all others are 0'],
      };
    }
    case 'loocv': {
      const lambda = options.lambda?.[0];
      if (lambda === undefined || options.lambda!.length !== 1) throw new Error('--loocv needs one --lambda value');
      const r = lassoLoocvFixed(x, n, p, y, lambda, cv);
      return {
        model: 'lasso',
        validation: 'leave-one-clone-out, fixed λ',
        lambda,
        predictions: byClone(clones, r.predictions),
        df: byClone(clones, r.df),
        rmse: r.rmse,
      };
    }
    case 'nested': {
      const r = lassoNestedLoocv(x, n, p, y, cv);
      const out: Record<string, unknown> = {
        model: 'lasso',
        validation: 'nested leave-one-clone-out (λ = lambda.min of cv.glmnet inside each fold)',
        lambda_min: byClone(clones, r.lambdaMin),
        lambda_min_index: byClone(clones, r.lambdaMinIndex),
        n_lambda: byClone(clones, r.nLambda),
        predictions: byClone(clones, r.predictions),
        rmse: r.rmse,
      };
      if (options.permutations) {
        const test = permutationTest(y, (yp) => lassoNestedLoocv(x, n, p, yp, cv).rmse, {
          permutations: options.permutations,
          seed: options.seed,
        });
        out.permutation = {
          permutations: options.permutations,
          seed: options.seed ?? 1,
          rmse: test.permuted,
          p_value: test.pValue,
        };
      }
      return out;
    }
    case 'optimistic': {
      const r = optimisticLoocv(x, n, p, y, cv);
      return {
        model: 'lasso',
        validation: 'leave-one-clone-out with λ chosen on all clones (OPTIMISTIC: every clone helped choose λ)',
        lambda_min: r.lambdaMin,
        lambda_min_index: r.lambdaMinIndex,
        predictions: byClone(clones, r.predictions),
        rmse: r.rmse,
      };
    }
  }
}

function readTable(parsed: ParsedArgs): ProfilesTable {
  const file = parsed.positional[0];
  if (!file) throw new Error('missing the profiles CSV');
  const target = stringOption(parsed, 'target') ?? 'potency';
  const targetFile = stringOption(parsed, 'target-file');
  const table = parseProfilesCsv(readFileSync(file, 'utf8'), { target, requireTarget: !targetFile });
  if (!targetFile) return table;
  return joinTargets(table, parseTargetCsv(readFileSync(targetFile, 'utf8'), target), true);
}

function lambdaList(parsed: ParsedArgs): number[] | undefined {
  const text = stringOption(parsed, 'lambda');
  if (text === undefined) return undefined;
  return text.split(',').map((s) => {
    const v = Number(s);
    if (!Number.isFinite(v) || v < 0) throw new Error(`--lambda: "${s}" is not a λ ≥ 0`);
    return v;
  });
}

const SUBCOMMANDS: Record<string, Subcommand> = {
  lasso: {
    usage:
      'lasso PROFILES.csv [--target potency] [--target-file F] (--path [--lambda L1,L2..] | --lambda L --loocv | --nested [--permutations N --seed S] | --optimistic) [--thresh T] [--solver glmnet|exact]',
    flags: ['path', 'loocv', 'nested', 'optimistic'],
    values: ['target', 'target-file', 'lambda', 'solver', 'thresh', 'permutations', 'seed'],
    compute(parsed) {
      const modes = (['path', 'loocv', 'nested', 'optimistic'] as const).filter((m) => parsed.options.has(m));
      if (modes.length !== 1) throw new Error('give exactly one of --path, --loocv, --nested, --optimistic');
      const solver = stringOption(parsed, 'solver');
      if (solver !== undefined && solver !== 'glmnet' && solver !== 'exact')
        throw new Error(`--solver must be glmnet or exact, got "${solver}"`);
      const thresh = stringOption(parsed, 'thresh') === undefined ? undefined : numberOption(parsed, 'thresh', 1e-14);
      const permutations = numberOption(parsed, 'permutations', 0);
      return lassoCommand(readTable(parsed), {
        mode: modes[0]!,
        lambda: lambdaList(parsed),
        thresh,
        solver,
        permutations: permutations > 0 ? permutations : undefined,
        seed: numberOption(parsed, 'seed', 1),
      });
    },
  },
  rf: {
    usage: rfUsage,
    flags: ['loocv'],
    values: ['target', 'target-file', 'seed', 'trees', 'mtry', 'out'],
    compute: (parsed) => rfCommand(readTable(parsed), parsed),
  },
};

export const usage = `model <${Object.keys(SUBCOMMANDS).join('|')}> PROFILES.csv [options]   fit and validate potency models (JSON)`;

function fullUsage(): string {
  return Object.values(SUBCOMMANDS)
    .map((s) => `  npm run cli -- model ${s.usage}`)
    .join('\n');
}

/** Parse and compute, for tests: the JSON-ready result of `model <kind> ...`. */
export function computeModel(args: string[]): unknown {
  const [kind, ...rest] = args;
  const sub = kind ? SUBCOMMANDS[kind] : undefined;
  if (!sub) throw new Error(`unknown model "${kind ?? ''}"; known: ${Object.keys(SUBCOMMANDS).join(', ')}`);
  return sub.compute(parseArgs(rest, sub.flags, sub.values));
}

export async function run(args: string[]): Promise<number> {
  if (args.length === 0 || args[0] === '--help') {
    console.error(`usage:\n${fullUsage()}`);
    return 2;
  }
  try {
    console.log(JSON.stringify(computeModel(args), null, 2));
    return 0;
  } catch (e) {
    console.error(`model: ${e instanceof Error ? e.message : String(e)}\nusage:\n${fullUsage()}`);
    return 2;
  }
}
