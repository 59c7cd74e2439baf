/**
 * Storage that keeps its promises, in Chromium: a disk that fills up in the middle of an import
 * stops the import and names every file that was not stored (none vanish unnamed), keeping the
 * batches written before it.
 */
import { expect, test } from '@playwright/test';
import { encode } from 'fast-png';
import { dropFiles, openApp, type DropFile } from './helpers';

function tinyPng(seed: number): Buffer {
  const size = 24;
  const data = new Uint8Array(size * size);
  for (let i = 0; i < data.length; i++) data[i] = (i * seed + (i >> 4) * 13 + seed * 7) % 256;
  return Buffer.from(encode({ width: size, height: size, data, channels: 1, depth: 8 }));
}

test('a full disk in the middle of an import stops it and names the files not stored', async ({ page }) => {
  // The browser's quota error for every image's bytes after the first 12 (the first batch).
  await page.addInitScript(() => {
    let stored = 0;
    const realPut = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      if (this.name === 'imageBytes' && ++stored > 12) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return realPut.apply(this, args);
    };
  });
  await openApp(page);
  const files: DropFile[] = [];
  for (let clone = 1; clone <= 4; clone++)
    for (let fov = 1; fov <= 10; fov++) files.push({ name: `clone0${clone}_t006h_f${String(fov).padStart(2, '0')}.png`, bytes: tinyPng(clone * 100 + fov) });
  await dropFiles(page, files);
  await expect(page.getByTestId('import-summary')).toContainText('40 of 40 files read');
  await page.getByRole('button', { name: /^Import 40 files/ }).click();

  const error = page.getByTestId('message-error').filter({ hasText: 'Import stopped' });
  await expect(error).toBeVisible({ timeout: 60_000 });
  await expect(error).toContainText(/Import stopped: Browser storage is full/);
  await expect(error).toContainText('The 12 images stored before this are kept; 28 files were not stored:');
  await expect(page.getByTestId('message-info').filter({ hasText: 'Imported 12 images' })).toContainText('before the storage was full');
  // No file is reported as a decoding failure, and every file is either stored or named.
  await expect(page.getByTestId('message-error').filter({ hasText: 'could not be imported' })).toHaveCount(0);
  const text = (await error.textContent()) ?? '';
  const stored = (await page.evaluate(`new Promise((resolve, reject) => {
    const open = indexedDB.open('potency-workbench');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const r = open.result.transaction('images').objectStore('images').getAll();
      r.onsuccess = () => resolve(r.result.map((i) => i.fileName));
      r.onerror = () => reject(r.error);
    };
  })`)) as string[];
  expect(stored).toHaveLength(12);
  for (const f of files) {
    const named = text.includes(`• ${f.name}`);
    expect(named !== stored.includes(f.name), `${f.name}: stored ${stored.includes(f.name)}, named ${named}`).toBe(true);
  }
});
