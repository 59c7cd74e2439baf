import { useMemo } from 'react';
import { naturalOrder } from '../../core/profiles';
import { cloneGrowth } from '../../core/planning';
import { linearFit } from '../../core/stats';
import type { AnalysisData } from '../../state/analysisData';
import { useExperiments } from '../../state/experimentStore';
import { Plot } from '../components/Plot';
import { potencyColorOf } from './colors';

/**
 * Cells per FOV over time per clone (sum over FOVs / FOVs imaged), fold growth 6 → last time
 * point, and the exponential growth rate (slope of log cells per FOV on hours) against potency.
 */
export function GrowthPanel({ data }: { data: AnalysisData }) {
  const images = useExperiments((s) => s.images);
  const growth = useMemo(() => {
    const counted = images.flatMap((image) => {
      const cells = data.cellCounts.get(image.id);
      return cells === undefined ? [] : [{ clone: image.clone, timeH: image.timeH, cells }];
    });
    // The planner's growth fit (core/planning): one definition of a clone's growth rate.
    return [...cloneGrowth(counted).values()]
      .sort((a, b) => naturalOrder(a.clone, b.clone))
      .map((g) => {
        const perFov = g.cellsPerFov;
        const fold = perFov.length > 1 && perFov[0]! > 0 ? perFov[perFov.length - 1]! / perFov[0]! : NaN;
        return { clone: g.clone, times: g.timesH, perFov, rate: g.ratePerH, fold, potency: data.potency.get(g.clone) ?? null };
      });
  }, [images, data]);
  const labelled = growth.filter((g) => g.potency !== null && Number.isFinite(g.rate));
  const fit = linearFit(labelled.map((g) => g.rate), labelled.map((g) => g.potency!));

  return (
    <section className="panel" aria-label="Growth">
      <h3>Growth</h3>
      <Plot
        testId="growth-plot"
        fileName="growth_curves"
        data={growth.map((g) => ({ type: 'scatter', mode: 'lines+markers', x: g.times, y: g.perFov, name: g.clone, line: { color: potencyColorOf(g.potency) }, marker: { size: 4 } }))}
        layout={{ title: { text: 'Cells per FOV over time' }, xaxis: { title: { text: 'hours after seeding' } }, yaxis: { title: { text: 'cells per FOV' }, type: 'log' }, showlegend: false }}
        height={280}
      />
      <p className="small-text">
        Fold growth {growth[0]?.times[0] ?? 6} → {growth[0]?.times[growth[0].times.length - 1] ?? 90} h: median{' '}
        {(() => {
          const folds = growth.map((g) => g.fold).filter(Number.isFinite).sort((a, b) => a - b);
          return folds.length ? folds[folds.length >> 1]!.toFixed(2) : '—';
        })()}
        × · growth rate vs potency: <strong data-testid="growth-r2">R² = {Number.isFinite(fit.r2) ? fit.r2.toFixed(3) : '—'}</strong>
      </p>
      <Plot
        fileName="growth_rate_vs_potency"
        data={[{ type: 'scatter', mode: 'text+markers', x: labelled.map((g) => g.rate), y: labelled.map((g) => g.potency!), text: labelled.map((g) => g.clone), textposition: 'top center', marker: { size: 9, color: labelled.map((g) => potencyColorOf(g.potency)) } }]}
        layout={{ title: { text: 'Growth rate vs potency' }, xaxis: { title: { text: 'growth rate (1/h, log-linear fit)' } }, yaxis: { title: { text: 'potency' } } }}
        height={260}
      />
    </section>
  );
}
