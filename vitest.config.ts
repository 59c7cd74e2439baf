import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
    // OpenCV.js's default export is a Promise; Vitest's interop would wrap it and break `then`.
    deps: { interopDefault: false },
    testTimeout: 60_000,
    pool: 'forks',
  },
});
