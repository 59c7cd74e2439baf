/**
 * Physical units in Chromium: the ../shared time-lapse TIFFs state 0.8708 µm/px (Nikon tag 65326);
 * importing them says so, the viewer and the Segmentation tab show it with its source and the
 * file's bit depth, and after a batch run Explore's axes and the per-cell CSV give area in µm².
 */
import { expect, test } from '@playwright/test';
import { dropFiles, hasShared, openApp, SHARED_MISSING, sharedFile } from './helpers';

const FRAMES = ['01', '04'];
const UM = 0.8708;

test('time-lapse TIFFs: 0.8708 µm/px read from the file; Explore and the per-cell CSV in µm²', async ({ page }) => {
  test.skip(!hasShared, SHARED_MISSING);
  test.setTimeout(480_000);
  await openApp(page);
  await dropFiles(page, FRAMES.map((f) => sharedFile(`data/phase-contrast/timelapse/t${f}.tif`, `xy01/t${f}.tif`)));
  await page.getByLabel('Pattern preset').selectOption('timelapse');
  await page.getByLabel('Clone of every file').fill('xy01');
  await page.getByRole('button', { name: new RegExp(`^Import ${FRAMES.length} file`) }).click();
  await expect(page.getByTestId('thumb')).toHaveCount(FRAMES.length, { timeout: 60_000 });

  // The import says what it read, from which file and tag.
  await expect(
    page.getByTestId('message-info').filter({ hasText: 'Pixel size 0.8708 µm/px (Nikon NIS-Elements tag 65326), read from xy01/t01.tif' }),
  ).toBeVisible();

  // The viewer states the pixel size with its source, and the bit depth.
  await page.getByTestId('thumb').first().click();
  await expect(page.getByTestId('field-pixel-size')).toHaveText('Pixel size 0.8708 µm/px, read from xy01/t01.tif (Nikon NIS-Elements tag 65326)');
  await expect(page.getByTestId('field-bit-depth')).toContainText(/16-bit \(values [\d,]+–65,535\); the 16 → 8-bit rule/);
  await expect(page.getByTestId('field-units')).toContainText('892 µm wide');

  // The Segmentation tab uses it (the learned method resizes by it) and says where it came from.
  await page.getByRole('tab', { name: 'Segmentation' }).click();
  await expect(page.getByLabel('Pixel size (µm/px)')).toHaveValue(String(UM));
  await expect(page.getByTestId('pixel-size-source')).toContainText('0.8708 µm/px, read from xy01/t01.tif (Nikon NIS-Elements tag 65326)');
  await expect(page.getByTestId('params-state')).toContainText('saved');

  // The objective + camera presets compute a size: 10× · 1.5× intermediate · ORCA-Flash4.0 · 2×2 = 0.8667.
  await page.getByRole('button', { name: 'from objective + camera…' }).click();
  await page.getByLabel('Objective').selectOption('10');
  await page.getByLabel('Intermediate magnification').fill('1.5');
  await page.getByLabel('Binning').selectOption('2');
  await expect(page.getByRole('button', { name: 'Use 0.8667 µm/px' })).toBeVisible();

  await page.getByRole('button', { name: 'Segment and measure all fields' }).click();
  await expect(page.getByTestId('message-info').filter({ hasText: 'Segmentation finished' })).toBeVisible({ timeout: 240_000 });

  // Explore: the units line and the axis titles.
  await page.getByRole('tab', { name: 'Explore' }).click();
  await expect(page.getByTestId('explore-units')).toContainText('Lengths in µm, areas in µm²');
  await expect(page.getByTestId('explore-units')).toContainText('pixel size 0.8708 µm/px, read from xy01/t01.tif');
  const kde = page.getByTestId('kde-plot');
  await expect(kde.locator('.xtitle')).toHaveText('log10 area (µm²)', { timeout: 60_000 });
  await expect(page.getByTestId('group-plot').locator('.ytitle')).toHaveText('log10 area (µm²)');
  await expect(page.getByText("area > 200 px (152 µm², the paper's filter)")).toBeVisible();
  await page.getByLabel('KDE descriptor').selectOption('perimeter');
  await expect(kde.locator('.xtitle')).toHaveText('perimeter (µm)');

  // The per-cell CSV: pixels kept, µm and µm² beside them. Headless Chromium cannot answer the
  // native save dialog, so the page is made to take its other path, a download (as in Firefox).
  await page.evaluate(() => {
    (window as unknown as { showSaveFilePicker?: unknown }).showSaveFilePicker = undefined;
  });
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export per-cell CSV' }).click();
  const file = await download;
  const text = Buffer.concat(await (await file.createReadStream()).toArray()).toString('utf8');
  const [header, ...rows] = text.trim().split('\n').map((l) => l.split(','));
  expect(header!.slice(-5)).toEqual(['area_um2', 'perimeter_um', 'length_um', 'breadth_um', 'um_per_px']);
  expect(header).toContain('area');
  expect(rows.length).toBeGreaterThan(20);
  const col = (name: string) => header!.indexOf(name);
  for (const r of rows) {
    expect(r[col('um_per_px')]).toBe(String(UM));
    expect(Number(r[col('area_um2')]) / (Number(r[col('area')]) * UM * UM)).toBeCloseTo(1, 6);
    expect(Number(r[col('length_um')]) / (Number(r[col('length')]) * UM)).toBeCloseTo(1, 6);
  }
  test.info().annotations.push({ type: 'cells', description: `${rows.length} cells, area_um2 = area × 0.8708²` });
});
