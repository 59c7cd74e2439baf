/**
 * OME-TIFF: which page (IFD) of the file is which plane, read from the OME-XML in its first
 * ImageDescription — never guessed from page order. Each `<Image>` is one position (stage
 * position / FOV); its `<Pixels>` says SizeZ, SizeC, SizeT, DimensionOrder and TimeIncrement, its
 * `<TiffData IFD FirstZ FirstC FirstT PlaneCount>` place runs of IFDs in the (Z, C, T) grid, and
 * its `<Plane TheZ TheC TheT DeltaT>` give each plane's time. Follows the OME-TIFF specification
 * (https://docs.openmicroscopy.org/ome-model/latest/ome-tiff/specification.html). DOM-free: a
 * small attribute scanner, enough for the elements above.
 */

export interface OmePlane {
  /** IFD index in the file. */
  ifd: number;
  /** Index of the `<Image>` (position) this plane belongs to. */
  position: number;
  z: number;
  c: number;
  t: number;
  /** Hours since the first plane: `DeltaT` when the XML has it, else t × TimeIncrement; null if neither. */
  timeH: number | null;
  /** The channel's `Name`, when given. */
  channelName: string | null;
}

export interface OmeLayout {
  positions: number;
  sizeZ: number;
  sizeC: number;
  sizeT: number;
  channelNames: (string | null)[];
  /** Time between T indices, hours (TimeIncrement), or null. */
  timeIncrementH: number | null;
  /** `SignificantBits` of the first Pixels element, when stated. */
  significantBits: number | null;
  planes: OmePlane[];
}

interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  /** Offset of the element in the text, and of its end (after its closing tag, or the `/>`). */
  start: number;
  end: number;
}

/** Parses OME-XML; null when `description` is not OME-XML. Throws with a plain reason if it is broken. */
export function readOmeLayout(description: string): OmeLayout | null {
  if (!/<(?:\w+:)?OME[\s>]/.test(description)) return null;
  const images = elements(description, 'Image');
  if (images.length === 0) throw new Error('the OME-XML has no <Image> element');
  const files = new Set(elements(description, 'UUID').map((u) => u.attrs.FileName ?? ''));
  if (files.size > 1)
    throw new Error(`its OME-XML spreads the planes over ${files.size} files; multi-file OME-TIFF sets are not supported (export one file per set)`);
  const planes: OmePlane[] = [];
  let first: Omit<OmeLayout, 'planes' | 'positions'> | null = null;
  let nextIfd = 0;
  images.forEach((image, position) => {
    const body = description.slice(image.start, image.end);
    const pixels = elements(body, 'Pixels')[0];
    if (!pixels) throw new Error(`OME-XML image ${position + 1} has no <Pixels> element`);
    const size = (k: string) => {
      const v = Number(pixels.attrs[k] ?? '1');
      if (!Number.isInteger(v) || v < 1) throw new Error(`OME-XML ${k}="${pixels.attrs[k]}" is not a positive whole number`);
      return v;
    };
    const sizeZ = size('SizeZ');
    const sizeC = size('SizeC');
    const sizeT = size('SizeT');
    const order = (pixels.attrs.DimensionOrder ?? 'XYZCT').toUpperCase();
    if (!/^XY[ZCT]{3}$/.test(order) || new Set(order).size !== 5)
      throw new Error(`OME-XML DimensionOrder "${order}" is not one of XYZCT, XYZTC, XYCZT, XYCTZ, XYTZC, XYTCZ`);
    const dims = order.slice(2).split('') as ('Z' | 'C' | 'T')[];
    const sizes = { Z: sizeZ, C: sizeC, T: sizeT };
    const total = sizeZ * sizeC * sizeT;
    /** Plane index in dimension order → (z, c, t). */
    const coords = (k: number) => {
      const out = { Z: 0, C: 0, T: 0 };
      let rest = k;
      for (const d of dims) {
        out[d] = rest % sizes[d];
        rest = Math.floor(rest / sizes[d]);
      }
      return out;
    };
    const index = (z: number, c: number, t: number) => {
      const at = { Z: z, C: c, T: t };
      let k = 0;
      for (const d of [...dims].reverse()) k = k * sizes[d] + at[d];
      return k;
    };

    const increment = pixels.attrs.TimeIncrement !== undefined ? Number(pixels.attrs.TimeIncrement) * hoursPer(pixels.attrs.TimeIncrementUnit) : null;
    const channelNames = elements(body, 'Channel').map((c) => c.attrs.Name ?? null);
    const deltaT = new Map<number, number>();
    for (const plane of elements(body, 'Plane')) {
      if (plane.attrs.DeltaT === undefined) continue;
      const k = index(Number(plane.attrs.TheZ ?? 0), Number(plane.attrs.TheC ?? 0), Number(plane.attrs.TheT ?? 0));
      deltaT.set(k, Number(plane.attrs.DeltaT) * hoursPer(plane.attrs.DeltaTUnit));
    }
    if (!first) {
      const bits = pixels.attrs.SignificantBits !== undefined ? Number(pixels.attrs.SignificantBits) : null;
      first = { sizeZ, sizeC, sizeT, channelNames, timeIncrementH: increment, significantBits: bits };
    }

    // IFD of each plane of this image.
    const ifdOf = new Map<number, number>();
    const tiffData = elements(body, 'TiffData');
    if (tiffData.length === 0) {
      for (let k = 0; k < total; k++) ifdOf.set(k, nextIfd + k);
    }
    for (const td of tiffData) {
      const a = td.attrs;
      const ifd = Number(a.IFD ?? 0);
      const start = index(Number(a.FirstZ ?? 0), Number(a.FirstC ?? 0), Number(a.FirstT ?? 0));
      const hasAny = ['IFD', 'FirstZ', 'FirstC', 'FirstT', 'PlaneCount'].some((k) => a[k] !== undefined);
      const count = a.PlaneCount !== undefined ? Number(a.PlaneCount) : hasAny ? 1 : total;
      for (let i = 0; i < count && start + i < total; i++) ifdOf.set(start + i, ifd + i);
    }
    for (let k = 0; k < total; k++) {
      const ifd = ifdOf.get(k);
      if (ifd === undefined) continue;
      const { Z, C, T } = coords(k);
      const timeH = deltaT.get(k) ?? (increment !== null && Number.isFinite(increment) ? T * increment : null);
      planes.push({ ifd, position, z: Z, c: C, t: T, timeH, channelName: channelNames[C] ?? null });
    }
    nextIfd = Math.max(nextIfd, ...[...ifdOf.values()].map((v) => v + 1));
  });
  planes.sort((a, b) => a.ifd - b.ifd);
  for (let i = 1; i < planes.length; i++)
    if (planes[i]!.ifd === planes[i - 1]!.ifd) throw new Error(`the OME-XML gives page ${planes[i]!.ifd + 1} two places`);
  return { positions: images.length, ...first!, planes };
}

function hoursPer(unit: string | undefined): number {
  switch ((unit ?? 's').trim()) {
    case 'ms':
      return 1 / 3_600_000;
    case 'min':
      return 1 / 60;
    case 'h':
      return 1;
    case 'd':
      return 24;
    default:
      return 1 / 3600;
  }
}

/** Every `<name …>` (namespace prefix allowed) with its attributes and extent. */
function elements(xml: string, name: string): XmlElement[] {
  const re = new RegExp(`<((?:\\w+:)?${name})(\\s[^>]*?)?(/?)>`, 'g');
  const out: XmlElement[] = [];
  for (let m = re.exec(xml); m; m = re.exec(xml)) {
    const start = m.index;
    let end = re.lastIndex;
    if (m[3] !== '/') {
      const close = xml.indexOf(`</${m[1]}>`, end);
      end = close < 0 ? xml.length : close + m[1]!.length + 3;
    }
    out.push({ name: m[1]!, attrs: attributes(m[2] ?? ''), start, end });
  }
  return out;
}

function attributes(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of text.matchAll(/([\w:]+)\s*=\s*"([^"]*)"/g)) out[m[1]!] = unescapeXml(m[2]!);
  return out;
}

function unescapeXml(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&amp;/g, '&');
}
