// TEMPORARY (robustness helper): runs the e2e suite against a CSP-injected build in /tmp. Deleted after use.
import base from './playwright.config';
import { defineConfig } from '@playwright/test';
export default defineConfig({
  ...base,
  use: { ...base.use, baseURL: 'http://127.0.0.1:4177' },
  webServer: {
    command: 'npx vite preview --host 127.0.0.1 --port 4177 --strictPort --outDir /tmp/pw-csp-dist',
    url: 'http://127.0.0.1:4177',
    reuseExistingServer: false,
    timeout: 60_000,
  },
});
