import { expect, test } from '@playwright/test';
import { exampleReportData } from '../src/core/report/exampleReportData';
import { buildReportHtml } from '../src/core/report/report';

/** Pages of a PDF: its page objects (`/Type /Page`, not `/Pages`). */
const pageCount = (pdf: Buffer) => (pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? []).length;

test('the printed report stays short at paper scale: the 3,600-image table is an on-screen appendix and a CSV', async ({ page }) => {
  const data = exampleReportData(16);
  await page.setContent(buildReportHtml(data));
  // On screen the appendix opens and lists every image.
  const appendix = page.locator('details.appendix');
  await appendix.locator('summary').click();
  await expect(appendix.locator('tbody tr')).toHaveCount(3600);
  // Printed (A4, as the browser's Print → PDF), even opened, it is left out.
  await page.emulateMedia({ media: 'print' });
  const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true });
  const pages = pageCount(pdf);
  console.log(`report of 15 clones × 15 time points × 16 FOVs: ${pages} printed pages`);
  expect(pages).toBeGreaterThan(3);
  expect(pages).toBeLessThanOrEqual(20);
});
