/**
 * The classical sizes are px at 0.87 µm/px and are scaled to the images' pixel size; at 0.87 and
 * at 0.8708 (what the reference TIFFs state) nothing changes, so the reference results stand.
 */
import { describe, expect, it } from 'vitest';
import { getCv } from '../cv';
import { makeDemoClones, renderDemoImage } from '../demo';
import {
  classicalAtPixelSize,
  CLASSICAL_TUNED_UM_PER_PX,
  DEFAULT_SEGMENTATION_PARAMS,
  paramsHash,
  scaleSegmentationParams,
  withParam,
} from './params';
import { segmentImage } from './pipeline';
import { segmentField } from './segmentField';

describe('classical parameters scaled from the pixel size', () => {
  it('are used as written at 0.87 and 0.8708 µm/px, with the same hash as before', () => {
    expect(CLASSICAL_TUNED_UM_PER_PX).toBe(0.87);
    expect(classicalAtPixelSize(DEFAULT_SEGMENTATION_PARAMS)).toBe(DEFAULT_SEGMENTATION_PARAMS);
    const nikon = withParam(DEFAULT_SEGMENTATION_PARAMS, 'pixelSizeUm', 0.8707951277094507);
    expect(classicalAtPixelSize(nikon)).toBe(nikon);
    expect(paramsHash(nikon)).toBe(paramsHash(DEFAULT_SEGMENTATION_PARAMS));
  });

  it('halve lengths and quarter areas at twice the pixel size (a 5× objective instead of 10×)', () => {
    const p = classicalAtPixelSize(withParam(DEFAULT_SEGMENTATION_PARAMS, 'pixelSizeUm', 1.74));
    expect(p.erosion.radius).toBe(3);
    expect(p.background.radius).toBe(8); // 7.5 rounded to the 1-px step
    expect(p.split.minPeakDistance).toBe(13);
    expect(p.minArea2).toBe(150);
    expect(p.minFinalArea).toBe(150);
    // Unitless settings are untouched.
    expect(p.threshold.otsuScale).toBe(DEFAULT_SEGMENTATION_PARAMS.threshold.otsuScale);
    expect(p).toEqual({ ...scaleSegmentationParams(DEFAULT_SEGMENTATION_PARAMS, 0.5), pixelSizeUm: 1.74 });
    expect(paramsHash(withParam(DEFAULT_SEGMENTATION_PARAMS, 'pixelSizeUm', 1.74))).not.toBe(paramsHash(DEFAULT_SEGMENTATION_PARAMS));
  });

  it('segmentField applies the scaling: a field at 1.74 µm/px segments as the scaled parameters say', async () => {
    const cv = await getCv();
    const image = renderDemoImage({ seed: 7, clone: makeDemoClones(7, 4)[0]!, timeH: 48, fov: 1, size: 512 });
    const at174 = withParam(DEFAULT_SEGMENTATION_PARAMS, 'pixelSizeUm', 1.74);
    const viaField = await segmentField(cv, image, at174);
    const direct = segmentImage(cv, image, scaleSegmentationParams(DEFAULT_SEGMENTATION_PARAMS, 0.5));
    expect(viaField.count).toBe(direct.count);
    expect(Array.from(viaField.labels)).toEqual(Array.from(direct.labels));
    const unscaled = segmentImage(cv, image, DEFAULT_SEGMENTATION_PARAMS);
    expect(viaField.count).not.toBe(unscaled.count);
    const at087 = await segmentField(cv, image, DEFAULT_SEGMENTATION_PARAMS);
    expect(Array.from(at087.labels)).toEqual(Array.from(unscaled.labels));
  });
});
