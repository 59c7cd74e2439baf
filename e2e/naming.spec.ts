/**
 * A real imager's folder in one drop: an Incucyte-style export with two channels and a plate map.
 * Wells appear as the mapped clones, the phase channel is kept and the other is named as skipped;
 * a plate map chosen after an import labels the wells of the open experiment.
 */
import { expect, test, type Page } from '@playwright/test';
import { encode } from 'fast-png';
import { dropFiles, openApp, type DropFile } from './helpers';

function png(seed: number): Buffer {
  const size = 32;
  const data = new Uint8Array(size * size);
  for (let i = 0; i < data.length; i++) data[i] = (i * seed + (i >> 5) * 11) % 256;
  return Buffer.from(encode({ width: size, height: size, data, channels: 1, depth: 8 }));
}

/** Incucyte export names: vessel_channel_well_image_elapsed. */
function incucyteFolder(): DropFile[] {
  const files: DropFile[] = [];
  let seed = 3;
  for (const well of ['B3', 'C7', 'D1'])
    for (const time of ['00d06h00m', '00d12h00m'])
      for (const channel of ['Phase', 'Green'])
        files.push({ name: `A172/A172_${channel}_${well}_1_${time}.png`, bytes: png(seed++) });
  return files;
}

const PLATE_MAP = 'well,clone,group,potency\nB3,clone07,REC,9\nC7,clone12,bulk,5\n';

async function rowOf(page: Page, path: string) {
  return page.getByTestId('parse-row').filter({ has: page.getByRole('cell', { name: path, exact: true }) });
}

test('an Incucyte folder with two channels and a plate map: wells become the mapped clones, Phase kept, Green named as skipped', async ({
  page,
}) => {
  await openApp(page);
  await dropFiles(page, [
    ...incucyteFolder(),
    { name: 'A172/platemap.csv', bytes: Buffer.from(PLATE_MAP), type: 'text/csv' },
  ]);

  // Auto picks the Incucyte preset and says how many files it reads.
  await expect(page.getByLabel('Pattern preset').locator('option[value="auto"]')).toHaveText(
    /Auto: Incucyte export .* reads 12 of 12/,
  );
  await expect(page.getByTestId('plate-map-status')).toHaveText(
    'Plate map A172/platemap.csv: 2 wells; not in the map: D1',
  );
  await expect(page.getByTestId('import-summary')).toContainText('12 of 12 files read · 3 clones × 2 time points');
  await expect(page.getByLabel('Channel to keep')).toHaveValue('Phase');
  await expect(page.getByTestId('skipped-badge')).toContainText('6 skipped');

  const phase = await rowOf(page, 'A172/A172_Phase_B3_1_00d06h00m.png');
  await expect(phase.locator('td').nth(2)).toHaveText('B3');
  await expect(phase.locator('td').nth(3)).toHaveText('clone07');
  await expect(phase.locator('td').last()).toHaveText('ok');
  const green = await rowOf(page, 'A172/A172_Green_C7_1_00d12h00m.png');
  await expect(green.locator('td').nth(3)).toHaveText('clone12');
  await expect(green.locator('td').last()).toHaveText('skipped: other channel (Green; keeping Phase)');
  await expect(page.getByTestId('parse-table')).toContainText('read: plate map: 2 wells');

  // The well the map does not list: kept under its name, or left out.
  await expect((await rowOf(page, 'A172/A172_Phase_D1_1_00d06h00m.png')).locator('td').nth(3)).toHaveText('D1');
  await page.getByLabel('Unmapped wells').selectOption('leave-out');
  await expect(page.getByTestId('import-summary')).toContainText('12 of 12 files read · 2 clones × 2 time points');
  await expect((await rowOf(page, 'A172/A172_Phase_D1_1_00d06h00m.png')).locator('td').last()).toHaveText(
    'skipped: well D1 is not in the plate map (left out)',
  );

  await page.getByRole('button', { name: /^Import 4 files/ }).click();
  await expect(page.getByTestId('experiment-summary')).toContainText('2 clones × 2 time points × 1 FOVs', {
    timeout: 60_000,
  });
  await expect(page.getByTestId('clones-table').locator('tbody tr')).toHaveCount(2);
  await expect(page.getByLabel('Potency of clone07')).toHaveValue('9');
  await expect(page.getByLabel('Potency of clone12')).toHaveValue('5');
  await expect(page.getByLabel('Group of clone12')).toHaveValue('bulk');
  await expect(page.getByTestId('message-info').filter({ hasText: 'read but not imported' })).toContainText(
    '6 × other channel (Green; keeping Phase)',
  );
  await expect(page.getByTestId('message-info').filter({ hasText: 'read but not imported' })).toContainText(
    '2 × well D1 is not in the plate map (left out)',
  );

  // The choice of channel is the user's: the Green images can go in as well (another import).
  await page.reload();
  await expect(page.getByTestId('thumb')).toHaveCount(4);
});

test('the channel to keep is chosen in the import table', async ({ page }) => {
  await openApp(page);
  await dropFiles(page, incucyteFolder());
  await expect(page.getByTestId('plate-map-status')).toHaveText(
    'No plate map: wells are clones under their well names.',
  );
  await page.getByLabel('Channel to keep').selectOption('Green');
  await expect((await rowOf(page, 'A172/A172_Phase_B3_1_00d06h00m.png')).locator('td').last()).toHaveText(
    'skipped: other channel (Phase; keeping Green)',
  );
  await expect(page.getByRole('button', { name: /^Import 6 files/ })).toBeEnabled();
});

test('a plate map chosen after the import labels the wells of the open experiment', async ({ page }) => {
  await openApp(page);
  await dropFiles(
    page,
    incucyteFolder().filter((f) => f.name.includes('Phase')),
  );
  await page.getByRole('button', { name: /^Import 6 files/ }).click();
  await expect(page.getByTestId('experiment-summary')).toContainText('3 clones × 2 time points × 1 FOVs', {
    timeout: 60_000,
  });
  await page.getByRole('tab', { name: 'Import images' }).click();
  await page
    .getByTestId('plate-map-input')
    .setInputFiles({ name: 'map.csv', mimeType: 'text/csv', buffer: Buffer.from(`${PLATE_MAP}E5,clone99,REC,3\n`) });
  const message = page.getByTestId('message-warning').filter({ hasText: 'map.csv: plate map set 2 clones' });
  await expect(message).toContainText('B3 → clone07, C7 → clone12');
  await expect(message).toContainText('wells not in this experiment (ignored): E5');
  await page.getByRole('tab', { name: 'Experiment' }).click();
  await expect(page.getByLabel('Label of B3')).toHaveValue('clone07');
  await expect(page.getByLabel('Potency of B3')).toHaveValue('9');
  await expect(page.getByLabel('Group of C7')).toHaveValue('bulk');
  await expect(page.getByLabel('Potency of D1')).toHaveValue('');
});
