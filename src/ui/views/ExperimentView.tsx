import { useMemo } from 'react';
import { formatHours } from '../../core/experiment';
import { useExperiments } from '../../state/experimentStore';
import { useView } from '../../state/viewStore';
import { backUpExperiment } from '../../state/backupActions';
import { FieldViewer } from '../components/FieldViewer';
import { ClonesTable } from './ClonesTable';
import { ThumbnailGrid } from './ThumbnailGrid';

/** The experiment at a glance: clones, the clone × time grid and one field at full size. */
export function ExperimentView() {
  const { current, clones, images, remove } = useExperiments();
  const selected = useView((s) => s.selected);
  const summary = useMemo(() => {
    const times = new Set(images.map((i) => i.timeH));
    const fovs = new Set(images.map((i) => i.fov));
    const bytes = images.reduce((s, i) => s + i.byteSize, 0);
    return { times: times.size, fovs: fovs.size, bytes };
  }, [images]);
  const selectedImage = selected
    ? images.find((i) => i.clone === selected.clone && i.timeH === selected.timeH && i.fov === selected.fov)
    : undefined;
  if (!current) return null;

  return (
    <>
      <section className="panel">
        <div className="row">
          <h2 data-testid="experiment-name">{current.name}</h2>
          <span className="spacer" />
          <button type="button" className="small" onClick={() => void backUpExperiment()}>
            Back up to a file
          </button>
          <button
            type="button"
            className="danger small"
            onClick={() => {
              if (confirm(`Delete “${current.name}” and all its images and results from this browser?`)) void remove(current.id);
            }}
          >
            Delete experiment
          </button>
        </div>
        <p data-testid="experiment-summary">
          <strong>{clones.length}</strong> clones × <strong>{summary.times}</strong> time points ×{' '}
          <strong>{summary.fovs}</strong> FOVs · {images.length} images
          {current.demo
            ? ` · demo images drawn on demand from seed ${current.demo.seed} (${current.demo.size} px)`
            : ` · ${(summary.bytes / 1e6).toFixed(1)} MB stored`}
        </p>
      </section>
      <ClonesTable />
      <div className="grid-2">
        <ThumbnailGrid />
        <section className="panel">
          <FieldViewer
            experiment={current}
            image={selectedImage}
            title={
              selectedImage
                ? `${selectedImage.clone} · ${formatHours(selectedImage.timeH)} h · FOV ${selectedImage.fov} — ${selectedImage.fileName}`
                : ''
            }
          />
        </section>
      </div>
    </>
  );
}
