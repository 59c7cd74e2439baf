/** The seeded demo experiment (shared/DESIGN.md §9). */
export * from './random';
export * from './clones';
export * from './render';
export * from './experiment';
