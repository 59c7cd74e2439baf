import { useState } from 'react';
import { createDemoExperiment } from '../../state/demoActions';
import { useTasks } from '../../state/taskStore';
import { useView } from '../../state/viewStore';
import { useImport } from '../../state/importStore';
import { DropZone } from '../components/DropZone';
import { ImportView } from './ImportView';

/** The start page: the demo one click away, or a drop of real images. */
export function Welcome() {
  const [fovs, setFovs] = useState(8);
  const [size, setSize] = useState(512);
  const [seed, setSeed] = useState(1);
  const busy = useTasks((s) => 'demo' in s.tasks);
  const files = useImport((s) => s.files);
  const addFiles = useImport((s) => s.addFiles);
  const setTab = useView((s) => s.setTab);

  if (files.length > 0) return <ImportView />;

  return (
    <div className="welcome">
      <div className="panel">
        <h2>Which clones will last the most passages?</h2>
        <p>
          Potency Workbench reads phase-contrast images of each clone's well at passage 1 (every 6 h from
          6 h to 90 h, many fields of view), segments every cell, builds each clone's morphological
          profile and predicts its serial-passage potency. Everything runs in this browser tab; images
          never leave this computer.
        </p>
      </div>
      <div className="choices">
        <div className="panel">
          <h3>Explore the demo experiment</h3>
          <p className="muted">
            15 clones × 15 time points with known potencies (7–13), drawn by a seeded generator that
            mimics phase-contrast microscopy.
          </p>
          <div className="row">
            <label>
              FOVs{' '}
              <input type="number" min={1} max={64} value={fovs} aria-label="Demo FOVs" onChange={(e) => setFovs(Number(e.target.value))} />
            </label>
            <label>
              Size{' '}
              <select value={size} aria-label="Demo image size" onChange={(e) => setSize(Number(e.target.value))}>
                <option value={512}>512 × 512</option>
                <option value={1000}>1000 × 1000</option>
              </select>
            </label>
            <label>
              Seed{' '}
              <input type="number" value={seed} aria-label="Demo seed" onChange={(e) => setSeed(Math.trunc(Number(e.target.value)))} />
            </label>
          </div>
          <p>
            <button
              type="button"
              className="primary"
              disabled={busy}
              onClick={() => {
                setTab('experiment');
                void createDemoExperiment({ seed, fovs, size });
              }}
            >
              Open the demo experiment
            </button>
          </p>
        </div>
        <div className="panel">
          <h3>Use your own images</h3>
          <DropZone onFiles={addFiles} hint="A folder per experiment; names like clone07_t030h_f12.png or clone07/t030/f12.tif." />
        </div>
      </div>
    </div>
  );
}
