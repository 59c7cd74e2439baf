import { useMemo, useState } from 'react';
import { DESCRIPTORS, formatHours, type Descriptor } from '../../core/experiment';
import { parseProfileColumn, profileColumnName, type Profiles, type ProfileStat } from '../../core/profiles';
import { linearFit } from '../../core/stats';
import { descriptorUnit, toPhysicalFactor } from '../../core/descriptors/units';
import type { AnalysisData } from '../../state/analysisData';
import { Plot } from '../components/Plot';
import { potencyColorOf } from './colors';

/** One profile column (descriptor × statistic × time) against the known potency, with R². */
export function DescriptorPanel({ data, profiles, umPerPx }: { data: AnalysisData; profiles: Profiles; umPerPx: number }) {
  const [descriptor, setDescriptor] = useState<Descriptor>('area');
  const [stat, setStat] = useState<ProfileStat>('sd');
  const last = profiles.timePointsH[profiles.timePointsH.length - 1] ?? 90;
  const [timeH, setTimeH] = useState(last);
  const time = profiles.timePointsH.includes(timeH) ? timeH : last;
  const column = profileColumnName(descriptor, stat, time);
  // Profiles hold pixels; a mean or SD of a length or area scales like it (R² does not change).
  const factor = toPhysicalFactor(descriptor, umPerPx);
  const unit = descriptorUnit(descriptor, umPerPx);
  const axisTitle = unit ? `${column} (${unit})` : column;
  const { xs, ys, names, fit } = useMemo(() => {
    const j = profiles.columns.indexOf(column);
    const xs: number[] = [];
    const ys: number[] = [];
    const names: string[] = [];
    profiles.clones.forEach((clone, r) => {
      const p = data.potency.get(clone);
      const v = profiles.values[r * profiles.columns.length + j]!;
      if (p !== null && p !== undefined && Number.isFinite(v)) {
        xs.push(v * factor);
        ys.push(p);
        names.push(clone);
      }
    });
    return { xs, ys, names, fit: linearFit(xs, ys) };
  }, [profiles, column, data.potency, factor]);
  // The columns that alone explain potency best, to jump to.
  const best = useMemo(() => {
    const labelled = profiles.clones.map((c, r) => ({ r, p: data.potency.get(c) })).filter((e) => e.p !== null && e.p !== undefined);
    return profiles.columns
      .map((c, j) => {
        const pairs = labelled.map((e) => [profiles.values[e.r * profiles.columns.length + j]!, e.p as number] as const).filter(([v]) => Number.isFinite(v));
        return { column: c, r2: pairs.length >= 3 ? linearFit(pairs.map((x) => x[0]), pairs.map((x) => x[1])).r2 : NaN };
      })
      .filter((x) => Number.isFinite(x.r2))
      .sort((a, b) => b.r2 - a.r2)
      .slice(0, 5);
  }, [profiles, data.potency]);
  const jumpTo = (column: string) => {
    const parsed = parseProfileColumn(column);
    if (!parsed) return;
    setDescriptor(parsed.descriptor);
    setStat(parsed.stat);
    setTimeH(parsed.hours);
  };
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);

  return (
    <section className="panel" aria-label="Single descriptor vs potency">
      <div className="row">
        <h3>Single descriptor vs potency</h3>
        <select aria-label="Descriptor" value={descriptor} onChange={(e) => setDescriptor(e.target.value as Descriptor)}>
          {DESCRIPTORS.map((d) => (
            <option key={d}>{d}</option>
          ))}
        </select>
        <select aria-label="Statistic" value={stat} onChange={(e) => setStat(e.target.value as ProfileStat)}>
          <option value="mean">mean</option>
          <option value="sd">SD</option>
        </select>
        <select aria-label="Time point" value={time} onChange={(e) => setTimeH(Number(e.target.value))}>
          {profiles.timePointsH.map((t) => (
            <option key={t} value={t}>
              {formatHours(t)} h
            </option>
          ))}
        </select>
        <strong data-testid="descriptor-r2">R² = {Number.isFinite(fit.r2) ? fit.r2.toFixed(3) : '—'}</strong>
      </div>
      <p className="row small-text" data-testid="best-descriptors">
        <span className="muted">Strongest single columns:</span>
        {best.map((b) => (
          <button key={b.column} type="button" className="small mono" onClick={() => jumpTo(b.column)}>
            {b.column} (R² {b.r2.toFixed(2)})
          </button>
        ))}
      </p>
      <Plot
        testId="descriptor-plot"
        fileName={column}
        data={[
          { type: 'scatter', mode: 'text+markers', x: xs, y: ys, text: names, textposition: 'top center', marker: { size: 10, color: ys.map((p) => potencyColorOf(p)) }, name: 'clones' },
          ...(Number.isFinite(fit.slope)
            ? [{ type: 'scatter' as const, mode: 'lines' as const, x: [lo, hi], y: [fit.intercept + fit.slope * lo, fit.intercept + fit.slope * hi], name: 'least squares', line: { color: '#667085', dash: 'dash' as const } }]
            : []),
        ]}
        layout={{ title: { text: axisTitle }, xaxis: { title: { text: axisTitle } }, yaxis: { title: { text: 'potency (passages)' } }, showlegend: false }}
      />
    </section>
  );
}
