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

/** The part of plotly's internal axis object used to map pixels to data. */
interface Axis {
  p2c(px: number): number;
}

const CONFIG: Partial<Config> = { displaylogo: false, responsive: true, modeBarButtonsToRemove: ['toImage'] };

export function Plot({
  data,
  layout,
  fileName,
  height = 360,
  testId,
  onClick,
  onAreaClick,
}: {
  data: Data[];
  layout: Partial<Layout>;
  /** Base name of exported files. */
  fileName: string;
  height?: number;
  testId?: string;
  onClick?: (point: { x: unknown; y: unknown; customdata?: unknown; curveNumber: number; pointIndex: number }) => void;
  /**
   * A click anywhere in the plot area, as data coordinates of the x and y axes (for category axes
   * the category index). Unlike plotly_click it needs no hover first, so it suits heatmaps.
   */
  onAreaClick?: (x: number, y: number) => void;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [renders, setRenders] = useState(0);
  const clickRef = useRef(onClick);
  clickRef.current = onClick;
  const areaClickRef = useRef(onAreaClick);
  areaClickRef.current = onAreaClick;

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    // plotly covers the page during a press (for dragging), so the release lands elsewhere and no
    // 'click' reaches the plot: a press in the plot area and a release near it count as a click.
    let press: { x: number; y: number; px: number; py: number } | null = null;
    const onDown = (ev: MouseEvent) => {
      const area = el.querySelector('.nsewdrag')?.getBoundingClientRect();
      const inside = area && ev.clientX >= area.left && ev.clientX <= area.right && ev.clientY >= area.top && ev.clientY <= area.bottom;
      press = inside ? { x: ev.clientX, y: ev.clientY, px: ev.clientX - area.left, py: ev.clientY - area.top } : null;
    };
    const onUp = (ev: MouseEvent) => {
      const handler = areaClickRef.current;
      const layout = (el as unknown as { _fullLayout?: { xaxis?: Axis; yaxis?: Axis } })._fullLayout;
      if (press && handler && layout?.xaxis && layout.yaxis && Math.hypot(ev.clientX - press.x, ev.clientY - press.y) < 5)
        handler(layout.xaxis.p2c(press.px), layout.yaxis.p2c(press.py));
      press = null;
    };
    el.addEventListener('mousedown', onDown, true);
    window.addEventListener('mouseup', onUp, true);
    return () => {
      el.removeEventListener('mousedown', onDown, true);
      window.removeEventListener('mouseup', onUp, true);
    };
  }, []);

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
