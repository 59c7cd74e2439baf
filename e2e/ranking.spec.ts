import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { openApp, openDemo, runBatchToEnd } from './helpers';

test('Ranking: hold out 3 clones, train, threshold, pin, export HTML report, CSV and model JSON, re-import; a mismatched model is refused', async ({ page, context }) => {
  test.setTimeout(300_000);
  await openApp(page);
  await openDemo(page, 2);
  // Hold out three clones' potencies: they become clones to predict.
  for (const id of ['clone03', 'clone08', 'clone13']) {
    const input = page.getByLabel(`Potency of ${id}`);
    await input.fill('');
    await input.blur();
  }
  await expect(page.getByText('12 of 15 with a known potency')).toBeVisible();
  await runBatchToEnd(page);
  await page.getByRole('tab', { name: 'Ranking' }).click();
  await page.getByRole('button', { name: 'Train on all labelled clones' }).click();
  await expect(page.getByTestId('model-summary')).toContainText('leave-one-out RMSE', { timeout: 120_000 });
  await expect(page.getByTestId('ranking-table').locator('tbody tr')).toHaveCount(15, { timeout: 120_000 });
  await expect(page.getByTestId('rank-row-clone08')).toContainText('to predict');
  await expect(page.getByTestId('rank-row-clone08')).toContainText(/\d+\.\d\d \[\d+\.\d\d, \d+\.\d\d\]/);

  await page.getByLabel('Banking threshold').fill('10.5');
  await page.getByLabel('Pin clone03').check();
  await expect(page.getByTestId('banking-decision')).toContainText('clone03');
  await page.getByTestId('rank-row-clone08').click();
  await expect(page.getByTestId('contributions')).toContainText('baseline');

  const csv = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export predictions (CSV)' }).click();
  const csvText = readFileSync(await (await csv).path(), 'utf8');
  expect(csvText.split('\n')[0]).toBe('rank,clone,label,group,predicted,lo,hi,measured,bank,pinned,excluded,notes');

  const modelDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export model (JSON)' }).click();
  const modelPath = await (await modelDownload).path();
  const model = JSON.parse(readFileSync(modelPath, 'utf8'));
  expect(model.format).toBe('potency-workbench-model');

  const report = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export report (HTML)' }).click();
  const reportPath = await (await report).path();
  const html = readFileSync(reportPath, 'utf8');
  expect(html).toContain('Ranking and banking decision');

  // The report opens with no network request and prints to PDF.
  const viewer = await context.newPage();
  const requests: string[] = [];
  viewer.on('request', (r) => requests.push(r.url()));
  await viewer.setContent(html);
  await expect(viewer.getByRole('heading', { name: 'Ranking and banking decision' })).toBeVisible();
  expect(requests.filter((u) => !u.startsWith('data:') && u !== 'about:blank')).toEqual([]);
  const pdf = await viewer.pdf({ format: 'A4' });
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  await viewer.close();

  // Re-import the exported model: accepted. A model from other segmentation parameters: refused.
  await page.getByTestId('model-input').setInputFiles(modelPath);
  await expect(page.getByTestId('message-info').filter({ hasText: 'model (6–' })).toBeVisible();
  const wrong = { ...model, segmentation: { ...model.segmentation, paramsHash: '0000000000000000' } };
  await page.getByTestId('model-input').setInputFiles({ name: 'other-lab-model.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(wrong)) });
  await expect(page.getByTestId('message-error').filter({ hasText: 'other-lab-model.json cannot score this experiment' })).toContainText('segmentation parameters 0000000000000000');

  // The choices survive a reload.
  await page.reload();
  await page.getByRole('tab', { name: 'Ranking' }).click();
  await expect(page.getByLabel('Banking threshold')).toHaveValue('10.5');
  await expect(page.getByLabel('Pin clone03')).toBeChecked();

  // A new batch of clones (another demo seed), imaged and segmented the same way: the model scores it.
  await page.getByLabel('Experiment', { exact: true }).selectOption('');
  await page.getByLabel('Demo seed').fill('2');
  await openDemo(page, 2);
  await runBatchToEnd(page);
  await page.getByRole('tab', { name: 'Ranking' }).click();
  await page.getByTestId('model-input').setInputFiles(modelPath);
  await expect(page.getByTestId('message-info').filter({ hasText: 'model (6–' })).toBeVisible();
  await expect(page.getByTestId('ranking-table').locator('tbody tr')).toHaveCount(15, { timeout: 120_000 });
  await expect(page.getByTestId('model-summary')).toContainText('segmentation');
});
