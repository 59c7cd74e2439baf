/**
 * The one way to get OpenCV.js, in a worker, in Node tests and in the CLI alike.
 *
 * The package is ~11 MB, so it is imported dynamically and only where it is used (workers, Node);
 * the main bundle never references this module. Depending on the build, the default export is
 * either a Promise of the module (5.x) or the module itself with an `onRuntimeInitialized` hook
 * and a `then` that resolves to itself (4.x), which would make `await` hang forever. Both are
 * handled here, once, behind a module-level promise.
 */
import type * as OpenCV from '@techstark/opencv-js';

export type CV = typeof OpenCV;

let loading: Promise<CV> | undefined;

export function getCv(): Promise<CV> {
  loading ??= load();
  return loading;
}

async function load(): Promise<CV> {
  const { opencvExport } = await import('./opencvModule');
  let candidate = opencvExport;
  // 5.x: the export is a Promise of the initialised module.
  if (candidate instanceof Promise) candidate = await candidate;
  const cv = candidate as CV & { onRuntimeInitialized?: () => void; then?: unknown };
  if (typeof cv.Mat === 'function') return stripThen(cv);
  // 4.x: wait for the runtime, then drop the self-resolving `then` so awaiting cannot loop.
  return new Promise<CV>((resolve) => {
    cv.onRuntimeInitialized = () => resolve(stripThen(cv));
  });
}

function stripThen(cv: CV & { then?: unknown }): CV {
  if ('then' in cv) delete cv.then;
  return cv;
}
