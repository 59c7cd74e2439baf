import { expect, test } from '@playwright/test';
import { openApp, openDemo } from './helpers';

test.use({ serviceWorkers: 'allow' });

test('the app installs for offline use and runs the demo with the network gone', async ({ page, context }) => {
  await openApp(page);
  const manifest = await page.evaluate(async () => {
    const link = document.querySelector<HTMLLinkElement>('link[rel="manifest"]');
    return link ? ((await (await fetch(link.href)).json()) as { name: string; start_url: string; display: string }) : null;
  });
  expect(manifest).toMatchObject({ name: 'Potency Workbench', start_url: '/', display: 'standalone' });

  // The service worker installs (every file cached) and takes control of the page.
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller), { timeout: 60_000 }).toBe(true);
  const cached = await page.evaluate(async () => {
    const names = (await caches.keys()).filter((k) => k.startsWith('potency-workbench-'));
    const cache = await caches.open(names[0]!);
    return { caches: names.length, urls: (await cache.keys()).map((r) => r.url) };
  });
  expect(cached.caches).toBe(1);
  const origin = new URL(page.url()).origin;
  const paths = cached.urls.map((u) => new URL(u));
  // Only the app's own files: same origin, the build's assets, wasm, model and icons.
  expect(paths.every((u) => u.origin === origin)).toBe(true);
  expect(paths.map((u) => u.pathname)).toEqual(expect.arrayContaining(['/index.html', '/models/segmenter.onnx', '/ort/ort-wasm-simd-threaded.wasm']));
  expect(paths.every((u) => /^\/(index\.html|assets\/|ort\/|models\/|favicon\.svg|manifest\.webmanifest)/.test(u.pathname))).toBe(true);

  // Offline: the app reloads from the cache, and the demo opens (workers, OpenCV.js) and segments.
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Potency Workbench' })).toBeVisible();
  await openDemo(page, 1);
  await page.getByRole('tab', { name: 'Segmentation' }).click();
  await expect(page.getByTestId('cell-count')).toHaveText(/^\d+ cells$/, { timeout: 60_000 });
  const cells = Number((await page.getByTestId('cell-count').textContent())!.split(' ')[0]);
  expect(cells).toBeGreaterThan(5);
  await context.setOffline(false);
});
