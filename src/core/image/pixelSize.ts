/**
 * The pixel size a file states, and where it says so. Sources, first found wins:
 *   1. OME-XML in the ImageDescription: `<Pixels PhysicalSizeX=… PhysicalSizeXUnit=…>` (µm when no unit);
 *   2. ImageJ's ImageDescription (`ImageJ=…`, `unit=micron`) with XResolution = pixels per unit;
 *   3. Nikon NIS-Elements' private tag 65326 (a double, µm per pixel);
 *   4. TIFF ResolutionUnit (inch or cm) with XResolution = pixels per unit.
 * A value outside 0.01–100 µm/px is not a microscope's (72 dpi, the default of image software, is
 * 353 µm/px) and is ignored, with a note saying so. Pure: tags in, statement out.
 */

/** How the experiment's pixel size was established. */
export type PixelSizeSource = 'ome-xml' | 'imagej' | 'nikon-tag' | 'tiff-resolution' | 'entered' | 'preset' | 'assumed';

export interface PixelSize {
  /** µm per pixel along x. */
  umPerPx: number;
  source: PixelSizeSource;
  /** Where exactly, in words: "OME-XML PhysicalSizeX = 0.65 µm", "Nikon tag 65326", a file name… */
  detail: string;
}

/** What the pixel-size reader needs from the first page's tags. */
export interface ResolutionTags {
  /** Tag 270. */
  description?: string;
  /** Tag 282, pixels per ResolutionUnit. */
  xResolution?: number;
  /** Tag 296: 1 none, 2 inch (the TIFF default), 3 cm. */
  resolutionUnit?: number;
  /** Tag 65326 (Nikon NIS-Elements): µm per pixel. */
  nikon65326?: number;
}

/** A plausible microscope pixel: 10 nm … 100 µm. */
export const MIN_UM_PER_PX = 0.01;
export const MAX_UM_PER_PX = 100;

const UM_PER: Record<string, number> = {
  pm: 1e-6,
  'Å': 1e-4,
  angstrom: 1e-4,
  nm: 1e-3,
  nanometer: 1e-3,
  'µm': 1,
  'μm': 1,
  um: 1,
  micron: 1,
  microns: 1,
  micrometer: 1,
  micrometre: 1,
  mm: 1e3,
  millimeter: 1e3,
  cm: 1e4,
  centimeter: 1e4,
  m: 1e6,
  meter: 1e6,
  inch: 25400,
};

/** µm in one `unit` (OME and ImageJ spellings, `\u00B5m` escapes included); undefined if unknown. */
export function micronsPerUnit(unit: string): number | undefined {
  const u = unit
    .trim()
    .replace(/\\u00[bB]5/g, 'µ')
    .replace(/^u(?=m$)/, 'µ');
  return UM_PER[u] ?? UM_PER[u.toLowerCase()];
}

export interface PixelSizeReading {
  pixelSize: PixelSize | null;
  /** Sources found but not used, with why (shown, so a wrong scale is never silent). */
  notes: string[];
}

export function readPixelSize(tags: ResolutionTags): PixelSizeReading {
  const notes: string[] = [];
  const plausible = (um: number, what: string): boolean => {
    if (Number.isFinite(um) && um >= MIN_UM_PER_PX && um <= MAX_UM_PER_PX) return true;
    notes.push(`${what} gives ${formatUm(um)} µm/px, not a microscope's pixel size; ignored`);
    return false;
  };
  const description = tags.description ?? '';

  const ome = omePhysicalSize(description);
  if (ome) {
    if (ome.um === undefined) notes.push(`OME-XML PhysicalSizeX unit "${ome.unit}" is not known; ignored`);
    else if (plausible(ome.um, 'OME-XML PhysicalSizeX'))
      return { pixelSize: { umPerPx: ome.um, source: 'ome-xml', detail: `OME-XML PhysicalSizeX = ${ome.value} ${ome.unit}` }, notes };
  }

  const imagej = imageJUnit(description);
  if (imagej !== undefined) {
    const perUnit = micronsPerUnit(imagej);
    const xres = tags.xResolution;
    if (perUnit === undefined) notes.push(`ImageJ unit "${imagej}" is not a length; ignored`);
    else if (!(xres && xres > 0)) notes.push(`ImageJ unit=${imagej} but no XResolution; ignored`);
    else {
      const um = perUnit / xres;
      if (plausible(um, `ImageJ unit=${imagej} with XResolution ${formatUm(xres)}`))
        return {
          pixelSize: { umPerPx: um, source: 'imagej', detail: `ImageJ description unit=${imagej}, XResolution ${formatUm(xres)} px per ${imagej}` },
          notes,
        };
    }
  }

  if (tags.nikon65326 !== undefined && plausible(tags.nikon65326, 'Nikon tag 65326'))
    return { pixelSize: { umPerPx: tags.nikon65326, source: 'nikon-tag', detail: 'Nikon NIS-Elements tag 65326' }, notes };

  const unit = tags.resolutionUnit ?? 2;
  if (tags.xResolution && tags.xResolution > 0 && (unit === 2 || unit === 3)) {
    const name = unit === 2 ? 'inch' : 'cm';
    const um = (unit === 2 ? 25400 : 10000) / tags.xResolution;
    if (plausible(um, `TIFF XResolution ${formatUm(tags.xResolution)} px per ${name}`))
      return {
        pixelSize: { umPerPx: um, source: 'tiff-resolution', detail: `TIFF XResolution ${formatUm(tags.xResolution)} px per ${name}` },
        notes,
      };
  }
  return { pixelSize: null, notes };
}

/** `PhysicalSizeX` of the first `<Pixels>` element of OME-XML, in µm (µm is OME's default unit). */
function omePhysicalSize(description: string): { value: string; unit: string; um: number | undefined } | null {
  if (!/<OME[\s>]/.test(description)) return null;
  const pixels = /<(?:\w+:)?Pixels\s([^>]*)>/.exec(description);
  if (!pixels) return null;
  const value = /\bPhysicalSizeX\s*=\s*"([^"]*)"/.exec(pixels[1]!)?.[1];
  if (value === undefined) return null;
  const unit = decodeXml(/\bPhysicalSizeXUnit\s*=\s*"([^"]*)"/.exec(pixels[1]!)?.[1] ?? 'µm');
  const perUnit = micronsPerUnit(unit);
  return { value, unit, um: perUnit === undefined ? undefined : Number(value) * perUnit };
}

/** The `unit=` line of an ImageJ description, when the description is ImageJ's. */
function imageJUnit(description: string): string | undefined {
  if (!/^ImageJ=/m.test(description)) return undefined;
  return /^unit=(.+)$/m.exec(description)?.[1]?.trim();
}

function decodeXml(s: string): string {
  return s
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&amp;/g, '&');
}

/**
 * The pixel size the app works at: four significant digits of what the file states (0.8707951 →
 * 0.8708; 6e-6 relative, far below any effect on a segmentation), so it reads the same everywhere.
 */
export function roundPixelSize(um: number): number {
  return Number(um.toPrecision(4));
}

/** 0.8707951 → "0.8708": four significant digits, as the app shows pixel sizes. */
export function formatUm(um: number): string {
  if (!Number.isFinite(um)) return String(um);
  return String(Number(um.toPrecision(4)));
}

/** "0.8708 µm/px (Nikon NIS-Elements tag 65326 in t01.tif)". */
export function describePixelSize(p: PixelSize): string {
  return `${formatUm(p.umPerPx)} µm/px (${p.detail})`;
}
