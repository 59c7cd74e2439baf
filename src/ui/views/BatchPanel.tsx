import { useEffect, useMemo, useState } from 'react';
import { formatHours } from '../../core/experiment';
import { paramsHash } from '../../core/segmentation/params';
import { runBatch, useBatchVersion } from '../../state/batchActions';
import { useExperiments } from '../../state/experimentStore';
import { savedParams } from '../../state/segmentationStore';
import { useTasks } from '../../state/taskStore';
import { useView } from '../../state/viewStore';
import { openWorkbenchDb } from '../../storage/db';
import { listMeasurements } from '../../storage/repository';
import type { MeasurementRecord } from '../../storage/schema';
import { flagFields, type QcRow } from '../../core/qc';

/** Batch run controls and the per-image QC table (cells per field, flagged outliers). */
export function BatchPanel() {
  const { current, images } = useExperiments();
  const running = useTasks((s) => 'batch' in s.tasks);
  const version = useBatchVersion((s) => s.version);
  const select = useView((s) => s.select);
  const setTab = useView((s) => s.setTab);
  const [measurements, setMeasurements] = useState<MeasurementRecord[]>([]);
  const [onlyFlagged, setOnlyFlagged] = useState(true);

  useEffect(() => {
    if (!current) return;
    let live = true;
    void openWorkbenchDb()
      .then((db) => listMeasurements(db, current.id))
      .then((m) => live && setMeasurements(m));
    return () => {
      live = false;
    };
  }, [current, version, running]);

  const hash = paramsHash(savedParams(current?.segmentationParams));
  const rows: QcRow[] = useMemo(() => {
    const byId = new Map(measurements.filter((m) => m.paramsHash === hash).map((m) => [m.id, m.cellCount]));
    return flagFields(
      images.filter((i) => byId.has(i.id)).map((i) => ({ id: i.id, clone: i.clone, timeH: i.timeH, fov: i.fov, fileName: i.fileName, cells: byId.get(i.id)! })),
    );
  }, [measurements, images, hash]);
  const stale = measurements.filter((m) => m.paramsHash !== hash).length;
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
