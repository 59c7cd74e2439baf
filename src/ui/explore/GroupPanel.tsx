import { useEffect, useMemo, useState } from 'react';
import type { Data } from 'plotly.js-dist-min';
import { DESCRIPTORS, formatHours, type Descriptor } from '../../core/experiment';
import { StreamingSummary } from '../../core/stats/streamingSummary';
import { tTestFromSummaries } from '../../core/stats';
import type { AnalysisData } from '../../state/analysisData';
import { useExperiments } from '../../state/experimentStore';
import { measuredCells } from '../../state/cellSource';
import { downloadText, Plot } from '../components/Plot';
import { GROUP_COLORS } from './colors';
import { descriptorTitle, toPhysicalFactor } from '../../core/descriptors/units';

const K = DESCRIPTORS.length;

/**
 * Clones (REC) against bulk wells: per-cell distributions per time point with t-tests. Cells are
 * streamed one image at a time into exact summaries (n, mean, variance) and a bounded sample for
 * the box plots, so memory stays flat at paper scale.
 */
export function GroupPanel({ data, umPerPx }: { data: AnalysisData; umPerPx: number }) {
  const images = useExperiments((s) => s.images);
  const [descriptor, setDescriptor] = useState<Descriptor>('area');
  const [equalVar, setEqualVar] = useState(false);
  const [summaries, setSummaries] = useState<Map<string, StreamingSummary> | null>(null);
  const log10 = descriptor === 'area';

  useEffect(() => {
    let live = true;
    setSummaries(null);
    const d = DESCRIPTORS.indexOf(descriptor);
    const factor = toPhysicalFactor(descriptor, umPerPx);
    void (async () => {
      const out = new Map<string, StreamingSummary>();
      for await (const { image, values: v } of measuredCells(images, data.paramsHash)) {
        if (!live) return;
        const key = `${data.group.get(image.clone) ?? 'REC'}|${image.timeH}`;
        let summary = out.get(key);
        if (!summary) out.set(key, (summary = new StreamingSummary(2000, image.timeH)));
        for (let r = 0; r < v.length / K; r++) {
          const x = log10 ? Math.log10(v[r * K + d]! * factor) : v[r * K + d]! * factor;
          if (Number.isFinite(x)) summary.add(x);
        }
      }
      if (live) setSummaries(out);
    })();
    return () => {
      live = false;
    };
  }, [images, data, descriptor, log10, umPerPx]);

  const { rows, traces } = useMemo(() => {
    if (!summaries) return { rows: [], traces: [] as Data[] };
    const times = [...new Set([...summaries.keys()].map((k) => Number(k.split('|')[1])))].sort((a, b) => a - b);
    const rows = times.map((t) => {
      const rec = summaries.get(`REC|${t}`);
      const bulk = summaries.get(`bulk|${t}`);
      let test: { t: number; df: number; p: number } | null = null;
      try {
        test = rec && bulk && rec.n >= 2 && bulk.n >= 2 ? tTestFromSummaries(rec.summary(), bulk.summary(), { equalVar }) : null;
      } catch {
        test = null;
      }
      return { t, nRec: rec?.n ?? 0, nBulk: bulk?.n ?? 0, test };
    });
    const traces: Data[] = (['REC', 'bulk'] as const).map((g) => {
      const xs: string[] = [];
      const ys: number[] = [];
      for (const t of times)
        for (const v of summaries.get(`${g}|${t}`)?.sample ?? []) {
          xs.push(`${formatHours(t)} h`);
          ys.push(v);
        }
      return { type: 'box', x: xs, y: ys, name: g, marker: { color: GROUP_COLORS[g] }, boxpoints: false };
    });
    return { rows, traces };
  }, [summaries, equalVar]);
  const hasBulk = [...data.group.values()].includes('bulk');

  return (
    <section className="panel" aria-label="REC vs bulk">
      <div className="row">
        <h3>Clones (REC) vs bulk</h3>
        <select aria-label="Group descriptor" value={descriptor} onChange={(e) => setDescriptor(e.target.value as Descriptor)}>
          {DESCRIPTORS.map((x) => (
            <option key={x}>{x}</option>
          ))}
        </select>
        <label>
          <input type="checkbox" checked={equalVar} onChange={(e) => setEqualVar(e.target.checked)} /> Student's (equal variances)
        </label>
        <span className="spacer" />
        <button
          type="button"
          className="small"
          onClick={() =>
            downloadText(`rec_vs_bulk_${descriptor}.csv`, `time_h,n_rec,n_bulk,t,df,p\n${rows.map((r) => `${r.t},${r.nRec},${r.nBulk},${r.test?.t ?? ''},${r.test?.df ?? ''},${r.test?.p ?? ''}`).join('\n')}\n`)
          }
        >
          Export CSV
        </button>
      </div>
      {!hasBulk && <p className="muted">No clone is marked “bulk”: set a group in the clones table to compare.</p>}
      <p className="muted small-text">t-tests on every cell; box plots from a uniform sample of up to 2,000 cells per group and time point.</p>
      <Plot testId="group-plot" fileName={`rec_vs_bulk_${descriptor}`} data={traces} layout={{ boxmode: 'group', yaxis: { title: { text: descriptorTitle(descriptor, umPerPx, { log10 }) } } }} height={300} />
      <table data-testid="ttest-table">
        <thead>
          <tr>
            <th>Time</th>
            <th>cells REC / bulk</th>
            <th>t</th>
            <th>df</th>
            <th>p ({equalVar ? 'Student' : 'Welch'})</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.t}>
              <td>{formatHours(r.t)} h</td>
              <td>
                {r.nRec} / {r.nBulk}
              </td>
              <td>{r.test ? r.test.t.toFixed(2) : '—'}</td>
              <td>{r.test ? r.test.df.toFixed(1) : '—'}</td>
              <td>{r.test ? r.test.p.toExponential(2) : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
