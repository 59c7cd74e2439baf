import { useMemo, useRef } from 'react';
import { useExperiments } from '../../state/experimentStore';
import { importPotencyCsv } from '../../state/potencyActions';
import type { CloneGroup } from '../../core/experiment';

/** The clones (wells): label, group and known potency, editable; potencies importable from CSV. */
export function ClonesTable() {
  const { clones, images, editClone } = useExperiments();
  const csvInput = useRef<HTMLInputElement>(null);
  const counts = useMemo(() => {
    const m = new Map<string, number>();
    for (const i of images) m.set(i.clone, (m.get(i.clone) ?? 0) + 1);
    return m;
  }, [images]);
  const labelled = clones.filter((c) => c.potency !== null).length;

  return (
    <section className="panel">
      <div className="row">
        <h3>Clones</h3>
        <span className="muted">
          {labelled} of {clones.length} with a known potency; the others are to be predicted.
        </span>
        <span className="spacer" />
        <button type="button" onClick={() => csvInput.current?.click()}>
          Import potencies (CSV)…
        </button>
        <input
          ref={csvInput}
          type="file"
          accept=".csv,.tsv,.txt,text/csv"
          hidden
          data-testid="potency-input"
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) void importPotencyCsv(file);
            e.target.value = '';
          }}
        />
      </div>
      <div className="table-scroll">
        <table data-testid="clones-table">
          <thead>
            <tr>
              <th>Clone</th>
              <th>Label</th>
              <th>Group</th>
              <th>Potency (passages)</th>
              <th>Images</th>
              <th>Notes</th>
            </tr>
          </thead>
          <tbody>
            {clones.map((c) => (
              <tr key={c.id}>
                <td className="mono">{c.id}</td>
                <td>
                  <input
                    aria-label={`Label of ${c.id}`}
                    defaultValue={c.label}
                    onBlur={(e) => e.target.value !== c.label && void editClone(c.id, { label: e.target.value })}
                  />
                </td>
                <td>
                  <select
                    aria-label={`Group of ${c.id}`}
                    value={c.group}
                    onChange={(e) => void editClone(c.id, { group: e.target.value as CloneGroup })}
                  >
                    <option value="REC">REC (clone)</option>
                    <option value="bulk">bulk</option>
                  </select>
                </td>
                <td>
                  <input
                    type="number"
                    step="any"
                    min={0}
                    aria-label={`Potency of ${c.id}`}
                    key={String(c.potency)}
                    defaultValue={c.potency ?? ''}
                    placeholder="to predict"
                    onBlur={(e) => {
                      const text = e.target.value.trim();
                      const value = text === '' ? null : Number(text);
                      if (value !== null && !Number.isFinite(value)) return;
                      if (value !== c.potency) void editClone(c.id, { potency: value });
                    }}
                  />
                </td>
                <td>{counts.get(c.id) ?? 0}</td>
                <td>
                  <input
                    aria-label={`Notes on ${c.id}`}
                    defaultValue={c.notes}
                    onBlur={(e) => e.target.value !== c.notes && void editClone(c.id, { notes: e.target.value })}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
