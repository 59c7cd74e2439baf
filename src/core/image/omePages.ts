/**
 * Which pages of a decoded file become images, and at what address relative to the file's own
 * (clone, time, FOV from its name). A plain multi-page TIFF's pages are consecutive FOVs, as
 * before. An OME-TIFF's come from its OME-XML: position → FOV offset, the plane's time → hours
 * added, and one channel and one plane per position and time are kept — by the import's own rule
 * (core/naming/folder): the channel asked for, else the one named like phase contrast, else the
 * first; the Z plane asked for, else the lowest — every other page is listed as skipped with its
 * reason, never mixed in as a FOV.
 */
import { defaultChannel, sameChannel } from '../naming/folder';
import type { OmePlane } from './ome';

export interface PageChoice {
  pageIndex: number;
  keep: boolean;
  /** Added to the file name's FOV. */
  fovOffset: number;
  /** Added to the file name's time, hours. */
  timeOffsetH: number;
  /** "page 3" or "position 2, T 4, Z 1, C 0 (Phase)", for file names and messages. */
  label: string;
  reason?: string;
}

export function choosePages(
  pageCount: number,
  planes: readonly OmePlane[] | null,
  choice: { channel?: string; z?: number } = {},
): { pages: PageChoice[]; notes: string[] } {
  if (!planes)
    return {
      pages: Array.from({ length: pageCount }, (_, i) => ({ pageIndex: i, keep: true, fovOffset: i, timeOffsetH: 0, label: `page ${i + 1}` })),
      notes: [],
    };
  const notes: string[] = [];
  const channelNames = [...new Map(planes.map((p) => [p.c, p.channelName ?? `channel ${p.c}`])).entries()].sort((a, b) => a[0] - b[0]);
  const asked = choice.channel?.trim()
    ? channelNames.find(([c, n]) => sameChannel(choice.channel!, n) || String(c) === choice.channel!.trim())
    : undefined;
  if (choice.channel?.trim() && !asked) notes.push(`OME-TIFF: no channel ${choice.channel} in the OME-XML (${channelNames.map(([, n]) => n).join(', ')})`);
  const keptName = asked?.[1] ?? defaultChannel(channelNames.map(([, n]) => n));
  const keptC = asked?.[0] ?? channelNames.find(([, n]) => n === keptName)?.[0] ?? 0;
  const zs = [...new Set(planes.map((p) => p.z))].sort((a, b) => a - b);
  const keptZ = choice.z !== undefined && zs.includes(choice.z) ? choice.z : (zs[0] ?? 0);
  const timesMissing = planes.some((p) => p.timeH === null) && new Set(planes.map((p) => p.t)).size > 1;
  if (channelNames.length > 1) notes.push(`OME-TIFF: channel ${keptName} kept of ${channelNames.map(([, n]) => n).join(', ')}`);
  if (zs.length > 1) notes.push(`OME-TIFF: Z plane ${keptZ} kept of ${zs.length}`);
  if (timesMissing) notes.push('OME-TIFF: the OME-XML gives no time increment or DeltaT, so T indices are taken as hours');
  const pages = planes.map((p, i): PageChoice => {
    const label = `position ${p.position + 1}, T ${p.t}, Z ${p.z}, C ${p.c}${p.channelName ? ` (${p.channelName})` : ''}`;
    const timeOffsetH = p.timeH ?? p.t;
    const base = { pageIndex: i, fovOffset: p.position, timeOffsetH, label };
    if (p.c !== keptC) return { ...base, keep: false, reason: `channel ${p.channelName ?? p.c} is not the one kept (${keptName})` };
    if (p.z !== keptZ) return { ...base, keep: false, reason: `Z plane ${p.z} is not the one kept (${keptZ})` };
    return { ...base, keep: true };
  });
  return { pages, notes };
}
