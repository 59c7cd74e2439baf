import { useMemo, useRef } from 'react';
import { isCollision } from '../../core/naming/folder';
import { PATTERN_PRESETS, validatePattern } from '../../core/naming/pattern';
import { formatHours } from '../../core/experiment';
import { readImport, useImport } from '../../state/importStore';
import { useExperiments } from '../../state/experimentStore';
import { useTasks } from '../../state/taskStore';
import { importFiles, importPlateMap } from '../../state/importActions';
import { DropZone } from '../components/DropZone';

const MAX_ROWS = 500;

/** Drop files (and a plate map), choose how their names are read, check the live table, import. */
export function ImportView() {
  const {
    files,
    texts,
    preset: presetChoice,
    pattern: customPattern,
    options,
    plateMap,
    addFiles,
    setPreset,
    setPattern,
    setOptions,
    setPlateMap,
    clear,
  } = useImport();
  const current = useExperiments((s) => s.current);
  const importing = useTasks((s) => 'import' in s.tasks);
  const plateMapInput = useRef<HTMLInputElement>(null);
  const reading = useMemo(
    () => readImport({ files, texts, preset: presetChoice, pattern: customPattern, options, plateMap }),
    [files, texts, presetChoice, customPattern, options, plateMap],
  );
  const rows = reading.files;
  const custom = reading.presetId === 'custom';
  const preset = custom ? undefined : PATTERN_PRESETS.find((p) => p.id === reading.presetId);
  const shownPattern = custom ? customPattern : (reading.patterns[0] ?? '');
  const patternError = custom ? validatePattern(customPattern) : null;
  const isTable = (r: (typeof rows)[number]) => r.role === 'plate-map' || r.role === 'metadata';
  const read = rows.filter((r) => r.nameRead);
  const used = rows.filter((r) => r.ok);
  const listed = rows.filter((r) => !isTable(r));
  const collided = rows.filter(isCollision).length;
  const passedOver = rows.filter((r) => r.nameRead && !r.ok && !isCollision(r)).length;
  const unread = listed.length - read.length;
  const clones = new Set(used.map((r) => r.clone));
  const times = new Set(used.map((r) => r.timeH));
  const all = reading.patterns.join(' ');
  const hasClone = /\{(clone|well)/.test(all) || !!preset?.metadata;
  const hasFov = /\{fov/.test(all) || !!preset?.metadata;
  const hasFrame = /\{frame/.test(all);
  const hasClock = /\{(datetime|hhmm)/.test(all) || !!preset?.metadata;
  const needsPlateSize = rows.some((r) => r.reason?.includes('give the plate size'));
  const best = reading.ranking[0];
  const autoLabel =
    reading.auto && best
      ? `Auto: ${preset?.label ?? reading.presetId} — reads ${best.read} of ${best.of}`
      : 'Auto (the preset reading the most files)';

  return (
    <div className="panel" data-testid="import-view">
      <h2>Import images{current ? ` into “${current.name}”` : ' (a new experiment)'}</h2>
      <DropZone
        onFiles={addFiles}
        hint="PNG, JPEG or TIFF (8- or 16-bit grey; colour is converted to grey), with a plate map CSV (well,clone,group,potency) or BioStation's micro.csv beside them."
      />

      <div className="row" style={{ marginTop: '1rem' }}>
        <label>
          Preset{' '}
          <select
            aria-label="Pattern preset"
            value={presetChoice === 'custom' ? '' : presetChoice}
            onChange={(e) => (e.target.value === '' ? setPattern(shownPattern || '*') : setPreset(e.target.value))}
          >
            <option value="auto">{autoLabel}</option>
            {PATTERN_PRESETS.map((p) => (
              <option key={p.id} value={p.id}>
                {p.label}
              </option>
            ))}
            <option value="">(custom pattern)</option>
          </select>
        </label>
        <label>
          File-name pattern{' '}
          <input
            className="mono"
            style={{ width: '26rem' }}
            value={shownPattern}
            placeholder={preset?.metadata ? 'read from micro.csv' : '{well}_t{frame}…'}
            onChange={(e) => setPattern(e.target.value)}
            aria-label="File-name pattern"
            aria-invalid={!!patternError}
          />
        </label>
        {!custom && reading.patterns.length > 1 && (
          <span className="muted small-text">
            + {reading.patterns.length - 1} more pattern{reading.patterns.length > 2 ? 's' : ''} of this preset
          </span>
        )}
      </div>
      <p className="muted small-text" data-testid="preset-description">
        {preset ? `${preset.description} Example: ${preset.examples.join(', ')}. ` : ''}
        Tokens: <code>{'{clone}'}</code> or <code>{'{well}'}</code> (A1, B03, r02c03), <code>{'{plate}'}</code>,{' '}
        <code>{'{channel}'}</code>, <code>{'{z}'}</code>, <code>{'{fov}'}</code> (f12, s3, p03, xy01…), time as{' '}
        <code>{'{time}'}</code> (hours: 030h, 02d16h00m), <code>{'{frame}'}</code> (a number × the interval) or{' '}
        <code>{'{datetime}'}</code> (2023y01m05d_12h00m, 2023-01-05T12:00); <code>*</code> matches anything in one name;{' '}
        <code>/</code> separates folders. See docs/import.md.
      </p>
      <div className="row">
        {(!hasClone || preset?.needsDefaults) && (
          <label>
            Clone of every file{' '}
            <input
              aria-label="Clone of every file"
              value={options.defaultClone ?? ''}
              placeholder="clone01"
              onChange={(e) => setOptions({ defaultClone: e.target.value || undefined })}
            />
          </label>
        )}
        {!hasFov && (
          <label>
            FOV of every file{' '}
            <input
              type="number"
              min={1}
              aria-label="FOV of every file"
              value={options.defaultFov ?? 1}
              onChange={(e) => setOptions({ defaultFov: Number(e.target.value) || 1 })}
            />
          </label>
        )}
        {(!hasClone || !hasFov || preset?.needsDefaults) && /\{time/.test(all) && (
          <label>
            Hours per unit of {'{time}'}{' '}
            <input
              type="number"
              step="any"
              min={0}
              aria-label="Hours per time unit"
              value={options.timeScaleH ?? 1}
              onChange={(e) => setOptions({ timeScaleH: Number(e.target.value) || 1 })}
            />
          </label>
        )}
        {hasFrame && (
          <label>
            Hours between time points{' '}
            <input
              type="number"
              step="any"
              min={0}
              aria-label="Hours between time points"
              value={options.intervalH ?? ''}
              placeholder="e.g. 6"
              onChange={(e) =>
                setOptions({ intervalH: Number(e.target.value) > 0 ? Number(e.target.value) : undefined })
              }
            />
          </label>
        )}
        {hasClock && (
          <label>
            Seeded at{' '}
            <input
              type="datetime-local"
              aria-label="Seeding time"
              value={options.seededAt ?? ''}
              onChange={(e) => setOptions({ seededAt: e.target.value || undefined })}
            />
          </label>
        )}
        {needsPlateSize && (
          <label>
            Plate size{' '}
            <select
              aria-label="Plate size"
              value={options.plateSize ?? ''}
              onChange={(e) => setOptions({ plateSize: Number(e.target.value) || undefined })}
            >
              <option value="">?</option>
              {[6, 12, 24, 48, 96, 384, 1536].map((n) => (
                <option key={n} value={n}>
                  {n} wells
                </option>
              ))}
            </select>
          </label>
        )}
        {reading.channels.length > 0 && (
          <label>
            Channel to keep{' '}
            <select
              aria-label="Channel to keep"
              value={reading.keptChannel ?? ''}
              onChange={(e) => setOptions({ channel: e.target.value })}
            >
              {reading.channels.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
          </label>
        )}
        {reading.zPlanes.length > 1 && (
          <label>
            Z plane to keep{' '}
            <select
              aria-label="Z plane to keep"
              value={reading.keptZ ?? ''}
              onChange={(e) => setOptions({ z: Number(e.target.value) })}
            >
              {reading.zPlanes.map((z) => (
                <option key={z} value={z}>
                  {z}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      <div className="row">
        <span data-testid="plate-map-status">
          {reading.plateMap
            ? `Plate map ${reading.plateMap.path ?? plateMap?.name ?? ''}: ${reading.plateMap.map.rows.length} well${reading.plateMap.map.rows.length === 1 ? '' : 's'}${reading.unmappedWells.length ? `; not in the map: ${reading.unmappedWells.join(', ')}` : ''}`
            : 'No plate map: wells are clones under their well names.'}
        </span>
        {reading.plateMap && reading.unmappedWells.length > 0 && (
          <label>
            Wells not in the map{' '}
            <select
              aria-label="Unmapped wells"
              value={options.unmappedWells ?? 'keep'}
              onChange={(e) => setOptions({ unmappedWells: e.target.value as 'keep' | 'leave-out' })}
            >
              <option value="keep">keep under the well name</option>
              <option value="leave-out">leave out</option>
            </select>
          </label>
        )}
        <button type="button" onClick={() => plateMapInput.current?.click()}>
          {current && files.length === 0 ? 'Label wells with a plate map…' : 'Plate map (CSV)…'}
        </button>
        {plateMap && (
          <button type="button" onClick={() => setPlateMap(null)}>
            Remove plate map
          </button>
        )}
        <input
          ref={plateMapInput}
          type="file"
          accept=".csv,.tsv,.txt,text/csv"
          hidden
          data-testid="plate-map-input"
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) void importPlateMap(file);
            e.target.value = '';
          }}
        />
      </div>
      {patternError && (
        <p className="error" role="alert">
          Pattern: {patternError}
        </p>
      )}
      {reading.problems.map((p) => (
        <p className="error" role="alert" key={p}>
          {p}
        </p>
      ))}
      {reading.notes.length > 0 && (
        <ul className="muted small-text" data-testid="import-notes">
          {reading.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}

      {files.length > 0 && (
        <>
          <div className="row" style={{ marginTop: '1rem' }}>
            <strong data-testid="import-summary">
              {read.length} of {listed.length} files read · {clones.size} clone{clones.size === 1 ? '' : 's'} ×{' '}
              {times.size} time point{times.size === 1 ? '' : 's'}
            </strong>
            {unread > 0 && <span className="badge bad">{unread} not matching the pattern (listed below)</span>}
            {passedOver > 0 && (
              <span className="badge" data-testid="skipped-badge">
                {passedOver} skipped (other channel, plane, thumbnail… listed below)
              </span>
            )}
            {collided > 0 && <span className="badge bad">{collided} share a clone/time/FOV with another file</span>}
            <span className="spacer" />
            <button type="button" onClick={clear} disabled={importing}>
              Clear list
            </button>
            <button
              type="button"
              className="primary"
              disabled={importing || used.length === 0 || !!patternError}
              onClick={() => void importFiles()}
            >
              Import {used.length} file{used.length === 1 ? '' : 's'}
            </button>
          </div>
          <div className="table-scroll">
            <table data-testid="parse-table">
              <thead>
                <tr>
                  <th>File</th>
                  <th>Plate</th>
                  <th>Well</th>
                  <th>Clone</th>
                  <th>Time (h)</th>
                  <th>FOV</th>
                  <th>Channel</th>
                  <th>Z</th>
                  <th>Status</th>
                </tr>
              </thead>
              <tbody>
                {rows.slice(0, MAX_ROWS).map((r) => (
                  <tr key={r.path} className={r.ok || isTable(r) ? '' : 'bad'} data-testid="parse-row">
                    <td className="mono">{r.path}</td>
                    <td>{r.plate ?? ''}</td>
                    <td>{r.well ?? ''}</td>
                    <td>{r.clone ?? ''}</td>
                    <td>{r.timeH === null ? '' : Number.isInteger(r.timeH) ? formatHours(r.timeH) : r.timeH}</td>
                    <td>{r.fov ?? ''}</td>
                    <td>{r.channel ?? ''}</td>
                    <td>{r.z ?? ''}</td>
                    <td>
                      {r.ok
                        ? 'ok'
                        : isTable(r)
                          ? `read: ${r.reason}`
                          : isCollision(r)
                            ? 'same clone/time/FOV as another file: skipped'
                            : `skipped: ${r.reason}`}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {rows.length > MAX_ROWS && (
              <p className="muted">… and {rows.length - MAX_ROWS} more (all of them are imported).</p>
            )}
          </div>
        </>
      )}
    </div>
  );
}
