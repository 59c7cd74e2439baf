/**
 * SHA-256 of a file's bytes as lowercase hex: how a re-imported file is recognised. Web Crypto is
 * there in browsers, workers and Node ≥ 20 alike, so no dependency is needed.
 */
export async function contentHash(bytes: Uint8Array): Promise<string> {
  // digest() refuses views on a SharedArrayBuffer; copy those.
  const input = bytes.buffer instanceof ArrayBuffer ? (bytes as Uint8Array<ArrayBuffer>) : new Uint8Array(bytes);
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', input));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}
