import { useEffect, useMemo, useState } from 'react';
import { formatHours } from '../../core/experiment';
import { paramsHash } from '../../core/segmentation/params';
import { runBatch } from '../../state/batchActions';
import { useCellCounts } from '../../state/cellCountStore';
import { useExperiments } from '../../state/experimentStore';
import { savedParams } from '../../state/segmentationStore';
import { useTasks } from '../../state/taskStore';
import { useView } from '../../state/viewStore';
import { flagFields, type QcField } from '../../core/qc';

/** Batch run controls and the per-image QC table (cells per field, flagged outliers). */
export function BatchPanel() {
  const { current, images } = useExperiments();
  const running = useTasks((s) => 'batch' in s.tasks);
  const { counts, version, experimentId: countsFor } = useCellCounts();
  const select = useView((s) => s.select);
  const setTab = useView((s) => s.setTab);
  const [onlyFlagged, setOnlyFlagged] = useState(true);

  // Re-read from storage when the experiment or its images change (a deletion drops measurements);
  // during a run the batch keeps the counts current itself.
  useEffect(() => {
    if (current && !running) void useCellCounts.getState().load(current.id);
  }, [current, images, running]);

  const hash = paramsHash(savedParams(current?.segmentationParams));
  const { rows, stale } = useMemo(() => {
    const mine = countsFor === current?.id ? counts : new Map<string, { paramsHash: string; cellCount: number }>();
    const qc: QcField[] = [];
    for (const i of images) {
      const m = mine.get(i.id);
      if (m?.paramsHash === hash) qc.push({ id: i.id, clone: i.clone, timeH: i.timeH, fov: i.fov, fileName: i.fileName, cells: m.cellCount });
    }
    let other = 0;
    for (const m of mine.values()) if (m.paramsHash !== hash) other++;
    return { rows: flagFields(qc), stale: other };
    // `version` marks in-place changes of `counts`.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [counts, version, countsFor, current?.id, images, hash]);
  const flagged = rows.filter((r) => r.flag);
  const totalCells = rows.reduce((s, r) => s + r.cells, 0);
  if (!current) return null;

  return (
    <section className="panel" aria-label="Batch run">
      <div className="row">
        <h3>Batch run and quality control</h3>
        <span className="muted" data-testid="batch-status">
          {rows.length} of {images.length} fields measured with the saved parameters · {totalCells} cells
          {stale > 0 ? ` · ${stale} measured with other parameters (stale)` : ''}
        </span>
        <span className="spacer" />
        <button type="button" className="primary" disabled={running || rows.length === images.length} onClick={() => void runBatch()}>
          {rows.length > 0 && rows.length < images.length ? 'Continue segmentation' : 'Segment and measure all fields'}
        </button>
      </div>
      {rows.length > 0 && (
        <>
          <div className="row">
            <span className={flagged.length ? 'warning' : 'ok'} data-testid="qc-flagged">
              {flagged.length} field{flagged.length === 1 ? '' : 's'} flagged
            </span>
            <label>
              <input type="checkbox" checked={onlyFlagged} onChange={(e) => setOnlyFlagged(e.target.checked)} /> show only flagged
            </label>
          </div>
          <div className="table-scroll">
            <table data-testid="qc-table">
              <thead>
                <tr>
                  <th>Clone</th>
                  <th>Time</th>
                  <th>FOV</th>
                  <th>Cells</th>
                  <th>Clone median</th>
                  <th>Flag</th>
                </tr>
              </thead>
              <tbody>
                {(onlyFlagged ? flagged : rows).slice(0, 400).map((r) => (
                  <tr key={r.id} className={r.flag ? 'bad' : ''}>
                    <td>{r.clone}</td>
                    <td>{formatHours(r.timeH)} h</td>
                    <td>{r.fov}</td>
                    <td>{r.cells}</td>
                    <td>{r.cloneMedian}</td>
                    <td>
                      {r.flag ?? ''}{' '}
                      <button
                        type="button"
                        className="small"
                        onClick={() => {
                          select({ clone: r.clone, timeH: r.timeH, fov: r.fov });
                          setTab('segmentation');
                          window.scrollTo({ top: 0 });
                        }}
                      >
                        view
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
