/**
 * The report: assembled from the open experiment (core/report/assemble.ts), rendered to one
 * self-contained HTML file (no network request of any kind) and downloaded, or opened in a new
 * tab for the browser's print-to-PDF.
 */
import { APP_VERSION } from '../core/appVersion';
import { assembleReportData } from '../core/report/assemble';
import { buildReportHtml } from '../core/report/report';
import { overlayDataUri } from '../core/report/overlay';
import { recommend } from '../core/models/grid';
import { TIME_POINTS_H } from '../core/experiment';
import { useAnalysis } from './analysisData';
import { useExperiments } from './experimentStore';
import { fieldRequest } from './fieldSource';
import { errorText, useMessages } from './messageStore';
import { useModels } from './modelStore';
import { useRanking } from './rankingStore';
import { savedParams } from './segmentationStore';
import { useTasks } from './taskStore';
import { segmentField } from '../workers/imageClient';

/** A few segmentation overlays (first FOV of three clones at the last time point). */
async function overlayThumbnails(): Promise<{ caption: string; pngDataUri: string }[]> {
  const { current, images } = useExperiments.getState();
  if (!current) return [];
  const last = Math.max(...images.map((i) => i.timeH));
  const picks = [...new Map(images.filter((i) => i.timeH === last).map((i) => [i.clone, i])).values()].slice(0, 3);
  const params = savedParams(current.segmentationParams);
  const out: { caption: string; pngDataUri: string }[] = [];
  for (const image of picks) {
    const field = await segmentField(await fieldRequest(current, image), params, false, { label: image.fileName });
    out.push({ caption: `${image.fileName}: ${field.count} cells`, pngDataUri: overlayDataUri({ width: field.width, height: field.height, data: field.pixels }, field.labels) });
  }
  return out;
}

export async function buildCurrentReport(): Promise<string> {
  const { current, images, clones } = useExperiments.getState();
  const data = useAnalysis.getState().data;
  if (!current || !data) throw new Error('no measured experiment is open');
  const { grid, threshold, bootstrap } = useModels.getState();
  const ranking = useRanking.getState();
  const params = savedParams(current.segmentationParams);
  const byId = new Map(images.map((i) => [i.id, i]));
  const analysed = [...data.cellCounts.entries()].flatMap(([id, cells]) => {
    const i = byId.get(id);
    return i ? [{ clone: i.clone, timeH: i.timeH, fov: i.fov, file: i.fileName, cellCount: cells, contentHash: i.contentHash }] : [];
  });
  const sizes = [...new Set(images.map((i) => `${i.width} × ${i.height} px`))];
  const table = (model: 'lasso' | 'rf') =>
    grid ? grid.windowsEndH.map((w) => grid.fovCounts.map((k) => grid.cells.find((c) => c.model === model && c.windowEndH === w && c.fovCount === k)?.rmse ?? null)) : [];
  const report = await assembleReportData({
    experiment: { name: current.name, createdAt: new Date(current.createdAt).toISOString(), imageSize: sizes.join(', '), bitDepths: [...new Set(images.map((i) => i.bitDepth))], isDemo: current.isDemo },
    images: analysed,
    index: data.index,
    potency: data.potency,
    segmentation: { paramsHash: data.paramsHash, params: params as unknown as Record<string, unknown> },
    thumbnails: await overlayThumbnails(),
    ...(ranking.model ? { model: ranking.model } : {}),
    ...(grid ? { grid: { threshold, windowsEndH: grid.windowsEndH, fovCounts: grid.fovCounts, lasso: table('lasso'), ...(grid.settings.models.includes('rf') ? { rf: table('rf') } : {}) } } : {}),
    ...(bootstrap.length ? { recommendation: recommend(bootstrap, threshold, TIME_POINTS_H).text } : {}),
    bankThreshold: ranking.threshold,
    plan: ranking.plan,
    intervals: { replicates: 50, seed: ranking.model?.condition.seed ?? 1, level: 0.9 },
    clones: Object.fromEntries(clones.map((c) => [c.id, { label: c.label, group: c.group, notes: c.notes, pinned: ranking.pinned.includes(c.id), excluded: ranking.excluded.includes(c.id) }])),
    appVersion: APP_VERSION,
    generatedAt: new Date().toISOString(),
    userAgent: navigator.userAgent,
  });
  return buildReportHtml(report);
}

export async function exportReport(mode: 'html' | 'print'): Promise<void> {
  const current = useExperiments.getState().current;
  if (!current) return;
  // Open the tab now, in the click, or the browser blocks it as a pop-up.
  const tab = mode === 'print' ? window.open('', '_blank') : null;
  useTasks.getState().start('report', 'Building the report', 1);
  try {
    const html = await buildCurrentReport();
    const url = URL.createObjectURL(new Blob([html], { type: 'text/html' }));
    if (tab) {
      tab.location.href = url;
      tab.addEventListener('load', () => tab.print(), { once: true });
    } else {
      const a = document.createElement('a');
      a.href = url;
      a.download = `potency_report_${current.name.replace(/[^\w.-]+/g, '_')}.html`;
      a.click();
    }
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  } catch (err) {
    tab?.close();
    useMessages.getState().push('error', `Report failed: ${errorText(err)}`);
  } finally {
    useTasks.getState().finish('report');
  }
}
