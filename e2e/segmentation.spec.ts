import { expect, test } from '@playwright/test';
import { dropFiles, hasShared, openApp, openDemo, runBatchToEnd, SHARED_MISSING, sharedFile } from './helpers';

test('segmentation view on a real field: changing a parameter changes the cell count', async ({ page }) => {
  test.skip(!hasShared, SHARED_MISSING);
  await openApp(page);
  await dropFiles(page, [sharedFile('data/phase-contrast/fields/set18/raw.tif', 'set18_t006h_f01.tif')]);
  await page.getByLabel('File-name pattern').fill('*_t{time}h_f{fov}');
  await page.getByLabel('Clone of every file').fill('set18');
  await page.getByRole('button', { name: /^Import 1 file/ }).click();
  await expect(page.getByTestId('thumb')).toHaveCount(1);

  await page.getByRole('tab', { name: 'Segmentation' }).click();
  // Imported fields open with the learned method; these are the classical method's sliders.
  await expect(page.getByRole('radio', { name: 'Learned (trained network)' })).toBeChecked();
  await page.getByRole('radio', { name: "Classical eight steps (the paper's)" }).check();
  const count = page.getByTestId('cell-count');
  await expect(count).toHaveText(/^\d+ cells$/, { timeout: 60_000 });
  const before = Number((await count.textContent())!.split(' ')[0]);
  expect(before).toBeGreaterThan(10);

  // A much larger minimum cell area must drop cells.
  await page.getByLabel('Min cell area (px)', { exact: true }).fill('4000');
  await expect(count).not.toHaveText(`${before} cells`, { timeout: 60_000 });
  const after = Number((await count.textContent())!.split(' ')[0]);
  expect(after).toBeLessThan(before);
  await expect(page.getByTestId('params-state')).toContainText('unsaved changes');

  // Each step's picture can be shown; undo restores the count.
  await page.getByLabel('Preview layer').selectOption('texture');
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(count).toHaveText(`${before} cells`, { timeout: 60_000 });
  await page.getByLabel('Min cell area (px)', { exact: true }).fill('800');
  await page.getByRole('button', { name: 'Save to experiment' }).click();
  await expect(page.getByTestId('params-state')).toHaveText(/^saved ·/);
  await page.reload();
  await page.getByRole('tab', { name: 'Segmentation' }).click();
  await expect(page.getByRole('radio', { name: "Classical eight steps (the paper's)" })).toBeChecked();
  await expect(page.getByLabel('Min cell area (px)', { exact: true })).toHaveValue('800');
});

test('the batch run on the demo resumes after a reload and keeps finished fields', async ({ page }) => {
  await openApp(page);
  await openDemo(page, 2);
  await page.getByRole('tab', { name: 'Segmentation' }).click();
  await page.getByRole('button', { name: 'Segment and measure all fields' }).click();
  const status = page.getByTestId('batch-status');
  // Wait until some, not all, of the 450 fields are stored, then reload mid-run.
  await expect(status).toContainText(/^([1-9]\d) of 450 fields measured/, { timeout: 90_000 });
  const doneBefore = Number((await status.textContent())!.split(' ')[0]);
  await page.reload();
  await expect(page.getByTestId('message-info').filter({ hasText: 'Resuming the interrupted segmentation run' })).toBeVisible();
  const resumedFrom = await page.getByTestId('message-info').filter({ hasText: 'Resuming' }).textContent();
  const kept = Number(/: (\d+) of 450 fields were already done/.exec(resumedFrom ?? '')?.[1]);
  expect(kept).toBeGreaterThanOrEqual(doneBefore);
  await page.getByRole('tab', { name: 'Segmentation' }).click();
  await expect(status).toContainText(/^(\d+) of 450/, { timeout: 30_000 });
  // Cancel the rest to keep the test short; what was done stays.
  await page.getByTestId('tasks').getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByTestId('message-info').filter({ hasText: 'Segmentation cancelled' })).toBeVisible();
  const final = Number((await status.textContent())!.split(' ')[0]);
  expect(final).toBeGreaterThanOrEqual(kept);
  await expect(page.getByTestId('qc-table')).toBeVisible();
});

test('the disk filling up mid-run stops the run with the numbers; stored fields are kept and the run continues later', async ({ page }) => {
  // The browser's quota error, raised by IndexedDB for measurement writes once `diskFull` is set.
  await page.addInitScript(() => {
    const w = window as unknown as { diskFull?: boolean };
    const realPut = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      if (w.diskFull && this.name === 'measurements') throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return realPut.apply(this, args);
    };
  });
  await openApp(page);
  await openDemo(page, 2);
  await page.getByRole('tab', { name: 'Segmentation' }).click();
  await page.getByRole('button', { name: 'Segment and measure all fields' }).click();
  const status = page.getByTestId('batch-status');
  await expect(status).toContainText(/^([1-9]\d) of 450 fields measured/, { timeout: 90_000 });
  await page.evaluate(() => ((window as unknown as { diskFull: boolean }).diskFull = true));

  const error = page.getByTestId('message-error').filter({ hasText: 'Browser storage is full' });
  await expect(error).toBeVisible({ timeout: 30_000 });
  await expect(error).toContainText(/Browser storage is full: .+ of .+ used/);
  await expect(error).toContainText(/Segmentation stopped after \d+ of 450 fields; every finished field is kept/);
  const stopped = Number(/stopped after (\d+) of 450/.exec((await error.textContent()) ?? '')?.[1]);
  expect(stopped).toBeGreaterThan(9);
  await expect(page.getByTestId('tasks')).toHaveCount(0);
  await expect(status).toContainText(`${stopped} of 450 fields measured`);

  // Space freed (a reload drops the simulated full disk): every stored field is still there, the
  // run is not resumed on its own, and "Continue segmentation" goes on from where it stopped.
  await page.reload();
  await page.getByRole('tab', { name: 'Segmentation' }).click();
  await expect(status).toContainText(`${stopped} of 450 fields measured`);
  await page.getByRole('button', { name: 'Continue segmentation' }).click();
  await expect(status).toContainText(/^(\d+) of 450/, { timeout: 30_000 });
  await expect
    .poll(async () => Number((await status.textContent())!.split(' ')[0]), { timeout: 60_000 })
    .toBeGreaterThan(stopped);
  await page.getByTestId('tasks').getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByTestId('message-info').filter({ hasText: 'Segmentation cancelled' })).toBeVisible();
});

test('a worker that crashes is replaced and its field retried once; a field that crashes twice is named and the run goes on', async ({ page }) => {
  // A real uncaught error inside the real image worker: the job message for a chosen field is swapped
  // for one that comlink's handler throws on (argumentList is not an array), so the browser fires
  // the worker's `error` event as it would for an out-of-memory abort.
  await page.addInitScript(() => {
    const crashesLeft: Record<string, number> = { 'clone01|6|1': 1, 'clone02|6|1': 2 };
    const RealWorker = window.Worker;
    window.Worker = class extends RealWorker {
      override postMessage(message: unknown, transfer?: Transferable[] | StructuredSerializeOptions): void {
        const m = message as {
          type?: string;
          path?: string[];
          argumentList?: { value?: { demo?: { clone: string; timeH: number; fov: number } } }[];
        };
        const demo =
          m?.type === 'APPLY' && m.path?.[0] === 'measureField' ? m.argumentList?.[0]?.value?.demo : undefined;
        const key = demo && `${demo.clone}|${demo.timeH}|${demo.fov}`;
        if (key && (crashesLeft[key] ?? 0) > 0) {
          crashesLeft[key]!--;
          super.postMessage({ argumentList: 5 });
          return;
        }
        super.postMessage(message, transfer as Transferable[]);
      }
    };
  });
  await openApp(page);
  await openDemo(page, 1);
  await runBatchToEnd(page);
  const finished = page.getByTestId('message-info').filter({ hasText: 'Segmentation finished' });
  // clone01's field crashed once and was measured on the retry; clone02's crashed twice.
  await expect(finished).toContainText('224 of 225 fields measured');
  await expect(finished).toContainText('3 worker crashes: each crashed field was retried once on a fresh worker.');
  const error = page.getByTestId('message-error').filter({ hasText: 'could not be segmented' });
  await expect(error).toContainText('1 field could not be segmented (the others were)');
  await expect(error).toContainText('clone02_t006h_f01.png: the worker crashed');
  await expect(error).not.toContainText('clone01_t006h_f01.png');
  await expect(page.getByTestId('batch-status')).toContainText('224 of 225 fields measured');
});
