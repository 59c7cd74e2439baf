import { useEffect, useMemo, useState } from 'react';
import type { Data } from 'plotly.js-dist-min';
import { DESCRIPTORS, formatHours, type Descriptor } from '../../core/experiment';
import { kdeExact } from '../../core/stats';
import { loadCellValues, type AnalysisData } from '../../state/analysisData';
import { useExperiments } from '../../state/experimentStore';
import { Plot } from '../components/Plot';
import { descriptorTitle, toPhysicalFactor } from '../../core/descriptors/units';

const AREA = DESCRIPTORS.indexOf('area');

/** Per-cell values of one descriptor, optionally log10 and with the paper's area > 200 px filter. */
function descriptorValues(cells: Float32Array, d: number, log10: boolean, minArea: number | null, factor: number): number[] {
  const k = DESCRIPTORS.length;
  const out: number[] = [];
  for (let r = 0; r < cells.length / k; r++) {
    if (minArea !== null && !(cells[r * k + AREA]! > minArea)) continue;
    const v = cells[r * k + d]! * factor;
    const x = log10 ? Math.log10(v) : v;
    if (Number.isFinite(x)) out.push(x);
  }
  return out;
}

/** Density of a descriptor over time for one clone: one ridge per time point. */
export function KdePanel({ data, umPerPx }: { data: AnalysisData; umPerPx: number }) {
  const images = useExperiments((s) => s.images);
  const clones = data.index.clones;
  const [clone, setClone] = useState(clones[0] ?? '');
  const [descriptor, setDescriptor] = useState<Descriptor>('area');
  const [filter, setFilter] = useState(true);
  const [byTime, setByTime] = useState<Map<number, Float32Array> | null>(null);
  const log10 = descriptor === 'area';

  useEffect(() => {
    let live = true;
    const mine = images.filter((i) => i.clone === clone);
    const times = [...new Set(mine.map((i) => i.timeH))].sort((a, b) => a - b);
    void Promise.all(times.map(async (t) => [t, await loadCellValues(mine.filter((i) => i.timeH === t), data.paramsHash)] as const)).then(
      (pairs) => live && setByTime(new Map(pairs)),
    );
    return () => {
      live = false;
    };
  }, [clone, images, data.paramsHash]);

  const traces = useMemo(() => {
    if (!byTime) return [];
    const d = DESCRIPTORS.indexOf(descriptor);
    const curves = [...byTime.entries()].map(([t, cells]) => {
      const v = descriptorValues(cells, d, log10, filter && descriptor === 'area' ? 200 : null, toPhysicalFactor(descriptor, umPerPx));
      return { t, n: v.length, kde: v.length >= 2 ? kdeExact(v, { n: 256 }) : null };
    });
    const peak = Math.max(1e-12, ...curves.map((c) => (c.kde ? Math.max(...c.kde.y) : 0)));
    return curves.flatMap((c, i): Data[] =>
      c.kde
        ? [
            {
              type: 'scatter',
              mode: 'lines',
              x: Array.from(c.kde.x),
              y: Array.from(c.kde.y, (y) => i + (0.9 * y) / peak),
              fill: 'toself',
              name: `${formatHours(c.t)} h (n = ${c.n}, bw ${c.kde.bw.toPrecision(3)})`,
              line: { width: 1, color: `hsl(${220 - (i * 200) / Math.max(1, curves.length - 1)}, 60%, 40%)` },
            },
          ]
        : [],
    );
  }, [byTime, descriptor, filter, log10, umPerPx]);

  return (
    <section className="panel" aria-label="Density over time">
      <div className="row">
        <h3>Density over time</h3>
        <select aria-label="KDE clone" value={clone} onChange={(e) => setClone(e.target.value)}>
          {clones.map((c) => (
            <option key={c}>{c}</option>
          ))}
        </select>
        <select aria-label="KDE descriptor" value={descriptor} onChange={(e) => setDescriptor(e.target.value as Descriptor)}>
          {DESCRIPTORS.map((d) => (
            <option key={d}>{d}</option>
          ))}
        </select>
        {descriptor === 'area' && (
          <label>
            <input type="checkbox" checked={filter} onChange={(e) => setFilter(e.target.checked)} /> area &gt; 200 px ({(200 * umPerPx * umPerPx).toFixed(0)} µm², the paper's filter)
          </label>
        )}
      </div>
      <Plot
        testId="kde-plot"
        fileName={`kde_${clone}_${descriptor}`}
        data={traces}
        layout={{
          title: { text: `${clone}: ${descriptorTitle(descriptor, umPerPx, { log10 })}, Gaussian KDE (bw.nrd0)` },
          xaxis: { title: { text: descriptorTitle(descriptor, umPerPx, { log10 }) } },
          yaxis: { title: { text: 'time point (ridges)' }, showticklabels: false },
          showlegend: true,
          legend: { font: { size: 9 } },
        }}
        height={420}
      />
    </section>
  );
}
