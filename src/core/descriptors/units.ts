/**
 * Units of the 12 descriptors (shared/reference/README.md §1: all are measured in pixels and grey
 * levels). area is an area (px², µm² = px² × (µm/px)²); perimeter, length and breadth are lengths
 * (px, µm = px × µm/px); aspect_ratio, compactness and solidity are ratios; mean_intensity is an
 * 8-bit grey level; the GLCM features are unitless. Values are stored in pixels; these convert
 * them for display and export.
 */
import { DESCRIPTORS, type Descriptor } from '../experiment';

export type DescriptorDimension = 'area' | 'length' | 'none';

export const DESCRIPTOR_DIMENSION: Readonly<Record<Descriptor, DescriptorDimension>> = {
  area: 'area',
  perimeter: 'length',
  length: 'length',
  breadth: 'length',
  aspect_ratio: 'none',
  compactness: 'none',
  solidity: 'none',
  mean_intensity: 'none',
  glcm_contrast: 'none',
  glcm_correlation: 'none',
  glcm_energy: 'none',
  glcm_homogeneity: 'none',
};

/** The descriptors that have a physical unit, in DESCRIPTORS order. */
export const PHYSICAL_DESCRIPTORS: readonly Descriptor[] = DESCRIPTORS.filter((d) => DESCRIPTOR_DIMENSION[d] !== 'none');

/** Multiplies a stored (pixel) value of `d` into µm or µm²; 1 for unitless descriptors. */
export function toPhysicalFactor(d: Descriptor, umPerPx: number): number {
  const dim = DESCRIPTOR_DIMENSION[d];
  return dim === 'area' ? umPerPx * umPerPx : dim === 'length' ? umPerPx : 1;
}

/** "µm²", "µm", "grey level" or "" (µm when a pixel size is given, else px² / px). */
export function descriptorUnit(d: Descriptor, umPerPx: number | null): string {
  const dim = DESCRIPTOR_DIMENSION[d];
  if (dim === 'area') return umPerPx ? 'µm²' : 'px²';
  if (dim === 'length') return umPerPx ? 'µm' : 'px';
  return d === 'mean_intensity' ? 'grey level' : '';
}

/** An axis title: "area (µm²)", "log10 area (µm²)", "aspect_ratio". */
export function descriptorTitle(d: Descriptor | string, umPerPx: number | null, options: { log10?: boolean; label?: string } = {}): string {
  const unit = (DESCRIPTORS as readonly string[]).includes(d) ? descriptorUnit(d as Descriptor, umPerPx) : '';
  const name = `${options.log10 ? 'log10 ' : ''}${options.label ?? d}`;
  return unit ? `${name} (${unit})` : name;
}

/** Column names of the physical copies in the per-cell CSV: area_um2, perimeter_um, length_um, breadth_um. */
export const PHYSICAL_COLUMNS: readonly string[] = PHYSICAL_DESCRIPTORS.map((d) => (DESCRIPTOR_DIMENSION[d] === 'area' ? `${d}_um2` : `${d}_um`));
