import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { openApp, openDemo, runBatchToEnd } from './helpers';

const passages = async (texts: Promise<string[]>) => (await texts).map((t) => (/^\d+$/.test(t.trim()) ? Number(t) : null));

test('Bank plan: train, open the plan, change the reserve (b* and vials move), export it in the report, kept after a reload', async ({ page }) => {
  test.setTimeout(300_000);
  await openApp(page);
  await openDemo(page, 2);
  await runBatchToEnd(page);
  await page.getByRole('tab', { name: 'Ranking' }).click();
  await page.getByRole('button', { name: 'Train on all labelled clones' }).click();
  await expect(page.getByTestId('ranking-table').locator('tbody tr')).toHaveCount(15, { timeout: 120_000 });

  const plan = page.getByTestId('bank-plan');
  await expect(plan).toBeVisible();
  await expect(plan.getByTestId('plan-table').locator('tbody tr')).toHaveCount(15);
  await expect(plan.getByTestId('plan-plot')).toBeVisible();
  await expect(plan.getByTestId('plan-portfolio')).toContainText('vials');
  await expect(page.getByLabel('Reserve passages')).toHaveValue('3');
  const bCells = plan.locator('[data-testid^="plan-b-"]');
  const vCells = plan.locator('[data-testid^="plan-vials-"]');
  const b3 = await passages(bCells.allInnerTexts());
  const v3 = await vCells.allInnerTexts();
  expect(b3.filter((b) => b !== null).length).toBeGreaterThan(0);

  await page.getByLabel('Reserve passages').fill('5');
  await expect.poll(async () => (await vCells.allInnerTexts()).join('|')).not.toBe(v3.join('|'));
  const b5 = await passages(bCells.allInnerTexts());
  // Two more passages in reserve: every clone still banked is banked two passages earlier (the demo's folds are > 1).
  b5.forEach((b, i) => {
    if (b !== null) expect(b).toBe(b3[i]! - 2);
  });
  expect(b5.filter((b) => b !== null).length).toBeLessThanOrEqual(b3.filter((b) => b !== null).length);
  await expect(plan.getByText('do not bank').first()).toBeVisible();

  const report = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export report (HTML)' }).click();
  const html = readFileSync(await (await report).path(), 'utf8');
  expect(html).toContain('<h2>Bank plan</h2>');
  expect(html).toContain('<th scope="row">Reserve R</th><td>5 passages</td>');
  expect(html).toContain('Portfolio:');
  expect(html).toContain('Cumulative cells by passage (bank plan)');

  await page.reload();
  await page.getByRole('tab', { name: 'Ranking' }).click();
  await expect(page.getByLabel('Reserve passages')).toHaveValue('5', { timeout: 120_000 });
});
