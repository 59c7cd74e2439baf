/** What the user is looking at: the tab and the selected field, addressed as clone × time × FOV. */
import { create } from 'zustand';
import type { ImageAddress } from '../core/experiment';

export type Tab = 'experiment' | 'segmentation' | 'explore' | 'models' | 'ranking' | 'import';

export const DEFAULT_VIEW = {
  tab: 'experiment' as Tab,
  selected: null as ImageAddress | null,
  gridFov: 1,
};

interface ViewState {
  tab: Tab;
  selected: ImageAddress | null;
  /** The FOV shown in the clone × time grid. */
  gridFov: number;
  setTab(tab: Tab): void;
  select(address: ImageAddress | null): void;
  setGridFov(fov: number): void;
  reset(): void;
}

export const useView = create<ViewState>((set) => ({
  ...DEFAULT_VIEW,
  setTab: (tab) => set({ tab }),
  select: (selected) => set({ selected }),
  setGridFov: (gridFov) => set({ gridFov }),
  reset: () => set(DEFAULT_VIEW),
}));
