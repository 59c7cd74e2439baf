/** Pure statistics for the Explore views and the CLI (DESIGN.md §7). */
export { mean, variance, sd, quantile, quantileSorted, iqr, pearson, linearFit, type LinearFit } from './describe';
export { bwNrd0, kdeExact, kdeR42, type Kde, type KdeOptions } from './kde';
export { logGamma, incompleteBeta, studentTCdf, studentTTwoSidedP } from './tDistribution';
export { tTest, tTestFromSummaries, type GroupSummary, type TTestOptions, type TTestResult } from './ttest';
export { jacobiSvd, type ThinSvd } from './jacobiSvd';
export { pca, project, type PcaModel, type PcaOptions } from './pca';
export { readNumericCsv, type NumericTable } from './csv';
export { normalQuantile } from './normal';
