// TEMPORARY (robustness helper): the app's config plus the CSP plugin. Deleted after use.
import { mergeConfig } from 'vite';
import base from './vite.config';
import { cspPlugin } from './scripts/cspPlugin';
export default mergeConfig(base, { plugins: [cspPlugin()] });
