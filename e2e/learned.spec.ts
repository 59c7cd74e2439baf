/**
 * The learned segmentation in Chromium: the default for imported fields, beside the classical
 * eight steps in the same view; a batch over the 13 time-lapse frames survives a reload; the
 * model and onnxruntime's wasm come from the app's own origin only.
 */
import { expect, test, type Page, type Request } from '@playwright/test';
import { dropFiles, hasShared, openApp, SHARED_MISSING, sharedFile } from './helpers';

const FRAMES = ['01', '04', '07', '10', '13', '16', '19', '22', '25', '28', '31', '34', '37'];

async function importFrames(page: Page, frames: readonly string[]): Promise<void> {
  await dropFiles(page, frames.map((f) => sharedFile(`data/phase-contrast/timelapse/t${f}.tif`, `xy01/t${f}.tif`)));
  await page.getByLabel('Pattern preset').selectOption('timelapse');
  await page.getByLabel('Clone of every file').fill('xy01');
  await page.getByRole('button', { name: new RegExp(`^Import ${frames.length} file`) }).click();
  await expect(page.getByTestId('thumb')).toHaveCount(frames.length, { timeout: 60_000 });
}

async function cellCount(page: Page): Promise<number> {
  return Number((await page.getByTestId('cell-count').textContent())!.split(' ')[0]);
}

/** Only the app's origin (127.0.0.1), data: and blob: URLs. */
function foreignRequests(requests: readonly Request[], origin: string): string[] {
  return requests
    .map((r) => r.url())
    .filter((url) => !url.startsWith('data:') && !url.startsWith('blob:') && new URL(url).origin !== origin);
}

test('learned segmentation: the default for imported fields, beside the classical method; a batch of 13 frames resumes after a reload; nothing leaves the origin', async ({
  page,
  context,
  baseURL,
}) => {
  test.skip(!hasShared, SHARED_MISSING);
  test.setTimeout(420_000);
  const origin = new URL(baseURL!).origin;
  expect(origin).toMatch(/^http:\/\/127\.0\.0\.1:/);
  // The context sees the page's and its workers' requests.
  const requests: Request[] = [];
  context.on('request', (r) => requests.push(r));

  await openApp(page);
  await importFrames(page, FRAMES);
  // A selected field is previewed: the first frame.
  await page.getByTestId('thumb').first().click();
  await page.getByRole('tab', { name: 'Segmentation' }).click();

  const learned = page.getByRole('radio', { name: 'Learned (trained network)' });
  const classical = page.getByRole('radio', { name: "Classical eight steps (the paper's)" });
  await expect(learned).toBeChecked();
  // The frames state their pixel size (Nikon tag 65326), which the learned method then uses.
  await expect(page.getByLabel('Pixel size (µm/px)')).toHaveValue('0.8708');
  await expect(page.getByTestId('model-card')).toContainText(/SHA-256 [0-9a-f]{16}/);
  // Learned settings are shown, the classical sliders are not.
  await expect(page.getByLabel('Foreground probability', { exact: true })).toBeVisible();
  await expect(page.getByLabel('Otsu scale', { exact: true })).toHaveCount(0);

  const count = page.getByTestId('cell-count');
  await expect(count).toHaveText(/^\d+ cells$/, { timeout: 120_000 });
  await expect(page.getByRole('alert')).toHaveCount(0);
  const learnedCells = await cellCount(page);
  expect(learnedCells).toBeGreaterThanOrEqual(30);
  expect(learnedCells).toBeLessThanOrEqual(120);
  await expect(page.getByTitle('Segmentation preview')).toBeVisible();
  await expect(page.getByTestId('params-state')).toHaveText(/^saved ·/);

  // The network's probability maps are the learned method's steps.
  const layer = page.getByLabel('Preview layer');
  for (const step of ['foreground', 'interior', 'boundary', 'distance']) await expect(layer.locator(`option[value="${step}"]`)).toHaveCount(1);
  await expect(layer.locator('option[value="texture"]')).toHaveCount(0);
  await layer.selectOption('boundary');
  await expect(page.getByTitle('Segmentation preview')).toBeVisible();
  await expect(page.getByTestId('cell-count')).toHaveText(`${learnedCells} cells`, { timeout: 60_000 });
  await layer.selectOption('outlines');

  // The classical eight steps give another count; their sliders appear.
  await classical.check();
  await expect(page.getByLabel('Otsu scale', { exact: true })).toBeVisible();
  await expect(page.getByLabel('Foreground probability', { exact: true })).toHaveCount(0);
  await expect(page.getByTestId('params-state')).toContainText('unsaved changes');
  await expect(count).not.toHaveText(`${learnedCells} cells`, { timeout: 60_000 });
  await expect(count).toHaveText(/^\d+ cells$/, { timeout: 60_000 });
  const classicalCells = await cellCount(page);
  expect(classicalCells).toBeGreaterThan(0);
  expect(classicalCells).not.toBe(learnedCells);
  await expect(layer.locator('option[value="texture"]')).toHaveCount(1);
  test.info().annotations.push({ type: 't01 cells', description: `learned ${learnedCells}, classical ${classicalCells}` });

  // Back to learned: the same count, and the draft equals the saved defaults again.
  await learned.check();
  await expect(count).toHaveText(`${learnedCells} cells`, { timeout: 60_000 });
  await expect(page.getByTestId('params-state')).toHaveText(/^saved ·/);

  // The batch runs with the learned method (the experiment's default); a reload mid-run resumes it.
  await page.getByRole('button', { name: 'Segment and measure all fields' }).click();
  const status = page.getByTestId('batch-status');
  await expect(status).toContainText(/^([1-9]|1[0-2]) of 13 fields measured/, { timeout: 180_000 });
  const doneBefore = Number((await status.textContent())!.split(' ')[0]);
  await page.reload();
  const resumed = page.getByTestId('message-info').filter({ hasText: 'Resuming the interrupted segmentation run' });
  await expect(resumed).toBeVisible({ timeout: 30_000 });
  const kept = Number(/: (\d+) of 13 fields were already done/.exec((await resumed.textContent()) ?? '')?.[1]);
  expect(kept).toBeGreaterThanOrEqual(doneBefore);
  expect(kept).toBeLessThan(13);
  await expect(page.getByTestId('message-info').filter({ hasText: 'Segmentation finished' })).toBeVisible({ timeout: 240_000 });
  await expect(page.getByTestId('message-error')).toHaveCount(0);
  await page.getByRole('tab', { name: 'Segmentation' }).click();
  await expect(status).toContainText(/^13 of 13 fields measured with the saved parameters/);
  await expect(page.getByTestId('qc-table')).toBeVisible();
  const cells = Number(/· (\d+) cells/.exec((await status.textContent()) ?? '')?.[1]);
  expect(cells).toBeGreaterThan(13 * 20);

  // The model and onnxruntime's wasm were fetched, from this origin; nothing went elsewhere.
  const urls = requests.map((r) => r.url());
  expect(urls.some((u) => u.endsWith('/models/segmenter.onnx')), 'the model request was seen').toBe(true);
  expect(urls.some((u) => /\/ort\/.*\.wasm$/.test(u)), "onnxruntime's wasm request was seen").toBe(true);
  expect(foreignRequests(requests, origin), 'requests to other hosts').toEqual([]);
  const sending = requests.filter((r) => r.method() !== 'GET' || r.postData() !== null);
  expect(sending.map((r) => `${r.method()} ${r.url()}`), 'requests that carry data').toEqual([]);
});

test('a model that cannot load is said plainly; the classical method still works', async ({ page }) => {
  test.skip(!hasShared, SHARED_MISSING);
  await page.route('**/models/segmenter.onnx', (route) => route.fulfill({ status: 404, body: 'not here' }));
  await openApp(page);
  await importFrames(page, ['01']);
  await page.getByRole('tab', { name: 'Segmentation' }).click();
  const error = page.getByTestId('message-error');
  await expect(error).toContainText('The segmentation model could not be loaded', { timeout: 120_000 });
  await expect(error).toContainText('HTTP 404');
  await page.getByRole('radio', { name: "Classical eight steps (the paper's)" }).check();
  await expect(page.getByTestId('cell-count')).toHaveText(/^\d+ cells$/, { timeout: 60_000 });
});
