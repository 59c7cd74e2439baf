import { useMemo, useState } from 'react';
import { cloneGrowth, planClones, planPortfolio, RISK_LEVELS, RISK_TEXT, type ClonePlan, type PlanInputs, type RiskLevel } from '../../core/planning';
import { naturalOrder } from '../../core/profiles';
import { useAnalysis } from '../../state/analysisData';
import { useExperiments } from '../../state/experimentStore';
import { useRanking } from '../../state/rankingStore';
import { Plot } from '../components/Plot';

const cellsText = (v: number | null) => (v === null || !Number.isFinite(v) ? '—' : v.toExponential(2));
const pct = (v: number | null) => (v === null || !Number.isFinite(v) ? '—' : `${(v * 100).toFixed(1)} %`);

function NumberInput({ label, value, step, min, onChange }: { label: string; value: number; step?: number; min?: number; onChange: (v: number) => void }) {
  return (
    <label>
      {label}{' '}
      <input
        type="number"
        aria-label={label}
        value={value}
        step={step ?? 'any'}
        min={min}
        style={{ width: '7rem' }}
        onChange={(e) => {
          const v = Number(e.target.value);
          if (e.target.value.trim() !== '' && Number.isFinite(v)) onChange(v);
        }}
      />
    </label>
  );
}

/**
 * Bank plan: per clone, the passage to bank at (b*), the bank's cells and vials, the passages left
 * with their interval and the chance the clone stops before b* + R; a chart of cumulative cells
 * against passage with the predicted stop zone; the portfolio reaching a target number of vials.
 * The model is src/core/planning (docs/planning.md).
 */
export function BankPlanPanel() {
  const { data } = useAnalysis();
  const images = useExperiments((s) => s.images);
  const { scores, plan: inputs, setPlan, excluded } = useRanking();
  const [shown, setShown] = useState<string>('');

  const growth = useMemo(() => {
    if (!data) return new Map();
    const byId = new Map(images.map((i) => [i.id, i]));
    return cloneGrowth([...data.cellCounts.entries()].flatMap(([id, cells]) => {
      const i = byId.get(id);
      return i ? [{ clone: i.clone, timeH: i.timeH, cells }] : [];
    }));
  }, [data, images]);
  const plans = useMemo(
    () => (scores ? planClones([...scores].sort((a, b) => naturalOrder(a.clone, b.clone)).map((s) => ({ clone: s.clone, prediction: s.prediction, lo: s.lo, hi: s.hi, level: 0.9 })), growth, inputs) : []),
    [scores, growth, inputs],
  );
  const portfolio = useMemo(() => planPortfolio(plans.filter((p) => !excluded.includes(p.clone)), inputs.targetVials), [plans, excluded, inputs.targetVials]);
  if (!scores) return null;
  const set = (change: Partial<PlanInputs>) => setPlan(change);
  const chosen = new Set(portfolio.clones);
  const focus: ClonePlan | undefined = plans.find((p) => p.clone === shown) ?? plans.find((p) => p.clone === portfolio.clones[0]) ?? plans[0];

  const traces = plans
    .filter((p) => p.candidates.length > 0 && p.candidates.some((c) => Number.isFinite(c.cells)))
    .flatMap((p) => {
      const on = chosen.has(p.clone);
      const color = p === focus ? '#1f4e79' : on ? '#067647' : '#98a2b3';
      const line = {
        type: 'scatter' as const,
        mode: 'lines' as const,
        x: p.candidates.map((c) => c.passage),
        y: p.candidates.map((c) => c.cells),
        name: p.clone,
        line: { color, width: p === focus ? 3 : 1.5 },
        hovertemplate: `${p.clone}: passage %{x}, %{y:.3s} cells<extra></extra>`,
      };
      const star =
        p.bankPassage !== null && p.cells !== null
          ? [{ type: 'scatter' as const, mode: 'markers' as const, x: [p.bankPassage], y: [p.cells], name: `${p.clone} b*`, marker: { color, size: 9, symbol: 'star' }, hovertemplate: `${p.clone}: bank at passage %{x}, %{y:.3s} cells<extra></extra>` }]
          : [];
      return [line, ...star];
    });

  return (
    <section className="panel" aria-label="Bank plan" data-testid="bank-plan">
      <h3>Bank plan</h3>
      <p className="small-text muted">
        Cells at passage b = N0 · (s·F)^(b − p0); the bank is the harvest at b. b* is the latest passage whose remaining potency at {RISK_TEXT[inputs.risk]} still covers the reserve R
        (the first passage when the cells do not expand). Risk: the chance the clone stops before b* + R, from the prediction's distribution (normal, spread read from each half of the 90 % interval). The
        fold F per passage is derived from each clone's growth over the imaged window, F = 2^(passage duration / doubling time), assuming that growth lasts the whole passage — enter a fold where it is
        known.
      </p>
      <div className="row">
        <NumberInput label="Passage duration (h)" value={inputs.passageDurationH} min={1} onChange={(v) => v > 0 && set({ passageDurationH: v })} />
        <NumberInput label="Start passage p0" value={inputs.startPassage} step={1} min={0} onChange={(v) => Number.isInteger(v) && set({ startPassage: v })} />
        <NumberInput label="Cells at p0" value={inputs.startCells} min={1} onChange={(v) => v > 0 && set({ startCells: v })} />
        <NumberInput label="Fraction carried on" value={inputs.carryFraction} step={0.05} min={0.01} onChange={(v) => v > 0 && v <= 1 && set({ carryFraction: v })} />
        <NumberInput label="Cells per vial" value={inputs.vialCells} min={1} onChange={(v) => v > 0 && set({ vialCells: v })} />
        <NumberInput label="Reserve passages" value={inputs.reserve} step={1} min={0} onChange={(v) => v >= 0 && set({ reserve: v })} />
        <label>
          Risk{' '}
          <select aria-label="Plan risk level" value={inputs.risk} onChange={(e) => set({ risk: e.target.value as RiskLevel })}>
            {RISK_LEVELS.map((r) => (
              <option key={r} value={r}>
                {r === 'lower' ? 'interval lower bound' : r === 'q05' ? '5 % quantile' : '10 % quantile'}
              </option>
            ))}
          </select>
        </label>
        <NumberInput label="Target vials" value={inputs.targetVials} step={10} min={1} onChange={(v) => v > 0 && set({ targetVials: v })} />
      </div>
      <p data-testid="plan-portfolio">
        <strong>Portfolio:</strong> {portfolio.text} <span className="muted small-text">(greedy: bankable clones by increasing risk until the target is reached; excluded clones left out)</span>
      </p>
      <div className="table-scroll" style={{ maxHeight: '28rem' }}>
        <table data-testid="plan-table">
          <thead>
            <tr>
              <th>Clone</th>
              <th>Fold / passage</th>
              <th>Bank at (b*)</th>
              <th>Cells</th>
              <th>Vials</th>
              <th>Remaining passages [interval]</th>
              <th>Risk</th>
              <th>Portfolio</th>
              <th>Note</th>
            </tr>
          </thead>
          <tbody>
            {plans.map((p) => (
              <tr key={p.clone} data-testid={`plan-row-${p.clone}`} className={p === focus ? 'selected-row' : ''} onClick={() => setShown(p.clone)}>
                <td>{p.clone}</td>
                <td title={p.foldSource}>
                  <input
                    type="number"
                    step="any"
                    min={0}
                    aria-label={`Fold of ${p.clone}`}
                    style={{ width: '5.5rem' }}
                    placeholder={Number.isFinite(p.fold) ? p.fold.toFixed(2) : 'enter'}
                    value={inputs.folds[p.clone] ?? ''}
                    onClick={(e) => e.stopPropagation()}
                    onChange={(e) => {
                      const folds = { ...inputs.folds };
                      const v = Number(e.target.value);
                      if (e.target.value.trim() === '' || !Number.isFinite(v)) delete folds[p.clone];
                      else folds[p.clone] = v;
                      set({ folds });
                    }}
                  />{' '}
                  <span className="muted small-text">{p.foldSource === 'entered' ? 'entered' : Number.isFinite(p.fold) ? 'from growth' : 'no growth'}</span>
                </td>
                <td data-testid={`plan-b-${p.clone}`}>{p.bankPassage ?? <span className="warning">do not bank</span>}</td>
                <td>{cellsText(p.cells)}</td>
                <td data-testid={`plan-vials-${p.clone}`}>{p.vials ?? '—'}</td>
                <td>{p.remaining ? `${p.remaining[1].toFixed(2)} [${p.remaining[0].toFixed(2)}, ${p.remaining[2].toFixed(2)}]` : '—'}</td>
                <td>{pct(p.risk)}</td>
                <td>{chosen.has(p.clone) ? '✓' : ''}</td>
                <td className="small-text">{p.note}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {traces.length > 0 && (
        <Plot
          testId="plan-plot"
          fileName="bank_plan_cells"
          data={traces}
          layout={{
            title: { text: `Cumulative cells by passage (★ = b*); shaded: ${focus?.clone ?? ''}'s predicted stop zone (90 % interval)` },
            xaxis: { title: { text: 'passage (number)' }, dtick: 1 },
            yaxis: { title: { text: 'cumulative cells (cells, log scale)' }, type: 'log' },
            showlegend: false,
            shapes: focus && Number.isFinite(focus.interval.lo)
              ? [
                  { type: 'rect', xref: 'x', yref: 'paper', x0: focus.interval.lo, x1: focus.interval.hi, y0: 0, y1: 1, fillcolor: 'rgba(180, 35, 24, 0.12)', line: { width: 0 } },
                  { type: 'line', xref: 'x', yref: 'paper', x0: focus.interval.prediction, x1: focus.interval.prediction, y0: 0, y1: 1, line: { color: '#b42318', dash: 'dot' } },
                  { type: 'line', xref: 'x', yref: 'paper', x0: focus.potencyAtRisk - inputs.reserve, x1: focus.potencyAtRisk - inputs.reserve, y0: 0, y1: 1, line: { color: '#1f4e79', dash: 'dash' } },
                ]
              : [],
          }}
          height={340}
        />
      )}
      <p className="muted small-text">Click a row to shade its stop zone. Dotted red: predicted potency; dashed blue: the latest passage that keeps the reserve at the chosen risk.</p>
    </section>
  );
}
