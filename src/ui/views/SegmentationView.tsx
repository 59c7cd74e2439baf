import { useEffect, useMemo, useRef, useState } from 'react';
import { formatHours } from '../../core/experiment';
import { SEGMENTER_CARD } from '../../core/segmentation/learned/card';
import { LEARNED_STEP_NAMES } from '../../core/segmentation/learned/segment';
import { CLASSICAL_TUNED_UM_PER_PX, getParam, PARAM_SPECS, paramsHash, validateParams, type ParamSpec, type SegmentationParams } from '../../core/segmentation/params';
import { useExperiments } from '../../state/experimentStore';
import { isModelError, previewSegmentation, type SegmentedField } from '../../state/fieldActions';
import { errorText, useMessages } from '../../state/messageStore';
import { savedParams, useSegmentation } from '../../state/segmentationStore';
import { useView } from '../../state/viewStore';
import type { ExperimentRecord, ImageRecord } from '../../storage/schema';
import { GreyCanvas } from '../components/GreyCanvas';
import { Histogram } from '../components/Histogram';
import { PixelSizeField } from '../components/PixelSizeField';
import { BatchPanel } from './BatchPanel';

/** Cell outlines as an RGBA overlay: a label pixel with a 4-neighbour of another label. */
function outlineOverlay(labels: Int32Array, width: number, height: number): Uint8ClampedArray {
  const out = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const l = labels[i]!;
      if (l === 0) continue;
      const edge =
        x === 0 || y === 0 || x === width - 1 || y === height - 1 ||
        labels[i - 1] !== l || labels[i + 1] !== l || labels[i - width] !== l || labels[i + width] !== l;
      if (edge) {
        // One hue per label, so touching cells are told apart.
        const hue = (l * 137) % 360;
        const [r, g, b] = hueToRgb(hue);
        out.set([r, g, b, 230], i * 4);
      }
    }
  return out;
}

function hueToRgb(h: number): [number, number, number] {
  const f = (n: number) => {
    const k = (n + h / 60) % 6;
    return Math.round(255 * (1 - Math.max(0, Math.min(k, 4 - k, 1))));
  };
  return [f(5), f(3), f(1)];
}

function ParamInput({ spec, params, onChange }: { spec: ParamSpec; params: SegmentationParams; onChange: (v: unknown) => void }) {
  const value = getParam(params, spec.path);
  if (spec.kind === 'boolean')
    return (
      <label title={spec.help} className="param">
        <input type="checkbox" checked={value as boolean} onChange={(e) => onChange(e.target.checked)} aria-label={spec.label} /> {spec.label}
      </label>
    );
  if (spec.kind === 'choice')
    return (
      <label title={spec.help} className="param">
        <span>{spec.label}</span>
        <select value={value as string} onChange={(e) => onChange(e.target.value)} aria-label={spec.label}>
          {spec.options.map((o) => (
            <option key={o}>{o}</option>
          ))}
        </select>
      </label>
    );
  return (
    <label title={spec.help} className="param">
      <span>{spec.label}</span>
      <input type="range" min={spec.min} max={spec.max} step={spec.step} value={value as number} onChange={(e) => onChange(Number(e.target.value))} aria-label={`${spec.label} slider`} />
      <input type="number" min={spec.min} max={spec.max} step={spec.step} value={value as number} onChange={(e) => e.target.value !== '' && onChange(Number(e.target.value))} aria-label={spec.label} />
    </label>
  );
}

const CLASSICAL_STEPS = ['background', 'texture', 'threshold', 'removeSmall1', 'erosion', 'removeSmall2', 'fillHoles', 'removeBorder', 'labels'];
const LEARNED_STEP_TEXT: Record<string, string> = {
  input: 'network input (the field)',
  foreground: 'foreground probability',
  interior: 'interior probability',
  boundary: 'boundary probability',
  distance: 'distance to the edge',
  labels: 'labels',
};
/** Settings both methods use. */
const SHARED_SPECS = new Set(['removeBorder']);

/** The sliders of the chosen method: the learned settings or the classical eight steps'. */
function specsFor(method: SegmentationParams['method']): ParamSpec[] {
  return PARAM_SPECS.filter((spec) => {
    if (spec.path === 'method' || spec.path === 'pixelSizeUm') return false; // shown on their own
    if (SHARED_SPECS.has(spec.path)) return true;
    return spec.path.startsWith('learned.') === (method === 'learned');
  });
}

/** Says a model that cannot load once in the message list too, not only beside the preview. */
function announceModelError(text: string) {
  const messages = useMessages.getState();
  if (!messages.messages.some((m) => m.text === text)) messages.push('error', text);
}

/** Runs the preview for the latest parameters only: a change during a run waits for it to end. */
function useLivePreview(experiment: ExperimentRecord, image: ImageRecord | undefined, params: SegmentationParams, keepSteps: boolean) {
  const [result, setResult] = useState<SegmentedField | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const latest = useRef({ image, params, keepSteps });
  const running = useRef(false);
  latest.current = { image, params, keepSteps };

  useEffect(() => {
    if (!image || validateParams(params).length > 0) return;
    const timer = setTimeout(async () => {
      if (running.current) return;
      running.current = true;
      setBusy(true);
      try {
        for (;;) {
          const job = latest.current;
          if (!job.image) break;
          try {
            const field = await previewSegmentation(experiment, job.image, job.params, job.keepSteps);
            setResult(field);
            setError(null);
          } catch (err) {
            setError(errorText(err));
            if (isModelError(err)) announceModelError(errorText(err));
          }
          if (latest.current.params === job.params && latest.current.image === job.image && latest.current.keepSteps === job.keepSteps) break;
        }
      } finally {
        running.current = false;
        setBusy(false);
      }
    }, 150);
    return () => clearTimeout(timer);
  }, [experiment, image, params, keepSteps]);
  return { result, error, busy };
}

export function SegmentationView() {
  const { current, images } = useExperiments();
  const selected = useView((s) => s.selected);
  const select = useView((s) => s.select);
  const { draft, undoStack, load, set, setMethod, undo, resetToDefaults, save } = useSegmentation();
  const [layer, setLayer] = useState<string>('outlines');
  const [zoom, setZoom] = useState(1);

  useEffect(() => {
    load(current?.segmentationParams ?? null);
  }, [current?.id, current?.segmentationParams, load]);

  const image = useMemo(() => {
    const match = selected && images.find((i) => i.clone === selected.clone && i.timeH === selected.timeH && i.fov === selected.fov);
    return match ?? images[Math.floor(images.length / 2)];
  }, [images, selected]);
  const stepNames: readonly string[] = draft.method === 'learned' ? LEARNED_STEP_NAMES : CLASSICAL_STEPS;
  // A step of the other method is not drawn: the outlines are shown instead.
  const shownLayer = layer === 'image' || stepNames.includes(layer) ? layer : 'outlines';
  const keepSteps = shownLayer !== 'outlines' && shownLayer !== 'image';
  const { result, error, busy } = useLivePreview(current!, image, draft, keepSteps);
  const overlay = useMemo(() => (result && shownLayer === 'outlines' ? outlineOverlay(result.labels, result.width, result.height) : undefined), [result, shownLayer]);
  const problems = validateParams(draft);
  const saved = savedParams(current?.segmentationParams);
  const dirty = paramsHash(saved) !== paramsHash(draft);
  const clones = useMemo(() => [...new Set(images.map((i) => i.clone))], [images]);
  const times = useMemo(() => [...new Set(images.filter((i) => i.clone === image?.clone).map((i) => i.timeH))].sort((a, b) => a - b), [images, image?.clone]);
  const fovs = useMemo(() => images.filter((i) => i.clone === image?.clone && i.timeH === image?.timeH).map((i) => i.fov), [images, image?.clone, image?.timeH]);
  if (!current) return null;
  if (!image) return <p className="panel muted">Import images first.</p>;

  const stepImage = keepSteps ? result?.steps?.find((s) => s.name === shownLayer)?.image : undefined;
  const shown = stepImage ?? result?.pixels;
  const moveTo = (patch: Partial<{ clone: string; timeH: number; fov: number }>) => {
    const next = { clone: image.clone, timeH: image.timeH, fov: image.fov, ...patch };
    const exists = images.find((i) => i.clone === next.clone && i.timeH === next.timeH && i.fov === next.fov);
    const fallback = images.find((i) => i.clone === next.clone && (patch.fov === undefined ? true : i.fov === next.fov));
    const target = exists ?? fallback;
    if (target) select({ clone: target.clone, timeH: target.timeH, fov: target.fov });
  };

  return (
    <>
      <div className="seg-layout">
        <section className="panel params-panel" aria-label="Segmentation parameters">
          <div className="row">
            <h3>Parameters</h3>
            <span className="spacer" />
            <button type="button" className="small" onClick={undo} disabled={undoStack.length === 0}>
              Undo
            </button>
            <button type="button" className="small" onClick={resetToDefaults}>
              Reset to defaults
            </button>
          </div>
          <fieldset className="method-choice" data-testid="method-choice">
            <legend>Method</legend>
            <label>
              <input type="radio" name="segmentation-method" checked={draft.method === 'learned'} onChange={() => setMethod('learned')} /> Learned (trained network)
            </label>
            <label>
              <input type="radio" name="segmentation-method" checked={draft.method === 'classical'} onChange={() => setMethod('classical')} /> Classical eight steps (the paper's)
            </label>
          </fieldset>
          <PixelSizeField experiment={current} value={draft.pixelSizeUm} onChange={(um) => set('pixelSizeUm', um)} />
          {draft.method === 'classical' && Math.abs(draft.pixelSizeUm / CLASSICAL_TUNED_UM_PER_PX - 1) > 1e-3 && (
            <p className="muted small-text" data-testid="classical-scale">
              The sizes below are px at {CLASSICAL_TUNED_UM_PER_PX} µm/px (where they were tuned); they are applied × {(CLASSICAL_TUNED_UM_PER_PX / draft.pixelSizeUm).toFixed(3)} (areas × {((CLASSICAL_TUNED_UM_PER_PX / draft.pixelSizeUm) ** 2).toFixed(3)}).
            </p>
          )}
          {draft.method === 'learned' && (
            <p className="muted small-text" data-testid="model-card">
              Model: {SEGMENTER_CARD.name} · SHA-256 <code>{SEGMENTER_CARD.sha256.slice(0, 16)}</code> · network {SEGMENTER_CARD.network_um_per_px} µm/px. Lengths and
              areas below are in µm.
            </p>
          )}
          {specsFor(draft.method).map((spec) => (
            <ParamInput key={spec.path} spec={spec} params={draft} onChange={(v) => set(spec.path, v)} />
          ))}
          {problems.length > 0 && (
            <p className="error" role="alert">
              {problems.join('; ')}
            </p>
          )}
          <div className="row" style={{ marginTop: '0.5rem' }}>
            <button type="button" className="primary" disabled={!dirty || problems.length > 0} onClick={() => void save()}>
              Save to experiment
            </button>
            <span className="muted small-text" data-testid="params-state">
              {dirty ? 'unsaved changes' : 'saved'} · hash {paramsHash(draft).slice(0, 8)}
            </span>
          </div>
        </section>
        <section className="panel">
          <div className="row">
            <label>
              Clone{' '}
              <select aria-label="Preview clone" value={image.clone} onChange={(e) => moveTo({ clone: e.target.value })}>
                {clones.map((c) => (
                  <option key={c}>{c}</option>
                ))}
              </select>
            </label>
            <label>
              Time{' '}
              <select aria-label="Preview time" value={image.timeH} onChange={(e) => moveTo({ timeH: Number(e.target.value) })}>
                {times.map((t) => (
                  <option key={t} value={t}>
                    {formatHours(t)} h
                  </option>
                ))}
              </select>
            </label>
            <label>
              FOV{' '}
              <select aria-label="Preview FOV" value={image.fov} onChange={(e) => moveTo({ fov: Number(e.target.value) })}>
                {fovs.map((f) => (
                  <option key={f}>{f}</option>
                ))}
              </select>
            </label>
            <label>
              Show{' '}
              <select aria-label="Preview layer" value={shownLayer} onChange={(e) => setLayer(e.target.value)}>
                <option value="outlines">Image with cell outlines</option>
                <option value="image">Image only</option>
                {draft.method === 'learned'
                  ? LEARNED_STEP_NAMES.map((s) => (
                      <option key={s} value={s}>
                        Network: {LEARNED_STEP_TEXT[s] ?? s}
                      </option>
                    ))
                  : CLASSICAL_STEPS.map((s, i) => (
                      <option key={s} value={s}>
                        Step {i + 1 <= 8 ? i + 1 : '9 (labels)'}: {s}
                      </option>
                    ))}
              </select>
            </label>
            <span className="spacer" />
            <button type="button" className="small" onClick={() => setZoom((z) => Math.max(1, z / 1.5))} aria-label="Zoom out">
              −
            </button>
            <button type="button" className="small" onClick={() => setZoom((z) => Math.min(8, z * 1.5))} aria-label="Zoom in">
              +
            </button>
          </div>
          <p className="row">
            <strong data-testid="cell-count">{result ? `${result.count} cells` : '…'}</strong>
            <span className="muted small-text">
              {image.fileName}
              {result ? ` · ${result.timingsMs.total?.toFixed(0)} ms in the worker` : ''}
              {busy ? ' · updating…' : ''}
            </span>
          </p>
          {error && (
            <p className="error" role="alert">
              {error}
            </p>
          )}
          <div className="viewer-scroll">
            {result && shown && (
              <GreyCanvas
                width={result.width}
                height={result.height}
                pixels={shown}
                overlay={overlay}
                className="viewer-canvas"
                style={{ width: `${zoom * 100}%` }}
                title="Segmentation preview"
              />
            )}
          </div>
          {result && (
            <div className="row" style={{ alignItems: 'flex-start', marginTop: '0.5rem' }}>
              <Histogram values={result.areas} label="Cell area (px)" log10 />
              <table className="timings" style={{ width: 'auto' }}>
                <tbody>
                  {Object.entries(result.timingsMs).map(([k, v]) => (
                    <tr key={k}>
                      <td>{k}</td>
                      <td>{v.toFixed(1)} ms</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      </div>
      <BatchPanel />
    </>
  );
}
