import { useEffect, useMemo, useState } from 'react';
import type { Data } from 'plotly.js-dist-min';
import { DESCRIPTORS, formatHours, type Descriptor } from '../../core/experiment';
import { tTest } from '../../core/stats';
import { loadCellValues, type AnalysisData } from '../../state/analysisData';
import { useExperiments } from '../../state/experimentStore';
import { downloadText, Plot } from '../components/Plot';
import { GROUP_COLORS } from './colors';
import { descriptorValues } from './KdePanel';

/** Clones (REC) against bulk wells: per-cell distributions per time point with t-tests. */
export function GroupPanel({ data }: { data: AnalysisData }) {
  const images = useExperiments((s) => s.images);
  const [descriptor, setDescriptor] = useState<Descriptor>('area');
  const [equalVar, setEqualVar] = useState(false);
  const [cells, setCells] = useState<Map<string, Float32Array> | null>(null);
  const log10 = descriptor === 'area';

  useEffect(() => {
    let live = true;
    const keys = [...new Set(images.map((i) => `${data.group.get(i.clone) ?? 'REC'}|${i.timeH}`))];
    void Promise.all(
      keys.map(async (key) => {
        const [group, t] = key.split('|');
        const subset = images.filter((i) => (data.group.get(i.clone) ?? 'REC') === group && i.timeH === Number(t));
        return [key, await loadCellValues(subset, data.paramsHash)] as const;
      }),
    ).then((pairs) => live && setCells(new Map(pairs)));
    return () => {
      live = false;
    };
  }, [images, data]);

  const { rows, traces } = useMemo(() => {
    if (!cells) return { rows: [], traces: [] as Data[] };
    const d = DESCRIPTORS.indexOf(descriptor);
    const times = [...new Set([...cells.keys()].map((k) => Number(k.split('|')[1])))].sort((a, b) => a - b);
    const values = (g: string, t: number) => {
      const c = cells.get(`${g}|${t}`);
      return c ? descriptorValues(c, d, log10, null) : [];
    };
    const rows = times.map((t) => {
      const rec = values('REC', t);
      const bulk = values('bulk', t);
      let test: { t: number; df: number; p: number } | null = null;
      try {
        test = rec.length >= 2 && bulk.length >= 2 ? tTest(rec, bulk, { equalVar }) : null;
      } catch {
        test = null;
      }
      return { t, nRec: rec.length, nBulk: bulk.length, test };
    });
    const traces: Data[] = (['REC', 'bulk'] as const).map((g) => {
      const xs: string[] = [];
      const ys: number[] = [];
      for (const t of times)
        for (const v of values(g, t)) {
          xs.push(`${formatHours(t)} h`);
          ys.push(v);
        }
      return { type: 'box', x: xs, y: ys, name: g, marker: { color: GROUP_COLORS[g] }, boxpoints: false };
    });
    return { rows, traces };
  }, [cells, descriptor, equalVar, log10]);
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
      <Plot testId="group-plot" fileName={`rec_vs_bulk_${descriptor}`} data={traces} layout={{ boxmode: 'group', yaxis: { title: { text: `${log10 ? 'log10 ' : ''}${descriptor}` } } }} height={300} />
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
