import { describe, expect, it } from 'vitest';
import { opticsPixelSize } from '../core/image/opticsPresets';
import { pixelSizeInUse } from './pixelSize';

const nikon = { umPerPx: 0.8707951277094507, source: 'nikon-tag' as const, detail: 'Nikon NIS-Elements tag 65326', fileName: 'xy01/t01.tif' };

describe('the pixel size in use and where it came from', () => {
  it('read from the file when the settings use what the file states', () => {
    expect(pixelSizeInUse({ pixelSize: nikon, isDemo: false }, 0.8708)).toEqual({
      umPerPx: 0.8708,
      origin: 'file',
      text: '0.8708 µm/px, read from xy01/t01.tif (Nikon NIS-Elements tag 65326)',
    });
  });

  it('entered when the settings use another size, saying what the files state', () => {
    expect(pixelSizeInUse({ pixelSize: nikon, isDemo: false }, 0.65).text).toBe(
      '0.65 µm/px, entered (the files state 0.8708 µm/px (Nikon NIS-Elements tag 65326))',
    );
    expect(pixelSizeInUse({ pixelSize: null, isDemo: false }, 1.3)).toMatchObject({ origin: 'entered', text: '1.3 µm/px, entered (the files state no pixel size)' });
  });

  it('assumed when nothing was stated or entered (older records have no pixelSize field)', () => {
    const r = pixelSizeInUse({ isDemo: false }, 0.87);
    expect(r.origin).toBe('assumed');
    expect(r.text).toMatch(/^0\.87 µm\/px, assumed: the files state no pixel size/);
    expect(pixelSizeInUse({ pixelSize: null, isDemo: true }, 0.87).text).toBe("0.87 µm/px, the demo's nominal scale (synthetic images)");
  });

  it('objective + camera: the ../shared optics (10×, 1.5×, ORCA-Flash4.0 6.5 µm, 2×2) give 0.8667', () => {
    expect(opticsPixelSize({ objective: 10, intermediate: 1.5, cameraPitchUm: 6.5, binning: 2 })).toBeCloseTo(0.86667, 5);
    expect(opticsPixelSize({ objective: 20, cameraPitchUm: 6.5 })).toBe(0.325);
    expect(() => opticsPixelSize({ objective: 0, cameraPitchUm: 6.5 })).toThrow(/positive/);
  });
});
