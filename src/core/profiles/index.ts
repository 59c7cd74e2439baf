/** Well profiles from per-image sufficient statistics (shared/DESIGN.md §6). */
export {
  profileColumns,
  profileColumnName,
  parseProfileColumn,
  COLUMNS_PER_TIME_POINT,
  type ProfileColumn,
  type ProfileStat,
} from './columns';
export { selectFovs, bootstrapFovs, fovPermutation } from './select';
export {
  buildProfiles,
  buildSubsetGrid,
  profileWindow,
  lastTimePoint,
  indexImageStats,
  chosenFovs,
  naturalOrder,
  type ImageStats,
  type ImageStatsIndex,
  type CloneImages,
  type FovChoice,
  type ProfileOptions,
  type Profiles,
} from './build';
export { profilesToCsv, profilesHeader, profilesRows, cellRowsCsv, CELL_ROWS_HEADER, CELL_ROWS_UM_HEADER } from './csv';
export {
  imageStatsRecord,
  imageStatsFileText,
  parseImageStatsFile,
  type ImageStatsRecord,
  type ImageStatsFile,
} from './imageStatsFile';
export { finiteColumns, pcaView, takeColumns, type PcaView, type PcaViewOptions } from './pca';
