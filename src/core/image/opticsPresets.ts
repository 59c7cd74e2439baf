/**
 * Pixel size from the optics when no file states it: camera pixel pitch × binning / (objective
 * magnification × any intermediate magnification). Pitches are the sensor makers' datasheet
 * values. Example: the ../shared time-lapse (Nikon Ti-E, 10× objective, 1.5× intermediate,
 * Hamamatsu ORCA-Flash4.0 at 2×2 binning) gives 6.5 × 2 / 15 = 0.8667 µm/px; its files state 0.8708.
 */

export interface CameraPreset {
  id: string;
  name: string;
  /** Sensor pixel pitch, µm. */
  pitchUm: number;
}

export const CAMERA_PRESETS: readonly CameraPreset[] = [
  { id: 'orca-flash4', name: 'Hamamatsu ORCA-Flash4.0 / ORCA-Fusion (6.5 µm)', pitchUm: 6.5 },
  { id: 'zyla55', name: 'Andor Zyla 5.5 / Photometrics Prime BSI (6.5 µm)', pitchUm: 6.5 },
  { id: 'prime95b', name: 'Photometrics Prime 95B (11 µm)', pitchUm: 11 },
  { id: 'ixon888', name: 'Andor iXon 888 (13 µm)', pitchUm: 13 },
  { id: 'ds-qi2', name: 'Nikon DS-Qi2 (7.3 µm)', pitchUm: 7.3 },
  { id: 'imx174', name: 'Sony IMX174 sensor cameras (5.86 µm)', pitchUm: 5.86 },
  { id: 'imx183', name: 'Sony IMX183 sensor cameras (2.4 µm)', pitchUm: 2.4 },
];

export const OBJECTIVE_MAGNIFICATIONS: readonly number[] = [2, 4, 5, 10, 20, 40, 60, 63, 100];
export const BINNINGS: readonly number[] = [1, 2, 3, 4];

export interface Optics {
  objective: number;
  cameraPitchUm: number;
  binning?: number;
  /** Tube lens / optovar factor (1 when none). */
  intermediate?: number;
}

/** µm per image pixel at the specimen. */
export function opticsPixelSize(o: Optics): number {
  const mag = o.objective * (o.intermediate ?? 1);
  if (!(mag > 0) || !(o.cameraPitchUm > 0)) throw new Error('objective, intermediate magnification and camera pixel must be positive');
  return (o.cameraPitchUm * (o.binning ?? 1)) / mag;
}
