/**
 * The committed segmentation model and its card agree (SHA-256, size), the learned defaults name
 * that model, and the parameters hash tells the methods and pixel sizes apart.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SEGMENTER_CARD } from './learned/card';
import { DEFAULT_LEARNED_PARAMS, DEFAULT_SEGMENTATION_PARAMS, paramsHash, withParam } from './params';
import { projectRoot } from '../../testing/shared';

describe('the model card matches the committed model', () => {
  const path = join(projectRoot, SEGMENTER_CARD.file);

  it('public/models/segmenter.onnx has the SHA-256 and size of the card', () => {
    expect(SEGMENTER_CARD.file).toBe('public/models/segmenter.onnx');
    expect(existsSync(path), `${SEGMENTER_CARD.file} is missing`).toBe(true);
    const bytes = readFileSync(path);
    expect(bytes.length).toBe(SEGMENTER_CARD.bytes);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(SEGMENTER_CARD.sha256);
  });

  it('the learned defaults name that model (first 16 hex digits) and use the card’s settings', () => {
    expect(SEGMENTER_CARD.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(DEFAULT_LEARNED_PARAMS.method).toBe('learned');
    expect(DEFAULT_LEARNED_PARAMS.learned.model).toBe(SEGMENTER_CARD.sha256.slice(0, 16));
    const { model, ...settings } = DEFAULT_LEARNED_PARAMS.learned;
    expect(model).toHaveLength(16);
    expect(settings).toEqual(SEGMENTER_CARD.postprocessing);
  });
});

describe('paramsHash and the method', () => {
  it('the learned hash differs from the classical one', () => {
    expect(paramsHash(DEFAULT_LEARNED_PARAMS)).not.toBe(paramsHash(DEFAULT_SEGMENTATION_PARAMS));
  });

  it('the learned hash changes with the pixel size, the model and its settings', () => {
    const base = paramsHash(DEFAULT_LEARNED_PARAMS);
    expect(paramsHash(withParam(DEFAULT_LEARNED_PARAMS, 'pixelSizeUm', 0.65))).not.toBe(base);
    expect(paramsHash(withParam(DEFAULT_LEARNED_PARAMS, 'learned.model', '0123456789abcdef'))).not.toBe(base);
    expect(paramsHash(withParam(DEFAULT_LEARNED_PARAMS, 'learned.seed', 0.7))).not.toBe(base);
    // … but not with the classical steps' settings, which it does not use.
    expect(paramsHash(withParam(DEFAULT_LEARNED_PARAMS, 'erosion.radius', 3))).toBe(base);
  });

  it('the classical hash ignores the learned settings, and the pixel size where it changes nothing (stored measurements stay valid)', () => {
    const base = paramsHash(DEFAULT_SEGMENTATION_PARAMS);
    // The classical sizes are scaled to the pixel size (classicalAtPixelSize): 0.8708 keeps them, 0.65 does not.
    expect(paramsHash(withParam(DEFAULT_SEGMENTATION_PARAMS, 'pixelSizeUm', 0.8708))).toBe(base);
    expect(paramsHash(withParam(DEFAULT_SEGMENTATION_PARAMS, 'pixelSizeUm', 0.65))).not.toBe(base);
    expect(paramsHash(withParam(DEFAULT_SEGMENTATION_PARAMS, 'learned.seed', 0.7))).toBe(base);
    expect(paramsHash(withParam(DEFAULT_SEGMENTATION_PARAMS, 'erosion.radius', 3))).not.toBe(base);
  });
});
