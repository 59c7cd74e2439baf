import { useEffect, useMemo, useState } from 'react';
import type { Data } from 'plotly.js-dist-min';
import { TIME_POINTS_H, formatHours } from '../../core/experiment';
import { coefficientCorrelation, quantile, recommend, selectionFrequency, type CellResult, type ModelKind } from '../../core/models/grid';
import { useAnalysis } from '../../state/analysisData';
import { useExperiments } from '../../state/experimentStore';
import { DEFAULT_MODELS, useModels } from '../../state/modelStore';
import { useTasks } from '../../state/taskStore';
import { downloadText, Plot } from '../components/Plot';
import { NeedsMeasurements } from '../components/NeedsMeasurements';
import { paperConditions } from '../../core/models/conditions';

const MODEL_LABEL: Record<ModelKind, string> = { lasso: 'LASSO (nested LOOCV)', rf: 'Random forest (LOOCV)' };

function Heatmap({ model, cells, windows, fovCounts, threshold, onPick }: { model: ModelKind; cells: CellResult[]; windows: number[]; fovCounts: number[]; threshold: number; onPick: (c: CellResult) => void }) {
  const byKey = new Map(cells.filter((c) => c.model === model).map((c) => [`${c.windowEndH}|${c.fovCount}`, c]));
  const z = windows.map((w) => fovCounts.map((k) => byKey.get(`${w}|${k}`)?.rmse ?? null));
  const under = windows.flatMap((w) => fovCounts.filter((k) => (byKey.get(`${w}|${k}`)?.rmse ?? Infinity) < threshold).map((k) => ({ w, k })));
  const data: Data[] = [
    {
      type: 'heatmap',
      x: fovCounts,
      y: windows.map((w) => `6–${formatHours(w)} h`),
      z,
      // Blue = low error (good), white at the usual threshold, red = high.
      colorscale: [
        [0, '#2166ac'],
        [0.47, '#f7f7f7'],
        [1, '#b2182b'],
      ],
      zmin: 0.3,
      zmax: 1.8,
      colorbar: { title: { text: 'RMSE' } },
      hovertemplate: '%{y}, %{x} FOVs: RMSE %{z:.3f}<extra></extra>',
    },
    {
      type: 'scatter',
      mode: 'markers',
      x: under.map((u) => u.k),
      y: under.map((u) => `6–${formatHours(u.w)} h`),
      marker: { symbol: 'circle-open', size: fovCounts.length > 20 ? 5 : 9, color: '#000' },
      name: `RMSE < ${threshold}`,
      hoverinfo: 'skip',
    },
  ];
  return (
    <Plot
      testId={`heatmap-${model}`}
      fileName={`rmse_heatmap_${model}`}
      data={data}
      layout={{
        title: { text: `${MODEL_LABEL[model]}: RMSE (○ < ${threshold})` },
        // Fixed ranges: cell i spans i ± 0.5, so a click maps to its cell exactly.
        xaxis: { title: { text: 'FOVs per well' }, type: 'category', range: [-0.5, fovCounts.length - 0.5] },
        yaxis: { title: { text: 'time window' }, type: 'category', range: [-0.5, windows.length - 0.5] },
        showlegend: false,
      }}
      height={440}
      onAreaClick={(xi, yi) => {
        const cell = byKey.get(`${windows[Math.round(yi)]}|${fovCounts[Math.round(xi)]}`);
        if (cell) onPick(cell);
      }}
    />
  );
}

function CellDetail({ cell }: { cell: CellResult }) {
  const lo = Math.min(...cell.measured, ...cell.predicted.filter(Number.isFinite)) - 0.5;
  const hi = Math.max(...cell.measured, ...cell.predicted.filter(Number.isFinite)) + 0.5;
  const coefs = Object.entries(cell.coefficients ?? {}).sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]));
  return (
    <section className="panel" data-testid="cell-detail" aria-label="Grid cell">
      <h3>
        {MODEL_LABEL[cell.model]} · 6–{formatHours(cell.windowEndH)} h · {cell.fovCount} FOVs: RMSE {cell.rmse.toFixed(3)}
        {cell.optimisticRmse !== undefined ? ` (optimistic, λ chosen on all clones: ${cell.optimisticRmse.toFixed(3)})` : ''}
      </h3>
      <div className="grid-2">
        <Plot
          testId="cell-scatter"
          fileName={`predicted_vs_measured_${cell.model}_${cell.windowEndH}h_${cell.fovCount}fov`}
          data={[
            { type: 'scatter', mode: 'lines', x: [lo, hi], y: [lo, hi], line: { color: '#98a2b3', dash: 'dash' }, name: 'y = x' },
            { type: 'scatter', mode: 'text+markers', x: cell.measured, y: cell.predicted, text: cell.clones, textposition: 'top center', marker: { size: 10, color: '#2458c6' }, name: 'clones' },
          ]}
          layout={{ title: { text: 'Predicted (left out) vs measured' }, xaxis: { title: { text: 'measured potency' } }, yaxis: { title: { text: 'predicted potency' } }, showlegend: false }}
          height={340}
        />
        <div>
          {cell.lambda !== undefined && <p className="small-text">λ = {cell.lambda.toPrecision(4)} (lambda.min of leave-one-out on all clones) · {coefs.length} descriptors selected; weights are standardised (β × SD).</p>}
          {cell.notes.map((n) => (
            <p key={n} className="muted small-text">
              {n}
            </p>
          ))}
          {coefs.length > 0 && (
            <table>
              <thead>
                <tr>
                  <th>Profile column</th>
                  <th>Weight</th>
                </tr>
              </thead>
              <tbody>
                {coefs.slice(0, 15).map(([c, v]) => (
                  <tr key={c}>
                    <td className="mono">{c}</td>
                    <td className={v > 0 ? 'ok' : 'error'}>{v.toFixed(3)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <button type="button" className="small" onClick={() => downloadText(`predictions_${cell.model}_${cell.windowEndH}h_${cell.fovCount}fov.csv`, `clone,measured,predicted\n${cell.clones.map((c, i) => `${c},${cell.measured[i]},${cell.predicted[i]}`).join('\n')}\n`)}>
            Export predictions (CSV)
          </button>
        </div>
      </div>
    </section>
  );
}

function Structure({ cells, windows, maxK }: { cells: CellResult[]; windows: number[]; maxK: number }) {
  const lasso = cells.filter((c) => c.model === 'lasso' && c.coefficients);
  const paperWindows = [6, 30, 60, 90].filter((w) => windows.includes(w));
  const chosen = paperWindows.map((w) => lasso.find((c) => c.windowEndH === w && c.fovCount === maxK)).filter((c): c is CellResult => !!c);
  const names = chosen.map((c) => `6–${formatHours(c.windowEndH)} h`);
  const z = chosen.map((a) => chosen.map((b) => coefficientCorrelation(a.coefficients!, b.coefficients!)));
  const freq = selectionFrequency(lasso).slice(0, 12);
  return (
    <section className="panel" aria-label="Model structure">
      <h3>Model structure (LASSO, {maxK} FOVs)</h3>
      <div className="grid-2">
        <Plot
          testId="structure-plot"
          fileName="model_structure_correlation"
          data={[{ type: 'heatmap', x: names, y: names, z, zmin: -1, zmax: 1, colorscale: 'RdBu', reversescale: true, text: z.map((r) => r.map((v) => (Number.isFinite(v) ? v.toFixed(2) : '—'))) as unknown as string[], texttemplate: '%{text}', hovertemplate: '%{y} vs %{x}: r = %{z:.2f}<extra></extra>' } as Data]}
          layout={{ title: { text: 'Correlation of coefficient vectors' } }}
          height={320}
        />
        <div>
          <div className="row">
            <strong>Descriptors most often selected across the grid</strong>
            <span className="spacer" />
            <button type="button" className="small" onClick={() => downloadText('selected_descriptors.csv', `descriptor,models,positive,negative\n${selectionFrequency(lasso).map((f) => `${f.feature},${f.count},${f.positive},${f.negative}`).join('\n')}\n`)}>
              Export CSV
            </button>
          </div>
          <table data-testid="selection-table">
            <thead>
              <tr>
                <th>Descriptor statistic</th>
                <th>Models</th>
                <th>Sign</th>
              </tr>
            </thead>
            <tbody>
              {freq.map((f) => (
                <tr key={f.feature}>
                  <td className="mono">{f.feature}</td>
                  <td>
                    {f.count} of {lasso.length}
                  </td>
                  <td>{f.positive >= f.negative ? `+ (${f.positive}/${f.count})` : `− (${f.negative}/${f.count})`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </section>
  );
}

function BootstrapPanel({ windows, maxK, threshold }: { windows: number[]; maxK: number; threshold: number }) {
  const { bootstrap, bootstrapStale, runBootstrap, runPermutation, permutation, settings } = useModels();
  const running = useTasks((s) => 'bootstrap' in s.tasks || 'permutation' in s.tasks);
  const [model, setModel] = useState<ModelKind>('lasso');
  const [replicates, setReplicates] = useState(DEFAULT_MODELS.replicates);
  // The paper's comparison: early, middle and full windows, with few and all FOVs.
  const conditions = useMemo(() => paperConditions(windows, maxK, [model]), [windows, maxK, model]);
  const rec = bootstrap.length ? recommend(bootstrap, threshold, TIME_POINTS_H) : null;
  const full = { windowEndH: Math.max(...windows), fovCount: maxK, model };

  return (
    <section className="panel" aria-label="FOV bootstrap">
      <div className="row">
        <h3>FOV bootstrap and recommendation</h3>
        <select aria-label="Bootstrap model" value={model} onChange={(e) => setModel(e.target.value as ModelKind)}>
          <option value="lasso">LASSO</option>
          <option value="rf">Random forest</option>
        </select>
        <label>
          Resamples <input type="number" min={5} max={200} value={replicates} aria-label="Resamples" onChange={(e) => setReplicates(Math.max(5, Number(e.target.value) || 50))} />
        </label>
        <button type="button" className="primary" disabled={running} onClick={() => void runBootstrap(conditions, replicates)}>
          Bootstrap {conditions.length} conditions
        </button>
        <button type="button" disabled={running} onClick={() => void runPermutation(full, 20)}>
          Permutation control (20 shuffles)
        </button>
        {bootstrapStale && <span className="warning">stored result is from other inputs: run again</span>}
      </div>
      <p className="muted small-text">
        Conditions: {conditions.map((c) => `6–${c.windowEndH} h × ${c.fovCount} FOVs`).join(', ')}. Each resample draws that many FOVs per well with replacement and refits ({settings.models.includes(model) ? model.toUpperCase() : model}).
      </p>
      {bootstrap.length > 0 && (
        <Plot
          testId="bootstrap-plot"
          fileName="bootstrap_rmse"
          data={bootstrap.map((b) => ({ type: 'box', y: b.rmse, name: `6–${b.windowEndH} h × ${b.fovCount}`, boxpoints: 'all', jitter: 0.4, pointpos: 0, marker: { size: 3 } }))}
          layout={{ title: { text: `Bootstrap RMSE (${bootstrap[0]!.rmse.length} resamples each)` }, yaxis: { title: { text: 'RMSE' } }, shapes: [{ type: 'line', xref: 'paper', x0: 0, x1: 1, y0: threshold, y1: threshold, line: { dash: 'dash', color: '#b42318' } }], showlegend: false }}
          height={320}
        />
      )}
      {rec && (
        <p className="recommendation" data-testid="recommendation">
          <strong>Recommendation:</strong> {rec.text}
        </p>
      )}
      {bootstrap.length > 0 && (
        <table>
          <thead>
            <tr>
              <th>Condition</th>
              <th>median RMSE</th>
              <th>90th percentile</th>
            </tr>
          </thead>
          <tbody>
            {bootstrap.map((b) => (
              <tr key={`${b.windowEndH}|${b.fovCount}`}>
                <td>
                  6–{b.windowEndH} h × {b.fovCount} FOVs
                </td>
                <td>{quantile(b.rmse, 0.5).toFixed(3)}</td>
                <td className={quantile(b.rmse, 0.9) < threshold ? 'ok' : 'error'}>{quantile(b.rmse, 0.9).toFixed(3)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {permutation && (
        <p data-testid="permutation-result">
          Permutation control at 6–{permutation.condition.windowEndH} h × {permutation.condition.fovCount} FOVs ({permutation.condition.model.toUpperCase()}): true potencies RMSE {permutation.observed.toFixed(3)}; shuffled potencies median{' '}
          {quantile(permutation.permuted, 0.5).toFixed(3)} (min {Math.min(...permutation.permuted).toFixed(3)}); empirical p = {permutation.pValue.toFixed(3)}
          {permutation.pValue <= 0.05 ? ' — the profiles carry real potency information.' : ' — not distinguishable from chance.'}
        </p>
      )}
    </section>
  );
}

export function ModelsView() {
  const { current, images } = useExperiments();
  const { data, load } = useAnalysis();
  const { threshold, setThreshold, settings, setSettings, grid, gridStale, selected, select, loadStored, runGrid } = useModels();
  const running = useTasks((s) => 'grid' in s.tasks);

  useEffect(() => {
    void load().then(() => loadStored());
  }, [current, images, load, loadStored]);

  if (!current) return null;
  if (!data || data.images.length === 0) return <NeedsMeasurements title="Models" />;
  const labelled = [...data.potency.values()].filter((p) => p !== null).length;
  const windows = grid?.windowsEndH ?? [];
  const fovCounts = grid?.fovCounts ?? [];
  const maxK = Math.max(1, ...fovCounts);
  const best = grid?.cells.filter((c) => c.model === 'lasso' && c.windowEndH === Math.max(...windows) && c.fovCount === maxK)[0];

  return (
    <>
      <section className="panel" aria-label="Model grid">
        <div className="row">
          <h2>Models</h2>
          <span className="muted">{labelled} clones with a known potency</span>
          <label>
            RMSE threshold <input type="number" step={0.05} min={0.1} value={threshold} aria-label="RMSE threshold" onChange={(e) => setThreshold(Number(e.target.value) || 1)} />
          </label>
          <label>
            Seed <input type="number" value={settings.seed} aria-label="Grid seed" onChange={(e) => setSettings({ seed: Math.trunc(Number(e.target.value)) })} />
          </label>
          <label>
            RF trees <input type="number" min={10} max={2000} value={settings.rfTrees} aria-label="RF trees" onChange={(e) => setSettings({ rfTrees: Math.max(10, Number(e.target.value) || 500) })} />
          </label>
          <label>
            <input type="checkbox" checked={settings.models.includes('rf')} onChange={(e) => setSettings({ models: e.target.checked ? ['lasso', 'rf'] : ['lasso'] })} /> random forest too
          </label>
          <span className="spacer" />
          <button type="button" className="primary" disabled={running} onClick={() => void runGrid()}>
            Run the grid
          </button>
        </div>
        <p className="muted small-text" data-testid="grid-status">
          {grid
            ? `${grid.cells.length} cells${running ? ' so far' : ` computed in ${(grid.elapsedMs / 1000).toFixed(1)} s`} · seed ${grid.settings.seed} · RF ${grid.settings.rfTrees} trees${gridStale ? ' · STALE: labels or segmentation changed since; run again' : ''}`
            : 'Every time window 6–t h × every FOV count, judged by leave-one-clone-out RMSE (λ chosen inside each fold). Click a cell for its scatter and model.'}
          {best && !running ? ` · full data (6–${best.windowEndH} h × ${maxK} FOVs) LASSO RMSE ${best.rmse.toFixed(3)}` : ''}
        </p>
        {grid && (
          <div className="grid-2">
            {grid.settings.models.map((m) => (
              <Heatmap key={m} model={m} cells={grid.cells} windows={windows} fovCounts={fovCounts} threshold={threshold} onPick={select} />
            ))}
          </div>
        )}
      </section>
      {selected && <CellDetail cell={selected} />}
      {grid && !running && grid.cells.some((c) => c.coefficients) && <Structure cells={grid.cells} windows={windows} maxK={maxK} />}
      {grid && !running && <BootstrapPanel windows={windows} maxK={maxK} threshold={threshold} />}
    </>
  );
}
