import { useEffect, useMemo, useRef, useState } from 'react';
import { formatHours } from '../../core/experiment';
import { quantile, recommend } from '../../core/models/grid';
import { TIME_POINTS_H } from '../../core/experiment';
import { useAnalysis } from '../../state/analysisData';
import { useExperiments } from '../../state/experimentStore';
import { useModels } from '../../state/modelStore';
import { bankedClones, useRanking } from '../../state/rankingStore';
import { exportReport } from '../../state/reportActions';
import { useTasks } from '../../state/taskStore';
import type { ModelKind } from '../../core/models/grid';
import { NeedsMeasurements } from '../components/NeedsMeasurements';
import { downloadText, Plot } from '../components/Plot';
import { BankPlanPanel } from './BankPlanPanel';

type SortKey = 'prediction' | 'clone' | 'measured';

function ModelPanel() {
  const { data } = useAnalysis();
  const { model, train, importModel, exportModelJson } = useRanking();
  const { bootstrap, threshold } = useModels();
  const busy = useTasks((s) => 'train' in s.tasks);
  const fileInput = useRef<HTMLInputElement>(null);
  const windows = useMemo(() => TIME_POINTS_H.filter((h) => data?.index.timesH.includes(h)), [data]);
  const maxK = useMemo(() => (data ? Math.max(1, ...[...data.index.byClone.values()].map((c) => c.fovs.length)) : 1), [data]);
  const suggestion = bootstrap.length ? recommend(bootstrap, threshold, TIME_POINTS_H).earliest : null;
  const [kind, setKind] = useState<ModelKind>(suggestion?.model ?? 'lasso');
  const [windowEndH, setWindowEndH] = useState<number>(suggestion?.windowEndH ?? windows[windows.length - 1] ?? 90);
  const [fovCount, setFovCount] = useState<number>(suggestion?.fovCount ?? maxK);
  const [seed, setSeed] = useState(1);
  const nonZero = model?.lasso ? model.columns.map((c, j) => ({ c, w: model.lasso!.coefficients[j]! * model.standardisation.sds[j]! })).filter((x) => x.w !== 0).sort((a, b) => Math.abs(b.w) - Math.abs(a.w)) : [];

  return (
    <section className="panel" aria-label="Final model">
      <div className="row">
        <h3>Final model</h3>
        <span className="spacer" />
        <button type="button" onClick={() => fileInput.current?.click()}>
          Import model (JSON)…
        </button>
        <input ref={fileInput} type="file" accept=".json,application/json" hidden data-testid="model-input" onChange={(e) => {
          const f = e.target.files?.[0];
          if (f) void importModel(f);
          e.target.value = '';
        }} />
        {model && (
          <button type="button" onClick={() => { const json = exportModelJson(); if (json) downloadText(`potency_model_${model.kind}_${model.condition.windowEndH}h_${model.condition.fovCount}fov.json`, json, 'application/json'); }}>
            Export model (JSON)
          </button>
        )}
      </div>
      <div className="row">
        <label>
          Model{' '}
          <select aria-label="Final model kind" value={kind} onChange={(e) => setKind(e.target.value as ModelKind)}>
            <option value="lasso">LASSO</option>
            <option value="rf">Random forest</option>
          </select>
        </label>
        <label>
          Window 6–
          <select aria-label="Final model window" value={windowEndH} onChange={(e) => setWindowEndH(Number(e.target.value))}>
            {windows.map((w) => (
              <option key={w} value={w}>
                {formatHours(w)} h
              </option>
            ))}
          </select>
        </label>
        <label>
          FOVs <input type="number" min={1} max={maxK} value={fovCount} aria-label="Final model FOVs" onChange={(e) => setFovCount(Math.max(1, Math.min(maxK, Number(e.target.value) || 1)))} />
        </label>
        <label>
          Seed <input type="number" value={seed} aria-label="Final model seed" onChange={(e) => setSeed(Math.trunc(Number(e.target.value)))} />
        </label>
        <button type="button" className="primary" disabled={busy || !data} onClick={() => void train(kind, { windowEndH, fovCount, seed })}>
          Train on all labelled clones
        </button>
        {suggestion && <span className="muted small-text">preset from the bootstrap recommendation (earliest condition)</span>}
      </div>
      {model && (
        <div className="kv small-text" data-testid="model-summary">
          <span>Model</span>
          <span>
            {model.kind.toUpperCase()} · window 6–{formatHours(model.condition.windowEndH)} h · {model.condition.fovCount} FOVs (seed {model.condition.seed})
            {model.lasso ? ` · λ = ${model.lasso.lambda.toPrecision(4)} · ${nonZero.length} descriptors selected` : ''}
            {model.rf ? ` · ${model.rf.trees.length} trees, mtry ${model.rf.mtry}` : ''}
          </span>
          <span>Validation</span>
          <span>
            leave-one-out RMSE <strong>{model.training.loocvRmse.toFixed(3)}</strong> passages ({model.training.validation}) on {model.training.clones.length} clones
          </span>
          <span>Made</span>
          <span>
            {model.createdAt.slice(0, 19).replace('T', ' ')} · app {model.appVersion} · segmentation {model.segmentation.paramsHash}
          </span>
          {nonZero.length > 0 && (
            <>
              <span>Weights</span>
              <span className="mono">{nonZero.slice(0, 8).map((x) => `${x.c} ${x.w > 0 ? '+' : ''}${x.w.toFixed(2)}`).join(' · ')}</span>
            </>
          )}
        </div>
      )}
    </section>
  );
}

export function RankingView() {
  const { current, clones, images, editClone } = useExperiments();
  const { data, load } = useAnalysis();
  const loadModels = useModels((s) => s.loadStored);
  const r = useRanking();
  const [sortKey, setSortKey] = useState<SortKey>('prediction');
  const [group, setGroup] = useState<'all' | 'REC' | 'bulk'>('all');

  useEffect(() => {
    void load().then(() => Promise.all([loadModels(), useRanking.getState().load()]));
  }, [current?.id, images, load, loadModels]);

  const cloneInfo = useMemo(() => new Map(clones.map((c) => [c.id, c])), [clones]);
  const banked = useMemo(() => (r.scores ? bankedClones(r.scores, r) : new Set<string>()), [r]);
  const rows = useMemo(() => {
    const list = (r.scores ?? []).filter((s) => group === 'all' || cloneInfo.get(s.clone)?.group === group);
    const ranked = [...list].filter((s) => Number.isFinite(s.prediction)).sort((a, b) => b.prediction - a.prediction);
    const rankOf = new Map(ranked.map((s, i) => [s.clone, i + 1]));
    const out = list.map((s) => ({ ...s, rank: rankOf.get(s.clone) ?? null, measured: cloneInfo.get(s.clone)?.potency ?? null }));
    return out.sort((a, b) =>
      sortKey === 'clone' ? a.clone.localeCompare(b.clone, 'en', { numeric: true }) : sortKey === 'measured' ? (b.measured ?? -Infinity) - (a.measured ?? -Infinity) : (b.prediction || -Infinity) - (a.prediction || -Infinity),
    );
  }, [r.scores, group, sortKey, cloneInfo]);
  const selected = r.scores?.find((s) => s.clone === r.selectedClone) ?? null;

  if (!current) return null;
  if (!data || data.images.length === 0) return <NeedsMeasurements title="Ranking" />;
  const toPredict = rows.filter((x) => x.measured === null);
  const csv = () =>
    `rank,clone,label,group,predicted,lo,hi,measured,bank,pinned,excluded,notes\n${rows
      .map((x) => {
        const c = cloneInfo.get(x.clone);
        return [x.rank ?? '', x.clone, c?.label ?? '', c?.group ?? '', x.prediction, x.lo, x.hi, x.measured ?? '', banked.has(x.clone), r.pinned.includes(x.clone), r.excluded.includes(x.clone), JSON.stringify(c?.notes ?? '')].join(',');
      })
      .join('\n')}\n`;

  return (
    <>
      <ModelPanel />
      {r.model && (
        <section className="panel" aria-label="Ranking">
          <div className="row">
            <h3>Ranking</h3>
            <label>
              Bank clones predicted ≥{' '}
              <input type="number" step={0.5} value={r.threshold} aria-label="Banking threshold" onChange={(e) => r.setThreshold(Number(e.target.value))} /> passages
            </label>
            <label>
              Group{' '}
              <select aria-label="Group filter" value={group} onChange={(e) => setGroup(e.target.value as typeof group)}>
                <option value="all">all</option>
                <option value="REC">REC</option>
                <option value="bulk">bulk</option>
              </select>
            </label>
            <label>
              Sort{' '}
              <select aria-label="Sort by" value={sortKey} onChange={(e) => setSortKey(e.target.value as SortKey)}>
                <option value="prediction">predicted potency</option>
                <option value="measured">measured potency</option>
                <option value="clone">clone</option>
              </select>
            </label>
            <span className="spacer" />
            <button type="button" onClick={() => downloadText(`ranking_${current.name.replace(/[^\w.-]+/g, '_')}.csv`, csv())} disabled={!r.scores}>
              Export predictions (CSV)
            </button>
            <button type="button" className="primary" onClick={() => void exportReport('html')} disabled={!r.scores}>
              Export report (HTML)
            </button>
            <button type="button" onClick={() => void exportReport('print')} disabled={!r.scores}>
              Print / PDF
            </button>
          </div>
          <p data-testid="banking-decision">
            <strong>{banked.size}</strong> clone{banked.size === 1 ? '' : 's'} chosen for banking: {[...banked].join(', ') || '—'}.{' '}
            <span className="muted small-text">{toPredict.length} without a measured potency were predicted. Intervals: {r.intervalMethod || '…'}</span>
          </p>
          <div className="table-scroll" style={{ maxHeight: '32rem' }}>
            <table data-testid="ranking-table">
              <thead>
                <tr>
                  <th>Rank</th>
                  <th>Clone</th>
                  <th>Group</th>
                  <th>Predicted (90 % interval)</th>
                  <th>Measured</th>
                  <th>Bank</th>
                  <th>Pin</th>
                  <th>Exclude</th>
                  <th>Notes</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((x) => (
                  <tr key={x.clone} className={r.selectedClone === x.clone ? 'selected-row' : ''} onClick={() => r.selectClone(x.clone)} data-testid={`rank-row-${x.clone}`}>
                    <td>{x.rank ?? '—'}</td>
                    <td>
                      {cloneInfo.get(x.clone)?.label || x.clone}
                      {x.problems.length > 0 && <span className="error small-text"> {x.problems.join('; ')}</span>}
                    </td>
                    <td>{cloneInfo.get(x.clone)?.group}</td>
                    <td>
                      <strong>{Number.isFinite(x.prediction) ? x.prediction.toFixed(2) : '—'}</strong>{' '}
                      <span className="muted">{Number.isFinite(x.lo) ? `[${x.lo.toFixed(2)}, ${x.hi.toFixed(2)}]` : ''}</span>
                    </td>
                    <td>{x.measured ?? <span className="muted">to predict</span>}</td>
                    <td>{banked.has(x.clone) ? '✓' : ''}</td>
                    <td>
                      <input type="checkbox" aria-label={`Pin ${x.clone}`} checked={r.pinned.includes(x.clone)} onChange={() => r.togglePinned(x.clone)} onClick={(e) => e.stopPropagation()} />
                    </td>
                    <td>
                      <input type="checkbox" aria-label={`Exclude ${x.clone}`} checked={r.excluded.includes(x.clone)} onChange={() => r.toggleExcluded(x.clone)} onClick={(e) => e.stopPropagation()} />
                    </td>
                    <td>
                      <input aria-label={`Notes on ${x.clone}`} defaultValue={cloneInfo.get(x.clone)?.notes ?? ''} onClick={(e) => e.stopPropagation()} onBlur={(e) => e.target.value !== (cloneInfo.get(x.clone)?.notes ?? '') && void editClone(x.clone, { notes: e.target.value })} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {r.scores && (
            <Plot
              testId="ranking-plot"
              fileName="ranking_intervals"
              data={[
                {
                  type: 'scatter',
                  mode: 'markers',
                  y: rows.map((x) => cloneInfo.get(x.clone)?.label || x.clone),
                  x: rows.map((x) => x.prediction),
                  error_x: { type: 'data', symmetric: false, array: rows.map((x) => x.hi - x.prediction), arrayminus: rows.map((x) => x.prediction - x.lo) },
                  marker: { size: 9, color: rows.map((x) => (banked.has(x.clone) ? '#067647' : '#667085')) },
                  name: 'predicted',
                },
                { type: 'scatter', mode: 'markers', y: rows.filter((x) => x.measured !== null).map((x) => cloneInfo.get(x.clone)?.label || x.clone), x: rows.filter((x) => x.measured !== null).map((x) => x.measured), marker: { symbol: 'x', size: 8, color: '#b42318' }, name: 'measured' },
              ]}
              layout={{ title: { text: 'Predicted potency with 90 % intervals (× = measured)' }, xaxis: { title: { text: 'passages' } }, yaxis: { type: 'category', autorange: 'reversed' }, shapes: [{ type: 'line', yref: 'paper', y0: 0, y1: 1, x0: r.threshold, x1: r.threshold, line: { dash: 'dash', color: '#067647' } }], showlegend: false }}
              height={Math.max(300, rows.length * 22 + 80)}
            />
          )}
        </section>
      )}
      {selected?.contributions && selected.contributions.rows.length > 0 && (
        <section className="panel" aria-label="Why this clone ranks here" data-testid="contributions">
          <h3>
            Why {cloneInfo.get(selected.clone)?.label || selected.clone} is predicted {selected.prediction.toFixed(2)}: baseline {selected.contributions.baseline.toFixed(2)} (mean training potency) + one term per selected descriptor
          </h3>
          <Plot
            fileName={`contributions_${selected.clone}`}
            data={[
              {
                type: 'bar',
                orientation: 'h',
                y: selected.contributions.rows.slice(0, 15).map((c) => c.column),
                x: selected.contributions.rows.slice(0, 15).map((c) => c.contribution),
                marker: { color: selected.contributions.rows.slice(0, 15).map((c) => (c.contribution > 0 ? '#067647' : '#b42318')) },
                hovertemplate: '%{y}: %{x:.3f} passages<extra></extra>',
              },
            ]}
            layout={{ xaxis: { title: { text: 'contribution (passages) = standardised weight × standardised value' } }, yaxis: { autorange: 'reversed', automargin: true }, margin: { l: 220 } }}
            height={Math.max(240, Math.min(15, selected.contributions.rows.length) * 24 + 80)}
          />
          <p className="muted small-text">{selected.contributions.note}</p>
        </section>
      )}
      {r.scores && !selected && <p className="muted">Click a row to see why that clone ranks where it does.</p>}
      {r.model && r.scores && <BankPlanPanel />}
      {r.model && quantile([r.model.training.loocvRmse], 0.5) > 1 && <p className="warning">This model's leave-one-out RMSE is above 1 passage: treat the ranking as indicative.</p>}
    </>
  );
}
