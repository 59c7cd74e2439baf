/**
 * What the exploration and model views read: the per-image sufficient statistics of the current
 * experiment (measured with its saved segmentation parameters), read from the `imageStats` store
 * alone and indexed once for fast pooling; per-cell values only on demand, for density plots.
 */
import { create } from 'zustand';
import { emptyStats, type SufficientStats } from '../core/descriptors';
import { indexImageStats, type ImageStats, type ImageStatsIndex } from '../core/profiles';
import { paramsHash } from '../core/segmentation/params';
import { openWorkbenchDb } from '../storage/db';
import { getMeasurement, listImageStats } from '../storage/repository';
import type { ImageRecord } from '../storage/schema';
import { useExperiments } from './experimentStore';
import { savedParams } from './segmentationStore';

export interface AnalysisData {
  experimentId: string;
  paramsHash: string;
  images: ImageStats[];
  index: ImageStatsIndex;
  /** Cells per image id, for growth curves and QC. */
  cellCounts: Map<string, number>;
  /** Clone → known potency (null: to predict). */
  potency: Map<string, number | null>;
  /** Clone → group. */
  group: Map<string, 'REC' | 'bulk'>;
  /** Images measured / images in the experiment. */
  measured: number;
  total: number;
}

function toStats(s: { n: readonly number[]; mean: readonly number[]; m2: readonly number[] }): SufficientStats {
  const out = emptyStats(s.mean.length);
  out.n.set(s.n);
  out.mean.set(s.mean);
  out.m2.set(s.m2);
  return out;
}

interface AnalysisState {
  data: AnalysisData | null;
  loading: boolean;
  load(): Promise<void>;
}

export const useAnalysis = create<AnalysisState>((set) => ({
  data: null,
  loading: false,
  load: async () => {
    const { current, images, clones } = useExperiments.getState();
    if (!current) return set({ data: null });
    set({ loading: true });
    const hash = paramsHash(savedParams(current.segmentationParams));
    const db = await openWorkbenchDb();
    const measured = await listImageStats(db, current.id, hash);
    const byId = new Map(images.map((i) => [i.id, i]));
    const stats: ImageStats[] = [];
    const cellCounts = new Map<string, number>();
    for (const m of measured) {
      const image = byId.get(m.id);
      if (!image) continue;
      stats.push({ clone: image.clone, timeH: image.timeH, fov: image.fov, stats: toStats(m) });
      cellCounts.set(m.id, m.cellCount);
    }
    set({
      loading: false,
      data: {
        experimentId: current.id,
        paramsHash: hash,
        images: stats,
        index: indexImageStats(stats),
        cellCounts,
        potency: new Map(clones.map((c) => [c.id, c.potency])),
        group: new Map(clones.map((c) => [c.id, c.group])),
        measured: stats.length,
        total: images.length,
      },
    });
  },
}));

/** Per-cell values (Float32, cells × 12) of the given images, concatenated. */
export async function loadCellValues(images: readonly ImageRecord[], hash: string): Promise<Float32Array> {
  const db = await openWorkbenchDb();
  const parts: Float32Array[] = [];
  for (const image of images) {
    const m = await getMeasurement(db, image.id);
    if (m && m.paramsHash === hash) parts.push(new Float32Array(m.values));
  }
  const out = new Float32Array(parts.reduce((s, p) => s + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}
