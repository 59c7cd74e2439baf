import { expect, test } from '@playwright/test';
import { openApp, openDemo, runBatchToEnd } from './helpers';

test('Models on the demo: grid with both heatmaps, a cell scatter, bootstrap recommendation, stored across reload', async ({ page }) => {
  test.setTimeout(300_000);
  await openApp(page);
  await openDemo(page, 2);
  await runBatchToEnd(page);
  await page.getByRole('tab', { name: 'Models' }).click();
  await page.getByLabel('RF trees').fill('100');
  await page.getByRole('button', { name: 'Run the grid' }).click();
  await expect(page.getByTestId('message-info').filter({ hasText: 'Model grid finished: 60 cells' })).toBeVisible({ timeout: 180_000 });
  for (const id of ['heatmap-lasso', 'heatmap-rf']) await expect(page.getByTestId(id).locator('.main-svg').first()).toBeVisible();

  // Click the top-right cell of the LASSO heatmap (6–90 h, 2 FOVs): its scatter opens.
  const drag = page.getByTestId('heatmap-lasso').locator('.nsewdrag').first();
  const box = (await drag.boundingBox())!;
  await page.mouse.click(box.x + box.width * 0.75, box.y + 5);
  await expect(page.getByTestId('cell-detail')).toContainText('6–090 h · 2 FOVs: RMSE');
  const cellText = (await page.getByTestId('cell-detail').textContent())!;
  // Nested LOOCV RMSE of the demo at the full window with both FOVs: well under the potency SD.
  const rmse = Number(/RMSE (\d+\.\d+)/.exec(cellText)![1]);
  expect(rmse).toBeGreaterThan(0.3);
  expect(rmse).toBeLessThan(1.2);
  await expect(page.getByTestId('cell-scatter').locator('.main-svg').first()).toBeVisible();

  await expect(page.getByTestId('structure-plot').locator('.main-svg').first()).toBeVisible();
  await page.getByLabel('Resamples').fill('8');
  await page.getByRole('button', { name: /^Bootstrap \d conditions/ }).click();
  await expect(page.getByTestId('recommendation')).toContainText(/Earliest|No bootstrapped condition/, { timeout: 120_000 });
  // Seeded resamples: the outcome is the same on every run (2 FOVs are too few for RMSE < 1 in 90 % of them).
  await expect(page.getByTestId('recommendation')).toHaveText(
    'Recommendation: No bootstrapped condition keeps its RMSE under 1 in 90 % of FOV resamples: image longer, image more fields, or accept a higher threshold.',
  );

  await page.reload();
  await page.getByRole('tab', { name: 'Models' }).click();
  await expect(page.getByTestId('grid-status')).toContainText('60 cells computed in');
  await expect(page.getByTestId('recommendation')).toBeVisible();
});
