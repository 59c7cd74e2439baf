import { useMemo, useState } from 'react';
import type { Data } from 'plotly.js-dist-min';
import { buildProfiles, buildSubsetGrid, type Profiles } from '../../core/profiles';
import { pca, project, type PcaModel } from '../../core/stats';
import { formatHours } from '../../core/experiment';
import type { AnalysisData } from '../../state/analysisData';
import { downloadText, Plot } from '../components/Plot';
import type { ExploreSelection } from './selection';
import { POTENCY_SCALE, potencyColorOf } from './colors';

const BOOTSTRAPS = 50;

/** Columns usable for PCA: finite in every row (a NaN column, e.g. an SD of one cell, is left out). */
export function finiteColumns(p: Profiles): number[] {
  const width = p.columns.length;
  const keep: number[] = [];
  for (let j = 0; j < width; j++) {
    let ok = true;
    for (let r = 0; r < p.clones.length && ok; r++) ok = Number.isFinite(p.values[r * width + j]!);
    if (ok) keep.push(j);
  }
  return keep;
}

export function takeColumns(p: Profiles, cols: number[]): Float64Array {
  const width = p.columns.length;
  const out = new Float64Array(p.clones.length * cols.length);
  for (let r = 0; r < p.clones.length; r++) cols.forEach((c, j) => (out[r * cols.length + j] = p.values[r * width + c]!));
  return out;
}

export function PcaPanel({ data, profiles, sel, maxFovs }: { data: AnalysisData; profiles: Profiles; sel: ExploreSelection; maxFovs: number }) {
  const [fixedAxes, setFixedAxes] = useState(false);
  const [clouds, setClouds] = useState(false);
  const cols = useMemo(() => finiteColumns(profiles), [profiles]);

  const result = useMemo(() => {
    if (profiles.clones.length < 3 || cols.length < 2) return null;
    const x = takeColumns(profiles, cols);
    let model: PcaModel;
    let scores: Float64Array;
    if (fixedAxes) {
      // Axes fitted on every FOV count of this window, then this FOV count projected.
      const grid = buildSubsetGrid(data.index, { seed: sel.seed, maxK: maxFovs, windowsEndH: [sel.windowEndH] })[0]!;
      const stacked = grid.flatMap((p) => Array.from(takeColumns(p, cols)));
      const finite = stacked.every(Number.isFinite);
      model = pca(Float64Array.from(finite ? stacked : x), finite ? grid.length * profiles.clones.length : profiles.clones.length, cols.length, { components: 3 });
      scores = project(model, x);
    } else {
      model = pca(x, profiles.clones.length, cols.length);
      scores = model.scores;
    }
    let cloud: { clone: string; x: number[]; y: number[] }[] = [];
    if (clouds) {
      cloud = profiles.clones.map((clone) => ({ clone, x: [] as number[], y: [] as number[] }));
      for (let b = 0; b < BOOTSTRAPS; b++) {
        const boot = buildProfiles(data.index, { windowEndH: sel.windowEndH, fovs: { kind: 'bootstrap', seed: sel.seed, replicate: b } });
        const s = project(model, takeColumns(boot, cols).map((v) => (Number.isFinite(v) ? v : 0)));
        boot.clones.forEach((_, r) => {
          cloud[r]!.x.push(s[r * model.nComponents]!);
          cloud[r]!.y.push(s[r * model.nComponents + 1]!);
        });
      }
    }
    return { model, scores, cloud };
  }, [profiles, cols, fixedAxes, clouds, data.index, sel.seed, sel.windowEndH, maxFovs]);

  if (!result) return <section className="panel">PCA needs at least 3 clones with complete profiles.</section>;
  const { model, scores, cloud } = result;
  const k = model.nComponents;
  const pot = profiles.clones.map((c) => data.potency.get(c) ?? null);
  const traces: Data[] = [
    ...cloud.map((c, r) => ({
      type: 'scatter' as const,
      mode: 'markers' as const,
      x: c.x,
      y: c.y,
      name: `${c.clone} bootstrap`,
      showlegend: false,
      hoverinfo: 'skip' as const,
      marker: { size: 4, opacity: 0.25, color: potencyColorOf(pot[r] ?? null) },
    })),
    {
      type: 'scatter',
      mode: 'text+markers',
      x: profiles.clones.map((_, r) => scores[r * k]!),
      y: profiles.clones.map((_, r) => scores[r * k + 1]!),
      text: profiles.clones,
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
  const ve = model.varianceExplained;
  const loadings = cols
    .map((c, j) => ({ column: profiles.columns[c]!, pc1: model.rotation[j * k]!, pc2: k > 1 ? model.rotation[j * k + 1]! : 0 }))
    .sort((a, b) => Math.abs(b.pc1) - Math.abs(a.pc1));

  return (
    <section className="panel" aria-label="PCA">
      <div className="row">
        <h3>PCA of profiles</h3>
        <span className="muted small-text">
          window 6–{formatHours(sel.windowEndH)} h · {sel.fovCount} FOVs · {cols.length} columns, centred and scaled (prcomp)
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
