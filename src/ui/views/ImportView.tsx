import { useMemo } from 'react';
import { findCollisions, PATTERN_PRESETS, validatePattern } from '../../core/naming/pattern';
import { formatHours } from '../../core/experiment';
import { parsedFiles, useImport } from '../../state/importStore';
import { useExperiments } from '../../state/experimentStore';
import { useTasks } from '../../state/taskStore';
import { importFiles } from '../../state/importActions';
import { DropZone } from '../components/DropZone';

const MAX_ROWS = 500;

/** Drop files, choose how their names are read, check the live table, import. */
export function ImportView() {
  const { files, pattern, options, addFiles, setPattern, setOptions, clear } = useImport();
  const current = useExperiments((s) => s.current);
  const importing = useTasks((s) => 'import' in s.tasks);
  const rows = useMemo(() => parsedFiles(files, pattern, options), [files, pattern, options]);
  const patternError = validatePattern(pattern);
  const matched = rows.filter((r) => r.parsed.ok);
  const collisions = useMemo(() => findCollisions(rows), [rows]);
  const collided = new Set(collisions.flatMap((c) => c.paths.slice(1)));
  const clones = new Set(matched.map((r) => (r.parsed.ok ? r.parsed.clone : '')));
  const times = new Set(matched.map((r) => (r.parsed.ok ? r.parsed.timeH : 0)));
  const preset = PATTERN_PRESETS.find((p) => p.pattern === pattern);

  return (
    <div className="panel" data-testid="import-view">
      <h2>Import images{current ? ` into “${current.name}”` : ' (a new experiment)'}</h2>
      <DropZone onFiles={addFiles} />

      <div className="row" style={{ marginTop: '1rem' }}>
        <label>
          File-name pattern{' '}
          <input
            className="mono"
            style={{ width: '22rem' }}
            value={pattern}
            onChange={(e) => setPattern(e.target.value)}
            aria-label="File-name pattern"
            aria-invalid={!!patternError}
          />
        </label>
        <label>
          Preset{' '}
          <select
            aria-label="Pattern preset"
            value={preset?.id ?? ''}
            onChange={(e) => {
              const p = PATTERN_PRESETS.find((x) => x.id === e.target.value);
              if (p) setPattern(p.pattern);
            }}
          >
            <option value="">(custom)</option>
            {PATTERN_PRESETS.map((p) => (
              <option key={p.id} value={p.id}>
                {p.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      <p className="muted small-text">
        Tokens: <code>{'{clone}'}</code>, <code>{'{time}'}</code> (hours: 030h, t030, 6…),{' '}
        <code>{'{fov}'}</code> (f12, 12…); <code>*</code> matches anything in one name; <code>/</code>{' '}
        separates folders. {preset ? `${preset.description} Example: ${preset.example}` : ''}
      </p>
      {(!pattern.includes('{clone}') || !pattern.includes('{fov}') || preset?.needsDefaults) && (
        <div className="row">
          {!pattern.includes('{clone}') && (
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
          {!pattern.includes('{fov}') && (
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
        </div>
      )}
      {patternError && (
        <p className="error" role="alert">
          Pattern: {patternError}
        </p>
      )}

      {files.length > 0 && (
        <>
          <div className="row" style={{ marginTop: '1rem' }}>
            <strong data-testid="import-summary">
              {matched.length} of {files.length} files read · {clones.size} clone{clones.size === 1 ? '' : 's'} ×{' '}
              {times.size} time point{times.size === 1 ? '' : 's'}
            </strong>
            {files.length - matched.length > 0 && (
              <span className="badge bad">{files.length - matched.length} not matching the pattern (listed below)</span>
            )}
            {collided.size > 0 && <span className="badge bad">{collided.size} share a clone/time/FOV with another file</span>}
            <span className="spacer" />
            <button type="button" onClick={clear} disabled={importing}>
              Clear list
            </button>
            <button
              type="button"
              className="primary"
              disabled={importing || matched.length === 0 || !!patternError}
              onClick={() => void importFiles()}
            >
              Import {matched.length - collided.size} file{matched.length - collided.size === 1 ? '' : 's'}
            </button>
          </div>
          <div className="table-scroll">
            <table data-testid="parse-table">
              <thead>
                <tr>
                  <th>File</th>
                  <th>Clone</th>
                  <th>Time (h)</th>
                  <th>FOV</th>
                  <th>Status</th>
                </tr>
              </thead>
              <tbody>
                {rows.slice(0, MAX_ROWS).map(({ path, parsed }) => (
                  <tr key={path} className={parsed.ok && !collided.has(path) ? '' : 'bad'}>
                    <td className="mono">{path}</td>
                    <td>{parsed.ok ? parsed.clone : ''}</td>
                    <td>{parsed.ok ? formatHours(parsed.timeH) : ''}</td>
                    <td>{parsed.ok ? parsed.fov : ''}</td>
                    <td>
                      {!parsed.ok
                        ? parsed.reason
                        : collided.has(path)
                          ? 'same clone/time/FOV as another file: skipped'
                          : 'ok'}
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
