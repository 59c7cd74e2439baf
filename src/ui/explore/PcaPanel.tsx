import { useEffect, useState } from 'react';
import type { Data } from 'plotly.js-dist-min';
import type { FovChoice } from '../../core/profiles';
import { formatHours } from '../../core/experiment';
import type { AnalysisData } from '../../state/analysisData';
import { errorText } from '../../state/messageStore';
import { computePcaView, type PcaView } from '../../state/pcaActions';
import { downloadText, Plot } from '../components/Plot';
import type { ExploreSelection } from './selection';
import { POTENCY_SCALE, potencyColorOf } from './colors';

const BOOTSTRAPS = 50;

/** PCA of the profiles Explore selected, computed in a modelling worker (fixed axes and clouds are heavy). */
export function PcaPanel({ data, sel, fovs, maxFovs }: { data: AnalysisData; sel: ExploreSelection; fovs: FovChoice; maxFovs: number }) {
  const [fixedAxes, setFixedAxes] = useState(false);
  const [clouds, setClouds] = useState(false);
  // undefined: not computed yet; null: too few clones or columns.
  const [result, setResult] = useState<PcaView | null | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    setBusy(true);
    setError(null);
    computePcaView({ windowEndH: sel.windowEndH, fovs, seed: sel.seed, maxFovs, fixedAxes, clouds: clouds ? BOOTSTRAPS : 0 }, controller.signal)
      .then((view) => {
        if (!controller.signal.aborted) setResult(view);
      })
      .catch((err: unknown) => {
        if (!controller.signal.aborted) setError(errorText(err));
      })
      .finally(() => {
        if (!controller.signal.aborted) setBusy(false);
      });
    return () => controller.abort();
  }, [data, sel.windowEndH, sel.seed, fovs, maxFovs, fixedAxes, clouds]);

  if (error) return <section className="panel error" role="alert">PCA failed: {error}</section>;
  if (result === undefined) return <section className="panel muted">Computing the PCA…</section>;
  if (!result) return <section className="panel">PCA needs at least 3 clones with complete profiles.</section>;
  const { scores, clouds: cloud, clones } = result;
  const k = result.nComponents;
  const pot = clones.map((c) => data.potency.get(c) ?? null);
  const traces: Data[] = [
    ...cloud.flatMap((c, r): Data[] =>
      c.x.length === 0
        ? []
        : [
            {
              type: 'scatter',
              mode: 'markers',
              x: c.x,
              y: c.y,
              name: `${clones[r]} bootstrap`,
              showlegend: false,
              hoverinfo: 'skip',
              marker: { size: 4, opacity: 0.25, color: potencyColorOf(pot[r] ?? null) },
            },
          ],
    ),
    {
      type: 'scatter',
      mode: 'text+markers',
      x: clones.map((_, r) => scores[r * k]!),
      y: clones.map((_, r) => scores[r * k + 1]!),
      text: clones,
      textposition: 'top center',
      name: 'clones',
      hovertemplate: '%{text}<br>potency %{marker.color}<extra></extra>',
      marker: {
        size: 12,
        color: pot.map((p) => p ?? NaN),
        colorscale: POTENCY_SCALE,
        cmin: 7,
        cmax: 13,
        colorbar: { title: { text: 'potency' } },
        line: { color: '#333', width: 1 },
      },
    },
  ];
  const ve = result.varianceExplained;
  const loadings = result.columns
    .map((column, j) => ({ column, pc1: result.rotation[j * k]!, pc2: k > 1 ? result.rotation[j * k + 1]! : 0 }))
    .sort((a, b) => Math.abs(b.pc1) - Math.abs(a.pc1));

  return (
    <section className="panel" aria-label="PCA">
      <div className="row">
        <h3>PCA of profiles</h3>
        <span className="muted small-text">
          window 6–{formatHours(sel.windowEndH)} h · {sel.fovCount} FOVs · {result.columns.length} columns, centred and scaled (prcomp)
          {busy ? ' · computing…' : ''}
        </span>
        <span className="spacer" />
        <label>
          <input type="checkbox" checked={fixedAxes} onChange={(e) => setFixedAxes(e.target.checked)} /> fixed axes (all FOV counts)
        </label>
        <label>
          <input type="checkbox" checked={clouds} onChange={(e) => setClouds(e.target.checked)} aria-label="Bootstrap clouds" /> bootstrap clouds ({BOOTSTRAPS} per clone)
        </label>
      </div>
      <div className="grid-2">
        <Plot
          testId="pca-plot"
          fileName="pca_scores"
          data={traces}
          layout={{
            title: { text: 'Clone scores, coloured by potency' },
            xaxis: { title: { text: `PC1 (${(100 * ve[0]!).toFixed(1)} %)` }, zeroline: false },
            yaxis: { title: { text: `PC2 (${(100 * (ve[1] ?? 0)).toFixed(1)} %)` }, zeroline: false },
            showlegend: false,
          }}
          height={420}
        />
        <div>
          <Plot
            fileName="pca_variance"
            data={[{ type: 'bar', x: Array.from(ve.slice(0, 10), (_, i) => `PC${i + 1}`), y: Array.from(ve.slice(0, 10), (v) => 100 * v), marker: { color: '#2458c6' } }]}
            layout={{ title: { text: 'Explained variance (%)' } }}
            height={200}
          />
          <div className="row">
            <h3>Top loadings (PC1)</h3>
            <span className="spacer" />
            <button type="button" className="small" onClick={() => downloadText('pca_loadings.csv', `column,PC1,PC2\n${loadings.map((l) => `${l.column},${l.pc1},${l.pc2}`).join('\n')}\n`)}>
              Export CSV
            </button>
          </div>
          <table data-testid="loadings-table">
            <thead>
              <tr>
                <th>Profile column</th>
                <th>PC1</th>
                <th>PC2</th>
              </tr>
            </thead>
            <tbody>
              {loadings.slice(0, 8).map((l) => (
                <tr key={l.column}>
                  <td className="mono">{l.column}</td>
                  <td>{l.pc1.toFixed(3)}</td>
                  <td>{l.pc2.toFixed(3)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </section>
  );
}
