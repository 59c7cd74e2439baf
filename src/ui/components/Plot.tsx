/**
 * A plotly.js chart. plotly (several MB) is imported on first use, never in the first paint;
 * traces are SVG (no WebGL, so exports and headless browsers work); `Plotly.purge` on unmount
 * frees its listeners. Every chart exports PNG and SVG.
 */
import { useEffect, useRef, useState } from 'react';
import type { Config, Data, Layout } from 'plotly.js-dist-min';

type PlotlyModule = typeof import('plotly.js-dist-min');
let plotlyLoading: Promise<PlotlyModule> | undefined;
export function loadPlotly(): Promise<PlotlyModule> {
  plotlyLoading ??= import('plotly.js-dist-min').then((m) => ((m as { default?: PlotlyModule }).default ?? m) as PlotlyModule);
  return plotlyLoading;
}

const CONFIG: Partial<Config> = { displaylogo: false, responsive: true, modeBarButtonsToRemove: ['toImage'] };

export function Plot({
  data,
  layout,
  fileName,
  height = 360,
  testId,
  onClick,
}: {
  data: Data[];
  layout: Partial<Layout>;
  /** Base name of exported files. */
  fileName: string;
  height?: number;
  testId?: string;
  onClick?: (point: { x: unknown; y: unknown; customdata?: unknown; curveNumber: number; pointIndex: number }) => void;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [renders, setRenders] = useState(0);
  const clickRef = useRef(onClick);
  clickRef.current = onClick;

  useEffect(() => {
    let live = true;
    const el = ref.current;
    if (!el) return;
    loadPlotly()
      .then(async (Plotly) => {
        if (!live) return;
        await Plotly.react(el, data, { height, margin: { l: 60, r: 20, t: 40, b: 50 }, font: { size: 11 }, ...layout }, CONFIG);
        const plotEl = el as unknown as { removeAllListeners?: (e: string) => void; on?: (e: string, f: (ev: { points: never[] }) => void) => void };
        plotEl.removeAllListeners?.('plotly_click');
        plotEl.on?.('plotly_click', (ev) => {
          const p = ev.points[0];
          if (p) clickRef.current?.(p);
        });
        if (live) setRenders((r) => r + 1);
      })
      .catch((err: unknown) => live && setError(err instanceof Error ? err.message : String(err)));
    return () => {
      live = false;
    };
  }, [data, layout, height]);

  useEffect(() => {
    const el = ref.current;
    return () => {
      if (el) void loadPlotly().then((Plotly) => Plotly.purge(el));
    };
  }, []);

  const download = (format: 'png' | 'svg') => {
    const el = ref.current;
    if (el) void loadPlotly().then((Plotly) => Plotly.downloadImage(el, { format, filename: fileName, width: 900, height }));
  };

  return (
    <figure className="plot" data-testid={testId} data-renders={renders} style={{ margin: 0 }}>
      {error && <p className="error">Chart failed: {error}</p>}
      <div ref={ref} style={{ minHeight: height }} />
      <div className="row plot-tools">
        <button type="button" className="small" onClick={() => download('png')}>
          Export PNG
        </button>
        <button type="button" className="small" onClick={() => download('svg')}>
          Export SVG
        </button>
      </div>
    </figure>
  );
}

/** Downloads text (CSV, JSON) as a file, from the page only: nothing leaves the machine. */
export function downloadText(fileName: string, text: string, type = 'text/csv'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
