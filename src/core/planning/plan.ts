/**
 * Cell-bank planner: from a clone's predicted serial-passage potency (with its interval) and its
 * expansion fold per passage to the passage at which to bank it and how big the bank is.
 *
 * The model, every assumption an input (docs/planning.md):
 * - the starting material is at passage p0 with N0 cells; each passage expands the cells by the fold
 *   F and a fraction s of the harvest is carried on, so the cells harvested at passage b are
 *   N(b) = N0 · (s·F)^(b − p0), all of which go into the bank at b; vials = ⌊N(b) / cells per vial⌋;
 * - the clone's potency (the passage it stops at) follows the prediction's distribution: a normal
 *   around the prediction whose spread below and above is read from the interval's two halves
 *   (sd = half-width / z, z = Φ⁻¹((1 + level) / 2)); for a LASSO model's symmetric normal interval it
 *   is exactly the model's distribution;
 * - at the chosen risk the potency is P_risk (the interval's lower bound, or its 5 % or 10 % quantile);
 *   a banking passage b is feasible when the remaining potency P_risk − b still covers the R passages
 *   that must remain (working banks, production), i.e. p0 ≤ b ≤ ⌊P_risk − R⌋;
 * - b* is the feasible passage with the most cells: the latest one while s·F > 1, the first one
 *   (p0) when the cells do not expand (s·F ≤ 1); no feasible passage → "do not bank";
 * - risk at b: the chance the clone stops before b + R, Φ-based on the distribution above.
 */
import { linearFit, normalQuantile } from '../stats';

export type RiskLevel = 'lower' | 'q05' | 'q10';
export const RISK_LEVELS: readonly RiskLevel[] = ['lower', 'q05', 'q10'];

export interface PlanInputs {
  /** Hours a passage lasts in culture: turns the measured growth rate into a fold per passage. */
  passageDurationH: number;
  /** Passage of the starting material, p0. */
  startPassage: number;
  /** Cells at p0, N0. */
  startCells: number;
  /** Fraction of the harvested cells carried on to the next passage, s (1: all). */
  carryFraction: number;
  /** Cells per vial. */
  vialCells: number;
  /** Passages that must remain after banking, R. */
  reserve: number;
  risk: RiskLevel;
  /** Portfolio: vials wanted in all. */
  targetVials: number;
  /** Folds per passage entered by hand, by clone; they replace the growth-derived ones. */
  folds: Record<string, number>;
}

export const DEFAULT_PLAN_INPUTS: PlanInputs = {
  passageDurationH: 168,
  startPassage: 3,
  startCells: 1e6,
  carryFraction: 1,
  vialCells: 1e6,
  reserve: 3,
  risk: 'lower',
  targetVials: 200,
  folds: {},
};

/** A prediction and its interval of coverage `level` (default 0.9), in passages. */
export interface PredictionDistribution {
  prediction: number;
  lo: number;
  hi: number;
  level?: number;
}

/** Standard normal CDF (erfc by Chebyshev fitting, relative error < 1.2e-7). */
export function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * z);
  const erfc =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? 1 - erfc / 2 : erfc / 2;
}

function spreads(d: PredictionDistribution): { below: number; above: number } {
  const z = normalQuantile((1 + (d.level ?? 0.9)) / 2);
  return { below: Math.max(0, (d.prediction - d.lo) / z), above: Math.max(0, (d.hi - d.prediction) / z) };
}

/** The q-quantile of the prediction's distribution (median = the prediction). */
export function predictionQuantile(d: PredictionDistribution, q: number): number {
  const { below, above } = spreads(d);
  const zq = normalQuantile(q);
  return d.prediction + zq * (zq < 0 ? below : above);
}

/** P(potency < x) under the prediction's distribution. */
export function predictionCdf(d: PredictionDistribution, x: number): number {
  const { below, above } = spreads(d);
  const sd = x < d.prediction ? below : above;
  if (!(sd > 0)) return x < d.prediction ? 0 : x > d.prediction ? 1 : 0.5;
  return normalCdf((x - d.prediction) / sd);
}

/** The potency assumed at the chosen risk level. */
export function potencyAtRisk(d: PredictionDistribution, risk: RiskLevel): number {
  if (risk === 'lower') return d.lo;
  return predictionQuantile(d, risk === 'q05' ? 0.05 : 0.1);
}

export const RISK_TEXT: Record<RiskLevel, string> = {
  lower: "the interval's lower bound",
  q05: "the prediction's 5 % quantile",
  q10: "the prediction's 10 % quantile",
};

/** A clone's measured growth over the imaged window. */
export interface CloneGrowth {
  clone: string;
  timesH: number[];
  /** Mean cells per FOV at each time point. */
  cellsPerFov: number[];
  /** Exponential growth rate, 1/h: slope of ln(cells per FOV) on hours (least squares), as in Explore. */
  ratePerH: number;
  /** ln 2 / rate, hours; NaN when the cells did not grow. */
  doublingH: number;
}

/** Growth per clone from cell counts per image (the Explore view's growth rate). */
export function cloneGrowth(images: readonly { clone: string; timeH: number; cells: number }[]): Map<string, CloneGrowth> {
  const perClone = new Map<string, Map<number, { cells: number; fovs: number }>>();
  for (const im of images) {
    if (!Number.isFinite(im.cells)) continue;
    const byTime = perClone.get(im.clone) ?? new Map<number, { cells: number; fovs: number }>();
    perClone.set(im.clone, byTime);
    const e = byTime.get(im.timeH) ?? { cells: 0, fovs: 0 };
    e.cells += im.cells;
    e.fovs += 1;
    byTime.set(im.timeH, e);
  }
  const out = new Map<string, CloneGrowth>();
  for (const [clone, byTime] of perClone) {
    const timesH = [...byTime.keys()].sort((a, b) => a - b);
    const cellsPerFov = timesH.map((t) => byTime.get(t)!.cells / byTime.get(t)!.fovs);
    const xs: number[] = [];
    const ys: number[] = [];
    timesH.forEach((t, i) => {
      if (cellsPerFov[i]! > 0) {
        xs.push(t);
        ys.push(Math.log(cellsPerFov[i]!));
      }
    });
    const ratePerH = linearFit(xs, ys).slope;
    out.set(clone, { clone, timesH, cellsPerFov, ratePerH, doublingH: ratePerH > 0 ? Math.LN2 / ratePerH : NaN });
  }
  return out;
}

/**
 * Fold per passage from a growth rate: F = exp(rate · T) = 2^(T / doubling time), T the passage
 * duration. Assumes the imaged window's exponential growth lasts the whole passage (no confluence).
 */
export function foldFromGrowth(ratePerH: number, passageDurationH: number): number {
  return Number.isFinite(ratePerH) ? Math.exp(ratePerH * passageDurationH) : NaN;
}

export interface FoldChoice {
  fold: number;
  /** How the fold was obtained, in words. */
  source: string;
}

/** The clone's fold: entered by hand if given, else derived from its growth; NaN when neither. */
export function foldFor(clone: string, growth: CloneGrowth | undefined, inputs: PlanInputs): FoldChoice {
  const entered = inputs.folds[clone];
  if (entered !== undefined && Number.isFinite(entered)) return { fold: entered, source: 'entered' };
  if (!growth || !Number.isFinite(growth.ratePerH)) return { fold: NaN, source: 'no growth measured' };
  const fold = foldFromGrowth(growth.ratePerH, inputs.passageDurationH);
  const td = Number.isFinite(growth.doublingH) ? `doubling ${growth.doublingH.toFixed(1)} h` : 'no doubling';
  return {
    fold,
    source: `growth ${growth.ratePerH.toFixed(4)}/h over ${growth.timesH[0]}–${growth.timesH[growth.timesH.length - 1]} h (${td}) · F = 2^(${inputs.passageDurationH} h / doubling)`,
  };
}

export type PlanStatus = 'bank' | 'do-not-bank' | 'no-growth' | 'no-prediction';

export interface PlanCandidate {
  passage: number;
  /** Cells harvested (and banked) at this passage; NaN without a fold. */
  cells: number;
  vials: number;
  /** P(the clone stops before passage + R). */
  risk: number;
}

export interface ClonePlan {
  clone: string;
  fold: number;
  foldSource: string;
  /** Potency at the chosen risk level. */
  potencyAtRisk: number;
  /** b*; null: do not bank (or no prediction). */
  bankPassage: number | null;
  cells: number | null;
  vials: number | null;
  /** Remaining passages at b*: [lo, prediction, hi] − b*. */
  remaining: [number, number, number] | null;
  /** P(the clone stops before b* + R). */
  risk: number | null;
  status: PlanStatus;
  note: string;
  /** Every banking passage from p0 to ⌊hi⌋ (at least p0), for the chart. */
  candidates: PlanCandidate[];
  interval: PredictionDistribution;
}

const EPS = 1e-9;

export function planClone(clone: string, d: PredictionDistribution, fold: FoldChoice, inputs: PlanInputs): ClonePlan {
  const { startPassage: p0, startCells: n0, carryFraction: s, vialCells, reserve: R } = inputs;
  const base = { clone, fold: fold.fold, foldSource: fold.source, interval: d };
  if (![d.prediction, d.lo, d.hi].every(Number.isFinite))
    return { ...base, potencyAtRisk: NaN, bankPassage: null, cells: null, vials: null, remaining: null, risk: null, status: 'no-prediction', note: 'no prediction with an interval', candidates: [] };
  const pRisk = potencyAtRisk(d, inputs.risk);
  const g = s * fold.fold;
  const cellsAt = (b: number) => (Number.isFinite(g) ? n0 * g ** (b - p0) : NaN);
  const vialsOf = (cells: number) => (Number.isFinite(cells) ? Math.floor(cells / vialCells + EPS) : NaN);
  const riskAt = (b: number) => predictionCdf(d, b + R);
  const last = Math.max(p0, Math.floor(d.hi + EPS));
  const candidates: PlanCandidate[] = [];
  for (let b = p0; b <= last; b++) {
    const cells = cellsAt(b);
    candidates.push({ passage: b, cells, vials: vialsOf(cells), risk: riskAt(b) });
  }
  const latest = Math.floor(pRisk - R + EPS);
  if (latest < p0)
    return {
      ...base,
      potencyAtRisk: pRisk,
      bankPassage: null,
      cells: null,
      vials: null,
      remaining: null,
      risk: riskAt(p0),
      status: 'do-not-bank',
      note: `do not bank: at ${RISK_TEXT[inputs.risk]} (${pRisk.toFixed(2)}) fewer than ${R} passages remain even at p${p0}`,
      candidates,
    };
  const remainingAt = (b: number): [number, number, number] => [d.lo - b, d.prediction - b, d.hi - b];
  if (!Number.isFinite(g)) {
    return {
      ...base,
      potencyAtRisk: pRisk,
      bankPassage: latest,
      cells: null,
      vials: null,
      remaining: remainingAt(latest),
      risk: riskAt(latest),
      status: 'no-growth',
      note: `no growth measured: enter a fold to size the bank (latest passage that keeps ${R} in reserve: ${latest})`,
      candidates,
    };
  }
  const b = g > 1 ? latest : p0;
  const cells = cellsAt(b);
  return {
    ...base,
    potencyAtRisk: pRisk,
    bankPassage: b,
    cells,
    vials: vialsOf(cells),
    remaining: remainingAt(b),
    risk: riskAt(b),
    status: 'bank',
    note: g > 1 ? '' : `no expansion (s·F = ${g.toPrecision(3)} ≤ 1): waiting only loses cells and potency, bank at p${p0}`,
    candidates,
  };
}

export interface PortfolioPlan {
  /** Clones to bank, lowest risk first. */
  clones: string[];
  vials: number;
  targetVials: number;
  reached: boolean;
  /** Highest risk among the chosen clones. */
  worstRisk: number;
  /** Σ risk × vials: the vials expected to come from a clone that stops too early. */
  vialsAtRisk: number;
  text: string;
}

/**
 * Which clones to bank to reach `targetVials` at the lowest risk: greedy — clones with a bank, by
 * increasing risk (then more vials, then name), taken until the vials reach the target.
 */
export function planPortfolio(plans: readonly ClonePlan[], targetVials: number): PortfolioPlan {
  const usable = plans
    .filter((p) => p.status === 'bank' && (p.vials ?? 0) > 0)
    .sort((a, b) => a.risk! - b.risk! || b.vials! - a.vials! || a.clone.localeCompare(b.clone, 'en', { numeric: true }));
  const chosen: ClonePlan[] = [];
  let vials = 0;
  for (const p of usable) {
    if (vials >= targetVials) break;
    chosen.push(p);
    vials += p.vials!;
  }
  const reached = vials >= targetVials;
  const worstRisk = chosen.reduce((m, p) => Math.max(m, p.risk!), 0);
  const vialsAtRisk = chosen.reduce((s, p) => s + p.risk! * p.vials!, 0);
  const names = chosen.map((p) => p.clone).join(', ');
  const text = chosen.length === 0
    ? `No clone can be banked with these inputs: ${targetVials} vials cannot be reached.`
    : `${reached ? 'Bank' : 'Even banking all bankable clones falls short:'} ${names}: ${vials} vials${reached ? ` (target ${targetVials})` : ` of ${targetVials}`}, highest risk ${(worstRisk * 100).toFixed(1)} %, ${vialsAtRisk.toFixed(1)} vials expected from a clone that stops before its reserve is used.`;
  return { clones: chosen.map((p) => p.clone), vials, targetVials, reached, worstRisk, vialsAtRisk, text };
}

/** Plans for many clones: predictions by clone, growth by clone. */
export function planClones(
  predictions: readonly ({ clone: string } & PredictionDistribution)[],
  growth: ReadonlyMap<string, CloneGrowth>,
  inputs: PlanInputs,
): ClonePlan[] {
  return predictions.map((p) => planClone(p.clone, p, foldFor(p.clone, growth.get(p.clone), inputs), inputs));
}

/** Inputs merged over the defaults (stored inputs may predate a field). */
export function planInputsFrom(stored: Partial<PlanInputs> | undefined): PlanInputs {
  return { ...DEFAULT_PLAN_INPUTS, ...(stored ?? {}), folds: { ...(stored?.folds ?? {}) } };
}
