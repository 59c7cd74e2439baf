/**
 * The learned segmentation on the six reference fields (raw.tif → 8 bit, 0.87 µm/px), through the
 * one entry segmentField with the Node network, scores at least what the model card claims (its
 * `scores.mean`, minus 0.01) in object F1 and foreground Dice. About 1 s per field.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, expect, it } from 'vitest';
import { nodeNetwork } from '../../cli/network';
import { getCv } from '../cv';
import { decodeImage, to8bit } from '../image';
import { SEGMENTER_CARD } from './learned/card';
import { DEFAULT_LEARNED_PARAMS } from './params';
import { scoreSegmentation, type LabelImage, type SegmentationScore } from './score';
import { segmentField } from './segmentField';
import { describeWithShared, FIELD_NAMES, sharedPath } from '../../testing/shared';

const claimed = SEGMENTER_CARD.scores.mean as { f1: number; dice: number } | undefined;

describeWithShared(
  'learned segmentation on the reference fields',
  () => {
    const scores: Record<string, SegmentationScore> = {};

    beforeAll(async () => {
      const cv = await getCv();
      for (const name of FIELD_NAMES) {
        const page = (file: string) => {
          const p = decodeImage(new Uint8Array(readFileSync(sharedPath('data', 'phase-contrast', 'fields', name, file))), file).pages[0];
          if (!p) throw new Error(`${name}/${file}: no image`);
          return p;
        };
        const image = to8bit(page('raw.tif'));
        const truth = page('labels.png').data as LabelImage;
        const seg = await segmentField(cv, image, DEFAULT_LEARNED_PARAMS, { network: nodeNetwork });
        scores[name] = scoreSegmentation(seg.labels, truth, image.width, image.height);
      }
    }, 120_000);

    it('the card reports mean F1 and Dice', () => {
      expect(claimed?.f1).toBeTypeOf('number');
      expect(claimed?.dice).toBeTypeOf('number');
    });

    it('mean F1 and Dice reach the card’s means (− 0.01)', () => {
      const mean = (f: (s: SegmentationScore) => number) => FIELD_NAMES.reduce((a, n) => a + f(scores[n]!), 0) / FIELD_NAMES.length;
      const f1 = mean((s) => s.f1);
      const dice = mean((s) => s.dice);
      const table = FIELD_NAMES.map((n) => `${n} F1 ${scores[n]!.f1.toFixed(3)} Dice ${scores[n]!.dice.toFixed(3)}`).join('; ');
      expect(f1, `mean F1 ${f1.toFixed(3)} (${table})`).toBeGreaterThanOrEqual(claimed!.f1 - 0.01);
      expect(dice, `mean Dice ${dice.toFixed(3)} (${table})`).toBeGreaterThanOrEqual(claimed!.dice - 0.01);
    });
  },
  { requiredInCi: true },
);
