/**
 * Content hash of an image file, so a folder dropped twice is recognised instead of stored twice.
 * WebCrypto's SHA-256 runs natively in pages, workers and Node alike.
 */
export async function contentHash(
  bytes: ArrayBuffer | Uint8Array,
): Promise<string> {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  const digest = new Uint8Array(
    await crypto.subtle.digest("SHA-256", view as Uint8Array<ArrayBuffer>),
  );
  let hex = "";
  for (const b of digest) hex += b.toString(16).padStart(2, "0");
  return hex;
}
