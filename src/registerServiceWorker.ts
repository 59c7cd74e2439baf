/**
 * Installs the app for offline use (production builds only: the dev server's modules change on
 * every edit). The worker, scripts/serviceWorkerPlugin.ts, caches only the app's own files.
 */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  window.addEventListener('load', () => {
    navigator.serviceWorker.register(`${import.meta.env.BASE_URL}sw.js`).catch((err: unknown) => {
      // Offline use is a convenience; the app works without it.
      console.warn('Offline use is unavailable:', err);
    });
  });
}
