/**
 * The bank plan on the demo's 15 clones, with growth-derived folds, against the generator's true
 * division rates: `npx tsx scripts/plan-demo.ts [--seed 1] [--fovs 8] [--sd 0.6]`.
 *
 * Cell counts per field are the generator's own (demoFieldCounts: what a perfect segmentation
 * counts), so the fold error shown is the growth estimate's (per-field rate noise, Poisson seeding,
 * integer counts), not the segmentation's. Predictions are a stand-in: the true potency with a 90 %
 * interval of ± 1.645 · sd passages (sd 0.6 ≈ a LASSO model's honest RMSE on the demo), so the plan's
 * sensitivity to the fold can be read without training a model here.
 */
import { describeDemoExperiment, demoFieldCounts } from '../src/core/demo';
import { cloneGrowth, DEFAULT_PLAN_INPUTS, foldFor, foldFromGrowth, planClone, planPortfolio } from '../src/core/planning';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const seed = arg('seed', 1);
const fovs = arg('fovs', 8);
const sd = arg('sd', 0.6);
const demo = describeDemoExperiment({ seed, fovs });
const inputs = { ...DEFAULT_PLAN_INPUTS };
const counts = demo.clones.flatMap((clone) =>
  demo.timePointsH.flatMap((timeH) => Array.from({ length: fovs }, (_, f) => ({ clone: clone.id, timeH, cells: demoFieldCounts(seed, clone, timeH, f + 1, demo.size).cells }))),
);
const growth = cloneGrowth(counts);
const z = 1.6448536269514722;
console.log(`demo seed ${seed}, ${fovs} FOVs, passage ${inputs.passageDurationH} h, p0 ${inputs.startPassage}, N0 ${inputs.startCells}, ${inputs.vialCells} cells/vial, reserve ${inputs.reserve}, risk ${inputs.risk}; prediction = true potency ± ${(z * sd).toFixed(2)}`);
console.log('clone    potency  rate_true rate_est  err%   Td_true Td_est  F_true   F_est   F_err%  b*  vials(F_est)  vials(F_true)  risk');
const rows = demo.clones.map((c) => {
  const g = growth.get(c.id)!;
  const fEst = foldFor(c.id, g, inputs);
  const fTrue = foldFromGrowth(c.traits.divisionRatePerH, inputs.passageDurationH);
  const d = { prediction: c.potency, lo: c.potency - z * sd, hi: c.potency + z * sd };
  const est = planClone(c.id, d, fEst, inputs);
  const tru = planClone(c.id, d, { fold: fTrue, source: 'true' }, inputs);
  const rateErr = (g.ratePerH / c.traits.divisionRatePerH - 1) * 100;
  const foldErr = (fEst.fold / fTrue - 1) * 100;
  console.log(
    [
      c.id.padEnd(8),
      String(c.potency).padStart(7),
      c.traits.divisionRatePerH.toFixed(4).padStart(9),
      g.ratePerH.toFixed(4).padStart(8),
      rateErr.toFixed(1).padStart(6),
      (Math.LN2 / c.traits.divisionRatePerH).toFixed(1).padStart(8),
      g.doublingH.toFixed(1).padStart(7),
      fTrue.toFixed(1).padStart(7),
      fEst.fold.toFixed(1).padStart(7),
      foldErr.toFixed(1).padStart(8),
      String(est.bankPassage ?? '—').padStart(3),
      String(est.vials ?? '—').padStart(13),
      String(tru.vials ?? '—').padStart(14),
      est.risk === null ? '—' : `${(est.risk * 100).toFixed(1)} %`.padStart(7),
    ].join(' '),
  );
  return { rateErr, foldErr, est, tru };
});
const abs = (xs: number[]) => xs.map(Math.abs).sort((a, b) => a - b);
const rateAbs = abs(rows.map((r) => r.rateErr));
const foldAbs = abs(rows.map((r) => r.foldErr));
const med = (xs: number[]) => xs[xs.length >> 1]!;
console.log(`|rate error|: median ${med(rateAbs).toFixed(2)} %, max ${rateAbs[rateAbs.length - 1]!.toFixed(2)} %; |fold error|: median ${med(foldAbs).toFixed(1)} %, max ${foldAbs[foldAbs.length - 1]!.toFixed(1)} %`);
console.log(`banked: ${rows.filter((r) => r.est.status === 'bank').length} of 15; same b* with true folds: ${rows.filter((r) => r.est.bankPassage === r.tru.bankPassage).length} of 15`);
console.log(`portfolio (estimated folds): ${planPortfolio(rows.map((r) => r.est), inputs.targetVials).text}`);
console.log(`portfolio (true folds):      ${planPortfolio(rows.map((r) => r.tru), inputs.targetVials).text}`);
