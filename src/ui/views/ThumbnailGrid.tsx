import { useMemo } from 'react';
import { formatHours } from '../../core/experiment';
import { useExperiments } from '../../state/experimentStore';
import { useView } from '../../state/viewStore';
import type { ExperimentRecord, ImageRecord } from '../../storage/schema';
import { GreyCanvas } from '../components/GreyCanvas';
import { useThumbnail } from '../thumbnails';

function Cell({
  experiment,
  image,
  count,
  selected,
  onSelect,
}: {
  experiment: ExperimentRecord;
  image: ImageRecord | undefined;
  count: number;
  selected: boolean;
  onSelect: () => void;
}) {
  const thumb = useThumbnail(experiment, image);
  if (count === 0) return <div className="thumb-cell empty" title="no image" data-testid="thumb-empty" />;
  return (
    <button
      type="button"
      className={`thumb-cell${selected ? ' selected' : ''}`}
      onClick={onSelect}
      title={image ? image.fileName : `${count} images (none at this FOV)`}
      data-testid="thumb"
    >
      {thumb && <GreyCanvas width={thumb.width} height={thumb.height} pixels={thumb.pixels} />}
      <span className="count">{count}</span>
    </button>
  );
}

/** Clone × time grid: one thumbnail (the chosen FOV) and the number of images per cell. */
export function ThumbnailGrid() {
  const { current, clones, images } = useExperiments();
  const { selected, select, gridFov, setGridFov } = useView();
  const { times, fovs, byCell } = useMemo(() => {
    const byCell = new Map<string, ImageRecord[]>();
    for (const img of images) {
      const key = `${img.clone}|${img.timeH}`;
      const list = byCell.get(key);
      if (list) list.push(img);
      else byCell.set(key, [img]);
    }
    const times = [...new Set(images.map((i) => i.timeH))].sort((a, b) => a - b);
    const fovs = [...new Set(images.map((i) => i.fov))].sort((a, b) => a - b);
    return { times, fovs, byCell };
  }, [images]);
  if (!current) return null;

  return (
    <section className="panel">
      <div className="row">
        <h3>Images: clone × time</h3>
        <span className="spacer" />
        <label>
          Thumbnail FOV{' '}
          <select aria-label="Thumbnail FOV" value={gridFov} onChange={(e) => setGridFov(Number(e.target.value))}>
            {fovs.map((f) => (
              <option key={f} value={f}>
                {f}
              </option>
            ))}
          </select>
        </label>
      </div>
      <p className="muted small-text">The number in each cell is how many fields of view that clone has at that time. Click to open.</p>
      <div className="thumb-grid">
        <table data-testid="thumb-grid">
          <thead>
            <tr>
              <th />
              {times.map((t) => (
                <th key={t} scope="col">
                  {formatHours(t)} h
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {clones.map((c) => (
              <tr key={c.id} data-testid="thumb-row">
                <th scope="row">{c.label || c.id}</th>
                {times.map((t) => {
                  const list = byCell.get(`${c.id}|${t}`) ?? [];
                  const image = list.find((i) => i.fov === gridFov) ?? list[0];
                  return (
                    <td key={t}>
                      <Cell
                        experiment={current}
                        image={image}
                        count={list.length}
                        selected={!!image && selected?.clone === c.id && selected.timeH === t && selected.fov === image.fov}
                        onSelect={() => image && select({ clone: c.id, timeH: t, fov: image.fov })}
                      />
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
