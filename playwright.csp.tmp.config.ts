// TEMPORARY (robustness helper): runs the e2e suite against a build in /tmp. Delete after use.
import base from './playwright.config';
import { defineConfig } from '@playwright/test';
const port = Number(process.env.PW_PORT ?? 4177);
const dist = process.env.PW_DIST ?? '/tmp/pw-csp-dist';
export default defineConfig({
  ...base,
  use: { ...base.use, baseURL: `http://127.0.0.1:${port}` },
  webServer: {
    command: `npx vite preview --host 127.0.0.1 --port ${port} --strictPort --outDir ${dist}`,
    url: `http://127.0.0.1:${port}`,
    reuseExistingServer: false,
    timeout: 60_000,
  },
});
