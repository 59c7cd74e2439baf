/**
 * A tiny test language for the workbench (after excalidraw's `API.drop()` and tldraw's fixtures):
 * tests read like use, and seed state through the UI only where that is what they test.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, type Page } from '@playwright/test';

export const sharedDir = process.env.POTENCY_SHARED_DIR ?? resolve(dirname(fileURLToPath(import.meta.url)), '../../shared');
export const hasShared = existsSync(resolve(sharedDir, 'data/phase-contrast/README.md'));
export const SHARED_MISSING = `../shared (reference data) not found at ${sharedDir}`;
// Specs skip their ../shared tests where it is absent; CI must have it, so there they fail instead.
if (!hasShared && process.env.CI) throw new Error(`${SHARED_MISSING}; CI needs it`);

export interface DropFile {
  /** Relative path as a folder drop would give it. */
  name: string;
  bytes: Buffer;
  type?: string;
}

export function sharedFile(relative: string, name = basename(relative)): DropFile {
  return { name, bytes: readFileSync(resolve(sharedDir, relative)) };
}

/** Drops files on the drop zone, as a user dragging them from the desktop would. */
export async function dropFiles(page: Page, files: DropFile[]): Promise<void> {
  const payload = files.map((f) => ({ name: f.name, type: f.type ?? '', data: f.bytes.toString('base64') }));
  const dataTransfer = await page.evaluateHandle((items) => {
    const dt = new DataTransfer();
    for (const item of items) {
      const raw = atob(item.data);
      const bytes = new Uint8Array(raw.length);
      for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
      dt.items.add(new File([bytes], item.name, { type: item.type }));
    }
    return dt;
  }, payload);
  await page.getByTestId('dropzone').dispatchEvent('drop', { dataTransfer });
}

/** Opens the app on a clean browser profile (Playwright gives each test a fresh context). */
export async function openApp(page: Page): Promise<void> {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Potency Workbench' })).toBeVisible();
}

export async function openDemo(page: Page, fovs = 2): Promise<void> {
  await page.getByLabel('Demo FOVs').fill(String(fovs));
  await page.getByRole('button', { name: 'Open the demo experiment' }).click();
  await expect(page.getByTestId('experiment-name')).toContainText('Demo experiment');
  // Thumbnails drawn: the progress bar comes and goes.
  await expect(page.getByTestId('tasks')).toHaveCount(0, { timeout: 90_000 });
}

/** Segments and measures every field of the open experiment and waits for the end. */
export async function runBatchToEnd(page: Page): Promise<void> {
  await page.getByRole('tab', { name: 'Segmentation' }).click();
  await page.getByRole('button', { name: 'Segment and measure all fields' }).click();
  await expect(page.getByTestId('message-info').filter({ hasText: 'Segmentation finished' })).toBeVisible({ timeout: 180_000 });
}
