import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { registerServiceWorker } from './registerServiceWorker';
import { resumeRunsOnOpen } from './state/batchActions';
import { App } from './ui/App';
import './ui/styles.css';

resumeRunsOnOpen();
registerServiceWorker();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

if (new URLSearchParams(location.search).has('bench'))
  void import('./testing/benchHooks').then((m) => Object.assign(window, { potencyBench: m.benchHooks }));
