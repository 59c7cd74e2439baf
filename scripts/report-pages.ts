/**
 * Prints a report to PDF in Debian's Chromium, as the browser's Print → Save as PDF does (A4, the
 * report's own @page rules), and says how many pages it has.
 *   npx tsx scripts/report-pages.ts REPORT.html [--out REPORT.pdf]
 * For the paper-scale demo: npm run cli -- demo --report /tmp/dr16 --fovs 16, then this on
 * /tmp/dr16/report.html (docs/analysis.md quotes the figure).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { parseArgs, stringOption } from '../src/cli/args';

const parsed = parseArgs(process.argv.slice(2), [], ['out']);
const file = parsed.positional[0];
if (!file) {
  console.error('usage: npx tsx scripts/report-pages.ts REPORT.html [--out REPORT.pdf]');
  process.exit(2);
}
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage();
  await page.setContent(readFileSync(file, 'utf8'));
  await page.emulateMedia({ media: 'print' });
  const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true });
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? []).length;
  const out = stringOption(parsed, 'out');
  if (out) writeFileSync(out, pdf);
  console.log(JSON.stringify({ report: file, pages, pdfKB: Math.round(pdf.length / 1024) }));
} finally {
  await browser.close();
}
