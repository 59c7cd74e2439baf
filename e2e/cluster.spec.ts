/**
 * A cluster-made analysis opened in the browser: the CLI analyses a demo folder in 2 shards
 * (`analyze --shard I/2`), merges them and writes analysis.pwexp (`import-analysis`), as
 * scripts/slurm/merge.sbatch does on a cluster; the app restores it with "Restore a back-up…",
 * and Explore and Models work on its statistics without segmenting anything in the browser.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { openApp } from './helpers';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const work = mkdtempSync(join(tmpdir(), 'e2e-cluster-'));
const cli = (...args: string[]) =>
  execFileSync(join(root, 'node_modules/.bin/tsx'), [join(root, 'src/cli/main.ts'), ...args], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });

test.beforeAll(() => {
  test.setTimeout(240_000);
  // 4 clones × 15 time points × 2 FOVs of 256 px, classical (the demo folder's demo.json).
  cli('demo', '--out', join(work, 'demo'), '--clones', '4', '--fovs', '2', '--size', '256');
  for (const i of [1, 2]) cli('analyze', join(work, 'demo'), '--out', join(work, `shard_${i}`), '--shard', `${i}/2`, '--workers', '1');
  cli('merge', join(work, 'shard_1'), join(work, 'shard_2'), '--out', join(work, 'merged'));
  cli('import-analysis', join(work, 'merged'), '--name', 'Cluster demo');
});
test.afterAll(() => rmSync(work, { recursive: true, force: true }));

test('a merged cluster analysis restores, and Explore and Models use its statistics', async ({ page }) => {
  test.setTimeout(240_000);
  await openApp(page);
  await page.getByTestId('restore-input').setInputFiles(join(work, 'merged', 'analysis.pwexp'));
  await expect(page.getByTestId('experiment-name')).toContainText('Cluster demo (restored)');
  await expect(page.getByTestId('experiment-summary')).toContainText('4 clones × 15 time points × 2 FOVs · 120 images');
  // One thumbnail per clone × time point, from the original images the analysis names.
  await expect(page.getByTestId('thumb')).toHaveCount(60);

  // Explore: every field counts as measured with the analysis' parameters; the profiles are the CLI's.
  await page.getByRole('tab', { name: 'Explore' }).click();
  await expect(page.getByTestId('explore-summary')).toContainText('120 of 120 fields measured · 4 clones × 360 profile columns');
  await expect(page.getByTestId('pca-plot').locator('.main-svg').first()).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('kde-plot').locator('.main-svg').first()).toBeVisible();
  const csv = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export profiles (CSV)' }).click();
  const exported = Buffer.concat(await (await (await csv).createReadStream()).toArray()).toString('utf8');
  expect(exported).toBe(readFileSync(join(work, 'merged', 'profiles.csv'), 'utf8'));

  // Models: the grid runs on the restored statistics.
  await page.getByRole('tab', { name: 'Models' }).click();
  await page.getByLabel('RF trees').fill('20');
  await page.getByRole('button', { name: 'Run the grid' }).click();
  await expect(page.getByTestId('message-info').filter({ hasText: /Model grid finished: \d+ cells/ })).toBeVisible({ timeout: 180_000 });
  await expect(page.getByTestId('heatmap-lasso').locator('.main-svg').first()).toBeVisible();
});
