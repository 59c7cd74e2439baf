/**
 * A mixed batch of good and bad files, dropped at once: each bad file is named with its problem,
 * the good ones are imported. Then a potency table with an unknown clone and a non-number.
 */
import { expect, test } from '@playwright/test';
import { encode } from 'fast-png';
import { dropFiles, openApp, type DropFile } from './helpers';

function tinyPng(seed: number): Buffer {
  const size = 32;
  const data = new Uint8Array(size * size);
  for (let i = 0; i < data.length; i++) data[i] = (i * seed + (i >> 5) * 7) % 256;
  return Buffer.from(encode({ width: size, height: size, data, channels: 1, depth: 8 }));
}

test('bad files in a dropped batch are each named with their problem; the good ones are imported', async ({ page }) => {
  await openApp(page);
  const a = tinyPng(3);
  const b = tinyPng(5);
  const c = tinyPng(11);
  const files: DropFile[] = [
    { name: 'clone01_t006h_f01.png', bytes: a },
    { name: 'clone01_t012h_f01.png', bytes: b },
    { name: 'clone02_t006h_f01.png', bytes: c },
    { name: 'clone01_t018h_f01.png', bytes: Buffer.alloc(0) },
    { name: 'clone01_t024h_f01.png', bytes: Buffer.from('Lab notes: clone 1 looked odd today.\n') },
    { name: 'clone01_t030h_f01.png', bytes: c.subarray(0, Math.floor(c.length / 2)) },
    { name: 'holiday photo.png', bytes: a },
    // The same file twice: once under the same name (listed once), once copied under another name.
    { name: 'clone01_t006h_f01.png', bytes: a },
    { name: 'clone02_t012h_f01.png', bytes: a },
    // Two files read as the same clone/time/FOV.
    { name: 'copy/clone02_t006h_f01.png', bytes: b },
  ];
  await dropFiles(page, files);
  await expect(page.getByTestId('import-summary')).toContainText('8 of 9 files read · 2 clones × 5 time points');
  await expect(page.getByText('1 share a clone/time/FOV with another file')).toBeVisible();
  await page.getByRole('button', { name: /^Import 7 files/ }).click();
  await expect(page.getByTestId('message-info').filter({ hasText: 'Imported 3 images' })).toBeVisible({ timeout: 60_000 });

  const error = page.getByTestId('message-error');
  await expect(error).toHaveCount(1);
  await expect(error).toContainText('3 files could not be imported (the others were)');
  await expect(error).toContainText('clone01_t018h_f01.png: empty file (0 bytes)');
  await expect(error).toContainText(
    "clone01_t024h_f01.png: not an image this app reads (no PNG, JPEG or TIFF signature; starts with 'Lab notes: c')",
  );
  await expect(error).toContainText(/clone01_t030h_f01\.png: truncated PNG \(the image-data chunk at byte 33 runs to byte [\d,]+ but the file has [\d,]+ bytes\)/);

  const warnings = page.getByTestId('message-warning');
  await expect(warnings.filter({ hasText: '1 file did not match the pattern and was not imported' })).toContainText(
    "holiday photo.png: no {time} found: expected '_t' and something like t030h after 'holiday', but found ' photo'",
  );
  await expect(warnings.filter({ hasText: 'mapped to a clone/time/FOV that another file already had' })).toContainText(
    'copy/clone02_t006h_f01.png',
  );
  await expect(page.getByTestId('message-info').filter({ hasText: 'already in the experiment (same content)' })).toContainText(
    '1 file was already in the experiment (same content) and not stored again: clone02_t012h_f01.png',
  );

  await expect(page.getByTestId('experiment-summary')).toContainText('2 clones × 2 time points × 1 FOVs');
  await expect(page.getByTestId('thumb')).toHaveCount(3);

  // Potencies: one good line, one non-number, one clone the experiment does not have.
  await page.getByTestId('potency-input').setInputFiles({
    name: 'potency.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('clone,potency\nclone01,10\nclone02,ten\nclone99,8\n'),
  });
  const potencyWarning = page.getByTestId('message-warning').filter({ hasText: 'potency.csv' });
  await expect(potencyWarning).toContainText('potency.csv: potency set for 1 clone.');
  await expect(potencyWarning).toContainText("line 3: potency 'ten' for clone02 is not a number");
  await expect(potencyWarning).toContainText('clones not in this experiment (ignored): clone99');
  await expect(potencyWarning).not.toContainText('line 3: line 3');
  await expect(page.getByLabel('Potency of clone01')).toHaveValue('10');
  await expect(page.getByLabel('Potency of clone02')).toHaveValue('');
});
