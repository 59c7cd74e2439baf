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
  // The numbers, not just the labels: nested LOOCV RMSE of the final model, the predictions, and
  // the banking outcome at 10.5 passages (seeded: the same on every run).
  const summary = (await page.getByTestId('model-summary').textContent())!;
  const loocv = Number(/leave-one-out RMSE (\d+\.\d+)/.exec(summary)![1]);
  expect(loocv).toBeGreaterThan(0.2);
  expect(loocv).toBeLessThan(1.0);
  const rows = csvText.trim().split('\n').slice(1).map((l) => l.split(','));
  expect(rows).toHaveLength(15);
  const predicted = rows.map((r) => Number(r[4]));
  expect(predicted.every((v) => v > 6 && v < 14)).toBe(true);
  for (const row of rows) {
    expect(Number(row[5])).toBeLessThan(Number(row[4]));
    expect(Number(row[6])).toBeGreaterThan(Number(row[4]));
  }
  const labelled = rows.filter((r) => r[7] !== '');
  expect(labelled.map((r) => r[1]).sort()).toEqual(['clone01', 'clone02', 'clone04', 'clone05', 'clone06', 'clone07', 'clone09', 'clone10', 'clone11', 'clone12', 'clone14', 'clone15']);
  const measured = labelled.map((r) => Number(r[7]));
  expect(Math.min(...measured)).toBe(7);
  expect(Math.max(...measured)).toBe(13);
  // Ranked by prediction, the labelled clones keep their measured order closely (Pearson r > 0.9).
  const fit = labelled.map((r) => Number(r[4]));
  const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
  const [mf, mm] = [mean(fit), mean(measured)];
  const pearson = fit.reduce((s, f, i) => s + (f - mf) * (measured[i]! - mm), 0) / Math.sqrt(fit.reduce((s, f) => s + (f - mf) ** 2, 0) * measured.reduce((s, m) => s + (m - mm) ** 2, 0));
  expect(pearson).toBeGreaterThan(0.9);
  expect(rows.filter((row) => row[8] === 'true').map((row) => row[1]).sort()).toEqual(['clone02', 'clone03', 'clone05', 'clone09']);

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
