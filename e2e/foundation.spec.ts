import { expect, test } from '@playwright/test';
import { dropFiles, hasShared, openApp, openDemo, SHARED_MISSING, sharedFile } from './helpers';

const FRAMES = ['01', '04', '07', '10', '13', '16', '19', '22', '25', '28', '31', '34', '37'];

test('the demo experiment opens with 15 clones × 15 time points and a field viewer', async ({ page }) => {
  await openApp(page);
  await openDemo(page, 2);
  await expect(page.getByTestId('experiment-summary')).toContainText('15 clones × 15 time points × 2 FOVs');
  await expect(page.getByTestId('thumb-row')).toHaveCount(15);
  await expect(page.getByTestId('thumb-grid').locator('thead th')).toHaveCount(16);
  await expect(page.getByTestId('clones-table').locator('tbody tr')).toHaveCount(15);
  // Potencies of the demo are known and span 7–13 passages.
  const potencies = await Promise.all(
    Array.from({ length: 15 }, (_, i) => page.getByLabel(`Potency of clone${String(i + 1).padStart(2, '0')}`).inputValue()),
  );
  const values = potencies.map(Number);
  expect(values.every((v) => v >= 7 && v <= 13)).toBe(true);
  expect(Math.min(...values)).toBeLessThan(8.5);
  expect(Math.max(...values)).toBeGreaterThan(11.5);

  // A thumbnail opens the field; the worker's OpenCV background estimate is a layer.
  await page.getByTestId('thumb').first().click();
  const viewer = page.getByTestId('field-viewer');
  await expect(viewer).toContainText('512×512 px · 8-bit');
  await expect(viewer).toContainText('Background: the estimate the classical segmentation subtracts');
  await page.getByLabel('Layer').selectOption('background');
  await page.getByRole('button', { name: 'Zoom in' }).click();
  await expect(page.getByTestId('zoom-level')).toHaveText('150 %');
});

test('13 real time-lapse frames import as one clone × 13 time points and survive a reload', async ({ page }) => {
  test.skip(!hasShared, SHARED_MISSING);
  await openApp(page);
  await dropFiles(
    page,
    FRAMES.map((f) => sharedFile(`data/phase-contrast/timelapse/t${f}.tif`, `xy01/t${f}.tif`)),
  );
  await page.getByLabel('Pattern preset').selectOption('timelapse');
  await page.getByLabel('Clone of every file').fill('xy01');
  await expect(page.getByTestId('import-summary')).toContainText('13 of 13 files read · 1 clone × 13 time points');
  await page.getByRole('button', { name: /^Import 13 files/ }).click();
  await expect(page.getByTestId('experiment-summary')).toContainText('1 clones × 13 time points × 1 FOVs', { timeout: 60_000 });
  await expect(page.getByTestId('thumb')).toHaveCount(13);

  await page.reload();
  await expect(page.getByTestId('experiment-summary')).toContainText('1 clones × 13 time points × 1 FOVs');
  await expect(page.getByTestId('thumb')).toHaveCount(13);
  // The 16-bit frame opens, stretched to 8 bits by the documented rule.
  await page.getByTestId('thumb').first().click();
  await expect(page.getByTestId('field-viewer')).toContainText('1024×1022 px · 16-bit · stretched 17651–53901 → 0–255');
});

test('a non-image and a truncated TIFF are named with their problem; good files are kept', async ({ page }) => {
  test.skip(!hasShared, SHARED_MISSING);
  await openApp(page);
  const good = sharedFile('data/phase-contrast/timelapse/t04.tif', 'clone01_t006h_f01.tif');
  const truncated = sharedFile('data/phase-contrast/timelapse/t07.tif', 'clone01_t012h_f01.tif');
  truncated.bytes = truncated.bytes.subarray(0, 300_000);
  const notImage = { name: 'clone01_t018h_f01.png', bytes: Buffer.from('this is a lab note, not an image\n') };
  await dropFiles(page, [good, truncated, notImage]);
  await expect(page.getByTestId('import-summary')).toContainText('3 of 3 files read');
  await page.getByRole('button', { name: /^Import 3 files/ }).click();
  const error = page.getByTestId('message-error');
  await expect(error).toContainText('2 files could not be imported');
  await expect(error).toContainText('clone01_t012h_f01.tif');
  await expect(error).toContainText(/truncated/i);
  await expect(error).toContainText('clone01_t018h_f01.png');
  await expect(error).toContainText(/not an image/i);
  await expect(page.getByTestId('experiment-summary')).toContainText('1 clones × 1 time points × 1 FOVs');
  await page.reload();
  await expect(page.getByTestId('thumb')).toHaveCount(1);
});

test('an experiment backed up to one file restores as a new experiment after deletion', async ({ page }) => {
  test.skip(!hasShared, SHARED_MISSING);
  await openApp(page);
  await dropFiles(page, ['01', '04', '07'].map((f) => sharedFile(`data/phase-contrast/timelapse/t${f}.tif`, `xy01/t${f}.tif`)));
  await page.getByLabel('Pattern preset').selectOption('timelapse');
  await page.getByLabel('Clone of every file').fill('xy01');
  await page.getByRole('button', { name: /^Import 3 files/ }).click();
  await expect(page.getByTestId('thumb')).toHaveCount(3);
  await page.getByLabel('Potency of xy01').fill('9');
  await page.getByLabel('Potency of xy01').blur();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Back up to a file' }).click();
  const path = await (await download).path();
  page.once('dialog', (d) => void d.accept());
  await page.getByRole('button', { name: 'Delete experiment' }).click();
  await expect(page.getByRole('button', { name: 'Open the demo experiment' })).toBeVisible();
  await page.getByTestId('restore-input').setInputFiles(path);
  await expect(page.getByTestId('experiment-name')).toContainText('(restored)');
  await expect(page.getByTestId('thumb')).toHaveCount(3);
  await expect(page.getByLabel('Potency of xy01')).toHaveValue('9');
  await page.getByTestId('thumb').first().click();
  await expect(page.getByTestId('field-viewer')).toContainText('1024×1022 px · 16-bit');
});

test('a second tab on the same experiment is read-only until the first closes', async ({ page, context }) => {
  await openApp(page);
  await openDemo(page, 1);
  const second = await context.newPage();
  await second.goto('/');
  await expect(second.getByTestId('read-only')).toBeVisible();
  await second.getByRole('tab', { name: 'Segmentation' }).click();
  await second.getByRole('button', { name: 'Segment and measure all fields' }).click();
  await expect(second.getByTestId('message-warning')).toContainText('open in another tab');
  await expect(second.getByTestId('tasks')).toHaveCount(0);
  await page.close();
  await expect(second.getByTestId('read-only')).toHaveCount(0);
});
