import { useEffect, useMemo, useState } from 'react';
import { buildProfiles, profilesToCsv, type FovChoice } from '../../core/profiles';
import { TIME_POINTS_H, formatHours } from '../../core/experiment';
import { useAnalysis } from '../../state/analysisData';
import { useExperiments } from '../../state/experimentStore';
import { downloadText } from '../components/Plot';
import { PcaPanel } from './PcaPanel';
import { KdePanel } from './KdePanel';
import { GrowthPanel } from './GrowthPanel';
import { DescriptorPanel } from './DescriptorPanel';
import { GroupPanel } from './GroupPanel';
import { NeedsMeasurements } from '../components/NeedsMeasurements';
import { exportCellsCsv } from './exportCells';
import { pixelSizeInUse } from '../../state/pixelSize';
import { savedParams } from '../../state/segmentationStore';
import type { ExploreSelection } from './selection';

/** Profiles of the measured experiment, and the exploration plots built on them. */
export function ExploreView() {
  const { current, images } = useExperiments();
  const { data, loading, load } = useAnalysis();
  const maxFovs = useMemo(() => Math.max(1, ...images.map((i) => i.fov)), [images]);
  const [sel, setSel] = useState<ExploreSelection>({ windowEndH: 90, fovCount: maxFovs, seed: 1 });

  useEffect(() => {
    void load();
  }, [current, images, load]);
  useEffect(() => setSel((s) => ({ ...s, fovCount: Math.min(s.fovCount, maxFovs) || maxFovs })), [maxFovs]);

  const fovs = useMemo<FovChoice>(
    () => (sel.fovCount >= maxFovs ? { kind: 'all' } : { kind: 'subset', k: sel.fovCount, seed: sel.seed }),
    [sel.fovCount, sel.seed, maxFovs],
  );
  const profiles = useMemo(
    () => (data && data.images.length > 0 ? buildProfiles(data.index, { windowEndH: sel.windowEndH, fovs }) : null),
    [data, sel.windowEndH, fovs],
  );
  if (!current) return null;
  if (loading && !data) return <p className="panel muted">Reading measurements…</p>;
  if (!data || data.images.length === 0) return <NeedsMeasurements title="Explore" waiting={images.length} />;

  const times = TIME_POINTS_H.filter((h) => data.index.timesH.includes(h));
  // Lengths and areas in µm and µm², at the pixel size the measurements were made with.
  const units = pixelSizeInUse(current, savedParams(current.segmentationParams).pixelSizeUm);
  const umPerPx = units.umPerPx;
  return (
    <>
      <section className="panel" aria-label="Profile selection">
        <div className="row">
          <h2>Explore</h2>
          <label>
            Time window 6–
            <select aria-label="Window end" value={sel.windowEndH} onChange={(e) => setSel({ ...sel, windowEndH: Number(e.target.value) })}>
              {times.map((t) => (
                <option key={t} value={t}>
                  {formatHours(t)} h
                </option>
              ))}
            </select>
          </label>
          <label>
            FOVs per well{' '}
            <input type="number" min={1} max={maxFovs} aria-label="FOV count" value={sel.fovCount} onChange={(e) => setSel({ ...sel, fovCount: Math.max(1, Math.min(maxFovs, Number(e.target.value) || 1)) })} />
            <span className="muted"> of {maxFovs}</span>
          </label>
          <label title="Which random subset of FOVs is drawn for each well">
            Seed <input type="number" aria-label="FOV seed" value={sel.seed} onChange={(e) => setSel({ ...sel, seed: Math.trunc(Number(e.target.value)) })} />
          </label>
          <span className="spacer" />
          <button
            type="button"
            disabled={!profiles}
            onClick={() => profiles && downloadText(`profiles_6-${formatHours(sel.windowEndH)}h_${sel.fovCount}fov.csv`, profilesToCsv(profiles, data.potency))}
          >
            Export profiles (CSV)
          </button>
          <button type="button" onClick={() => void exportCellsCsv(current, images, data.paramsHash, umPerPx)}>
            Export per-cell CSV
          </button>
        </div>
        <p className="muted small-text" data-testid="explore-summary">
          {data.measured} of {data.total} fields measured · {profiles?.clones.length ?? 0} clones × {profiles?.columns.length ?? 0} profile columns
          {profiles && profiles.missing.length > 0 ? ` · ${profiles.missing.length} notes: ${profiles.missing.slice(0, 3).join('; ')}` : ''}
        </p>
        <p className={`small-text ${units.origin === 'assumed' && !current.isDemo ? 'warning' : 'muted'}`} data-testid="explore-units">
          Lengths in µm, areas in µm² (profiles and models keep pixels): pixel size {units.text}
        </p>
      </section>
      {profiles && <PcaPanel data={data} sel={sel} fovs={fovs} maxFovs={maxFovs} />}
      <div className="grid-2">
        {profiles && <DescriptorPanel data={data} profiles={profiles} umPerPx={umPerPx} />}
        <GrowthPanel data={data} />
      </div>
      <div className="grid-2">
        <KdePanel data={data} umPerPx={umPerPx} />
        <GroupPanel data={data} umPerPx={umPerPx} />
      </div>
    </>
  );
}
