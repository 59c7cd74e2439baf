import { useEffect, useRef } from 'react';
import { restoreExperiment } from '../state/backupActions';
import { useExperiments } from '../state/experimentStore';
import { useView, type Tab } from '../state/viewStore';
import { Messages } from './components/Messages';
import { Tasks } from './components/Tasks';
import { ExperimentView } from './views/ExperimentView';
import { ImportView } from './views/ImportView';
import { SegmentationView } from './views/SegmentationView';
import { ExploreView } from './explore/ExploreView';
import { ModelsView } from './models/ModelsView';
import { RankingView } from './ranking/RankingView';
import { Welcome } from './views/Welcome';

const TABS: { id: Tab; label: string }[] = [
  { id: 'experiment', label: 'Experiment' },
  { id: 'segmentation', label: 'Segmentation' },
  { id: 'explore', label: 'Explore' },
  { id: 'models', label: 'Models' },
  { id: 'ranking', label: 'Ranking' },
  { id: 'import', label: 'Import images' },
];

export function App() {
  const { status, experiments, current, init, open, readOnly, upgrading } = useExperiments();
  const { tab, setTab } = useView();
  const restoreInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    void init();
  }, [init]);

  return (
    <div className="app">
      <header className="app-header">
        <h1>Potency Workbench</h1>
        <span className="muted small-text">clone potency from early phase-contrast images · images stay on this computer</span>
        <span className="spacer" />
        <button type="button" className="small" onClick={() => restoreInput.current?.click()}>
          Restore a back-up…
        </button>
        <input ref={restoreInput} type="file" accept=".pwexp" hidden data-testid="restore-input" onChange={(e) => {
          const f = e.target.files?.[0];
          if (f) void restoreExperiment(f);
          e.target.value = '';
        }} />
        {experiments.length > 0 && (
          <label>
            <span className="muted">Experiment </span>
            <select
              aria-label="Experiment"
              value={current?.id ?? ''}
              onChange={(e) => void open(e.target.value || null)}
            >
              <option value="">— start page —</option>
              {experiments.map((e) => (
                <option key={e.id} value={e.id}>
                  {e.name}
                </option>
              ))}
            </select>
          </label>
        )}
      </header>
      {current && (
        <nav className="tabs" role="tablist">
          {TABS.map((t) => (
            <button key={t.id} type="button" role="tab" aria-selected={tab === t.id} onClick={() => setTab(t.id)}>
              {t.label}
            </button>
          ))}
        </nav>
      )}
      <main>
        {current && readOnly && (
          <p className="message warning" role="status" data-testid="read-only">
            This experiment is open in another tab: this tab is read-only for it until that tab closes it.
          </p>
        )}
        <Messages />
        <Tasks />
        {status === 'loading' ? (
          <p className="muted" role="status" data-testid="store-opening">
            {upgrading
              ? `Upgrading the stored experiments to this version of the app (storage version ${upgrading.from} → ${upgrading.to}). This happens once; with tens of thousands of measured fields it can take a minute. Nothing is lost.`
              : 'Opening the experiment store…'}
          </p>
        ) : !current ? (
          <Welcome />
        ) : tab === 'import' ? (
          <ImportView />
        ) : tab === 'segmentation' ? (
          <SegmentationView />
        ) : tab === 'explore' ? (
          <ExploreView />
        ) : tab === 'models' ? (
          <ModelsView />
        ) : tab === 'ranking' ? (
          <RankingView />
        ) : (
          <ExperimentView />
        )}
      </main>
    </div>
  );
}
