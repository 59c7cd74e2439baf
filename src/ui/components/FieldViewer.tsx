import { useEffect, useState, type WheelEvent } from 'react';
import type { SegmentationParams } from '../../core/segmentation/params';
import type { ExperimentRecord, ImageRecord } from '../../storage/schema';
import { viewField, type FieldView } from '../../state/fieldActions';
import { pixelSizeInUse } from '../../state/pixelSize';
import { savedParams } from '../../state/segmentationStore';
import { GreyCanvas } from './GreyCanvas';

type Layer = 'image' | 'background' | 'corrected';

/**
 * One field of view at full resolution with zoom (wheel or buttons) and pan (scroll), and the
 * worker's OpenCV background estimate as an alternative layer.
 */
export function FieldViewer({
  experiment,
  image,
  title,
}: {
  experiment: ExperimentRecord;
  image: ImageRecord | undefined;
  title: string;
}) {
  const [view, setView] = useState<FieldView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [layer, setLayer] = useState<Layer>('image');
  const [zoom, setZoom] = useState(1);

  useEffect(() => {
    if (!image) return;
    const controller = new AbortController();
    setError(null);
    setView(null);
    viewField(experiment, image, controller.signal)
      .then(setView)
      .catch((err: unknown) => {
        if (!controller.signal.aborted) setError(err instanceof Error ? err.message : String(err));
      });
    return () => controller.abort();
  }, [experiment, image]);

  if (!image) return <p className="muted">Click a thumbnail to open the field.</p>;
  if (error) return <p className="error" role="alert">{error}</p>;
  if (!view) return <p className="muted">Loading {title}…</p>;

  const pixels =
    layer === 'background' ? view.background : layer === 'corrected' ? view.corrected : view.pixels;
  const onWheel = (e: WheelEvent) => {
    if (!e.ctrlKey && !e.altKey) return;
    e.preventDefault();
    setZoom((z) => clampZoom(z * (e.deltaY < 0 ? 1.25 : 0.8)));
  };

  return (
    <div className="viewer" data-testid="field-viewer">
      <div className="row viewer-tools">
        <strong>{title}</strong>
        <span className="muted">
          {view.width}×{view.height} px · {view.bitDepth}-bit
          {view.pLo !== undefined && view.pHi !== undefined
            ? ` · stretched ${view.pLo.toFixed(0)}–${view.pHi.toFixed(0)} → 0–255`
            : ''}
        </span>
        <span className="spacer" />
        <label>
          Layer{' '}
          <select value={layer} onChange={(e) => setLayer(e.target.value as Layer)} aria-label="Layer">
            <option value="image">Image (8-bit)</option>
            <option value="background">Background estimate (OpenCV)</option>
            <option value="corrected">Background-corrected</option>
          </select>
        </label>
        <button type="button" className="small" onClick={() => setZoom((z) => clampZoom(z / 1.5))} aria-label="Zoom out">
          −
        </button>
        <span data-testid="zoom-level">{Math.round(zoom * 100)} %</span>
        <button type="button" className="small" onClick={() => setZoom((z) => clampZoom(z * 1.5))} aria-label="Zoom in">
          +
        </button>
        <button type="button" className="small" onClick={() => setZoom(1)}>
          Fit
        </button>
      </div>
      <p className="muted small-text" data-testid="field-units">
        <span data-testid="field-pixel-size">Pixel size {pixelSizeInUse(experiment, savedParams(experiment.segmentationParams).pixelSizeUm).text}</span>
        {view.bitDepthStatement && <span data-testid="field-bit-depth"> · {view.bitDepthStatement}</span>}
        {` · field ${fieldSize(view.width, savedParams(experiment.segmentationParams).pixelSizeUm)}`}
      </p>
      {view.backgroundMs !== undefined && (
        <p className="muted small-text">
          Background: the estimate the classical segmentation subtracts (step 1, the experiment's saved
          parameters: {backgroundText(savedParams(experiment.segmentationParams).background)}), made in the
          worker with OpenCV.js in {view.backgroundMs.toFixed(1)} ms.
        </p>
      )}
      <div className="viewer-scroll" onWheel={onWheel}>
        {pixels && (
          <GreyCanvas
            width={view.width}
            height={view.height}
            pixels={pixels}
            className="viewer-canvas"
            title={`${title} (${layer})`}
            // Zoom 1 fits the panel width; more than 1 magnifies, and the panel scrolls.
            style={{ width: `${zoom * 100}%`, imageRendering: zoom > 2 ? 'pixelated' : 'auto' }}
          />
        )}
      </div>
    </div>
  );
}

/** "892 µm wide" for a 1024-px field at 0.8708 µm/px. */
function fieldSize(width: number, umPerPx: number): string {
  const f = (px: number) => (px * umPerPx >= 100 ? (px * umPerPx).toFixed(0) : (px * umPerPx).toPrecision(3));
  return `${f(width)} µm wide`;
}

function clampZoom(z: number): number {
  return Math.min(16, Math.max(0.25, z));
}

function backgroundText(b: SegmentationParams['background']): string {
  if (b.method === 'none') return 'none: the field is used as it is';
  return `${b.method === 'box' ? 'box filter, half-width' : 'Gaussian, sigma'} ${b.radius} px at 0.87 µm/px, on a 1/${b.downscale} image`;
}
