/** Images for the report as data: URIs (no files beside the HTML, no network). */
import { encode } from 'fast-png';

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Standard base64, without btoa/Buffer so it runs the same in a worker, a browser and Node. */
export function base64(bytes: Uint8Array): string {
  let s = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    s += B64[n >> 18]! + B64[(n >> 12) & 63]! + B64[(n >> 6) & 63]! + B64[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    s += B64[n >> 18]! + B64[(n >> 12) & 63]! + '==';
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    s += B64[n >> 18]! + B64[(n >> 12) & 63]! + B64[(n >> 6) & 63]! + '=';
  }
  return s;
}

/** An 8-bit grey (1 channel) or RGB (3 channels) image as a PNG data URI. */
export function pngDataUri(data: Uint8Array, width: number, height: number, channels: 1 | 3 = 1): string {
  return `data:image/png;base64,${base64(encode({ width, height, data, channels, depth: 8 }))}`;
}
