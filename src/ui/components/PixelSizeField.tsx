import { useState } from 'react';
import { BINNINGS, CAMERA_PRESETS, OBJECTIVE_MAGNIFICATIONS, opticsPixelSize } from '../../core/image/opticsPresets';
import { roundPixelSize } from '../../core/image';
import { PARAM_SPECS } from '../../core/segmentation/params';
import { pixelSizeInUse } from '../../state/pixelSize';
import type { ExperimentRecord } from '../../storage/schema';

/**
 * The experiment's pixel size: the number in use, where it came from (read from a file, entered,
 * or assumed), and — for files that state none — objective + camera presets that compute it.
 */
export function PixelSizeField({ experiment, value, onChange }: { experiment: ExperimentRecord; value: number; onChange: (um: number) => void }) {
  const [open, setOpen] = useState(false);
  const [objective, setObjective] = useState(10);
  const [camera, setCamera] = useState(CAMERA_PRESETS[0]!.id);
  const [binning, setBinning] = useState(1);
  const [intermediate, setIntermediate] = useState(1);
  const inUse = pixelSizeInUse(experiment, value);
  const pitch = CAMERA_PRESETS.find((c) => c.id === camera)?.pitchUm ?? 6.5;
  const computed = intermediate > 0 ? roundPixelSize(opticsPixelSize({ objective, cameraPitchUm: pitch, binning, intermediate })) : NaN;
  return (
    <div className="pixel-size-field">
      <label className="param" title={PARAM_SPECS.find((p) => p.path === 'pixelSizeUm')?.help}>
        <span>Pixel size (µm/px)</span>
        <input
          type="number"
          min={0.05}
          max={20}
          step="any"
          value={value}
          onChange={(e) => e.target.value !== '' && onChange(Number(e.target.value))}
          aria-label="Pixel size (µm/px)"
        />
      </label>
      <p className={`small-text ${inUse.origin === 'assumed' ? 'warning' : 'muted'}`} data-testid="pixel-size-source">
        {inUse.text}{' '}
        <button type="button" className="small" onClick={() => setOpen(!open)} aria-expanded={open}>
          {open ? 'hide optics' : 'from objective + camera…'}
        </button>
      </p>
      {open && (
        <div className="row small-text" aria-label="Pixel size from the optics">
          <label>
            Objective{' '}
            <select aria-label="Objective" value={objective} onChange={(e) => setObjective(Number(e.target.value))}>
              {OBJECTIVE_MAGNIFICATIONS.map((m) => (
                <option key={m} value={m}>
                  {m}×
                </option>
              ))}
            </select>
          </label>
          <label>
            Intermediate{' '}
            <input type="number" aria-label="Intermediate magnification" min={0.5} max={4} step={0.1} value={intermediate} onChange={(e) => setIntermediate(Number(e.target.value))} style={{ width: '4em' }} />×
          </label>
          <label>
            Camera{' '}
            <select aria-label="Camera" value={camera} onChange={(e) => setCamera(e.target.value)}>
              {CAMERA_PRESETS.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            Binning{' '}
            <select aria-label="Binning" value={binning} onChange={(e) => setBinning(Number(e.target.value))}>
              {BINNINGS.map((b) => (
                <option key={b} value={b}>
                  {b}×{b}
                </option>
              ))}
            </select>
          </label>
          <button type="button" className="small" disabled={!Number.isFinite(computed)} onClick={() => onChange(computed)}>
            Use {Number.isFinite(computed) ? computed : '—'} µm/px
          </button>
        </div>
      )}
    </div>
  );
}
