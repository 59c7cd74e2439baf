/** The profile window, FOV count and FOV-drawing seed that Explore's panels share. */
export interface ExploreSelection {
  windowEndH: number;
  fovCount: number;
  seed: number;
}
