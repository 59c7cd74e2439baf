/**
 * Adds the Content-Security-Policy meta tag to index.html in production builds only. The dev
 * server injects inline scripts (React refresh preamble, HMR client) that this policy would block,
 * so `npm run dev` stays without it; `vite build` / `vite preview` and every e2e test run with it.
 *
 * Why each directive (see docs/limits.md):
 *   script-src 'self' 'wasm-unsafe-eval'  own bundles only; WebAssembly (OpenCV.js) may compile
 *   worker-src 'self' blob:               the image and model workers
 *   style-src 'self' 'unsafe-inline'      React style attributes and plotly's injected styles
 *   img-src 'self' data: blob:            thumbnails and field views are data:/blob: URLs
 *   connect-src 'self'                    no request can leave the app's own origin
 */
import type { Plugin } from 'vite';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self' blob:",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

export function cspPlugin(policy: string = CONTENT_SECURITY_POLICY): Plugin {
  return {
    name: 'potency-workbench-csp',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler: () => [
        {
          tag: 'meta',
          attrs: { 'http-equiv': 'Content-Security-Policy', content: policy },
          injectTo: 'head-prepend',
        },
      ],
    },
  };
}
