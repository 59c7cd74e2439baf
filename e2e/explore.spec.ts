import { expect, test } from '@playwright/test';
import { openApp, openDemo, runBatchToEnd } from './helpers';

test('Explore on the demo: switch descriptor, window and FOV count, plots redraw, export PNG and CSV', async ({ page }) => {
  test.setTimeout(240_000);
  await openApp(page);
  await openDemo(page, 2);
  await runBatchToEnd(page);
  await page.getByRole('tab', { name: 'Explore' }).click();
  await expect(page.getByTestId('explore-summary')).toContainText('450 of 450 fields measured · 15 clones × 360 profile columns');

  const pca = page.getByTestId('pca-plot');
  await expect(pca.locator('.main-svg').first()).toBeVisible({ timeout: 60_000 });
  const rendersOf = async (testId: string) => Number(await page.getByTestId(testId).getAttribute('data-renders'));

  // Window and FOV count: the PCA redraws on new profiles.
  const before = await rendersOf('pca-plot');
  await page.getByLabel('Window end').selectOption('30');
  await expect.poll(() => rendersOf('pca-plot')).toBeGreaterThan(before);
  await expect(page.getByTestId('explore-summary')).toContainText('15 clones × 120 profile columns');
  const afterWindow = await rendersOf('pca-plot');
  await page.getByLabel('FOV count', { exact: true }).fill('1');
  await expect.poll(() => rendersOf('pca-plot')).toBeGreaterThan(afterWindow);

  // Descriptor switch redraws the single-descriptor scatter with its R².
  const d0 = await rendersOf('descriptor-plot');
  await page.getByLabel('Descriptor', { exact: true }).selectOption('aspect_ratio');
  await expect.poll(() => rendersOf('descriptor-plot')).toBeGreaterThan(d0);
  await expect(page.getByTestId('descriptor-r2')).toHaveText(/R² = 0\.\d{3}/);
  await expect(page.getByTestId('growth-r2')).toHaveText(/R² = \d\.\d{3}/);
  await expect(page.getByTestId('kde-plot').locator('.main-svg').first()).toBeVisible();
  await expect(page.getByTestId('ttest-table').locator('tbody tr')).toHaveCount(15);

  // Exports: a PNG of a plot and the profiles CSV.
  const png = page.waitForEvent('download');
  await pca.getByRole('button', { name: 'Export PNG' }).click();
  expect((await png).suggestedFilename()).toBe('pca_scores.png');
  const csv = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export profiles (CSV)' }).click();
  const file = await csv;
  expect(file.suggestedFilename()).toBe('profiles_6-030h_1fov.csv');
  const text = await (await file.createReadStream()).toArray();
  const lines = Buffer.concat(text).toString('utf8').trim().split('\n');
  expect(lines).toHaveLength(16);
  expect(lines[0]).toMatch(/^clone,area_mean_006h,area_sd_006h,.*,potency$/);
});
