/**
 * Browser storage space. An import of a few thousand 16-bit TIFFs can fill the origin's quota, and
 * a write that fails half-way must not be mistaken for success: we check before importing, and a
 * full disk during a write becomes a StorageFullError with the numbers in its message.
 */

/** The part of `navigator.storage` we use; passed in by tests. */
export interface StorageApi {
  estimate?: () => Promise<{ usage?: number; quota?: number }>;
  persist?: () => Promise<boolean>;
  persisted?: () => Promise<boolean>;
}

function browserStorage(): StorageApi | undefined {
  return (globalThis as { navigator?: { storage?: StorageApi } }).navigator?.storage;
}

/** `950 MB`, `1.9 GB`: binary units, as the browser's own storage settings show them. */
export function formatBytes(bytes: number): string {
  const mb = bytes / 2 ** 20;
  if (mb < 1024) return `${mb < 10 ? mb.toFixed(1) : Math.round(mb)} MB`;
  return `${(mb / 1024).toFixed(1)} GB`;
}

export interface QuotaCheck {
  /** False only when the estimate says there is not room for `needed` with a 20 % margin. */
  ok: boolean;
  /** Bytes used by this origin, or null when the browser does not say. */
  usage: number | null;
  quota: number | null;
  needed: number;
  message: string;
}

/** Whether `bytesNeeded` more bytes fit, with a 20 % margin for indexes and thumbnails. */
export async function checkQuota(
  bytesNeeded: number,
  storage: StorageApi | undefined = browserStorage(),
): Promise<QuotaCheck> {
  const unknown = (why: string): QuotaCheck => ({
    ok: true,
    usage: null,
    quota: null,
    needed: bytesNeeded,
    message: `Free storage unknown (${why}); importing ${formatBytes(bytesNeeded)} anyway`,
  });
  if (!storage?.estimate) return unknown('this browser does not report it');
  let estimate: { usage?: number; quota?: number };
  try {
    estimate = await storage.estimate();
  } catch {
    return unknown('the estimate failed');
  }
  if (estimate.quota === undefined) return unknown('this browser does not report it');
  const usage = estimate.usage ?? 0;
  const quota = estimate.quota;
  const free = Math.max(0, quota - usage);
  const ok = free >= bytesNeeded * 1.2;
  const message = ok
    ? `${formatBytes(free)} free; this import needs about ${formatBytes(bytesNeeded)}`
    : `Not enough browser storage: this import needs about ${formatBytes(bytesNeeded)} but only ${formatBytes(free)} is free (${formatBytes(usage)} of ${formatBytes(quota)} used). Free space or export and delete an experiment.`;
  return { ok, usage, quota, needed: bytesNeeded, message };
}

/**
 * Asks the browser not to evict our data under storage pressure. True when granted (or already),
 * false when refused, null when the browser has no such API.
 */
export async function requestPersistence(
  storage: StorageApi | undefined = browserStorage(),
): Promise<boolean | null> {
  if (!storage?.persist) return null;
  if (storage.persisted && (await storage.persisted())) return true;
  return storage.persist();
}

/** A write failed because the origin's storage quota is used up. */
export class StorageFullError extends Error {
  override readonly name = 'StorageFullError';
  readonly usage: number | null;
  readonly quota: number | null;
  constructor(usage: number | null, quota: number | null, cause?: unknown) {
    super(storageFullMessage(usage, quota), { cause });
    this.usage = usage;
    this.quota = quota;
  }
}

export function storageFullMessage(usage: number | null, quota: number | null): string {
  const numbers =
    usage !== null && quota !== null ? `: ${formatBytes(usage)} of ${formatBytes(quota)} used` : '';
  return `Browser storage is full${numbers}; free space or export and delete an experiment`;
}

/** True for the error a browser raises when a write does not fit (Firefox used its own name once). */
export function isQuotaError(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name;
  return name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED';
}

/** The error to show for a failed write: a quota error becomes StorageFullError (with the numbers), others pass through. */
export async function toStorageError(
  error: unknown,
  storage: StorageApi | undefined = browserStorage(),
): Promise<unknown> {
  if (!isQuotaError(error)) return error;
  let usage: number | null = null;
  let quota: number | null = null;
  try {
    const estimate = await storage?.estimate?.();
    if (estimate?.quota !== undefined) {
      usage = estimate.usage ?? 0;
      quota = estimate.quota;
    }
  } catch {
    // The message simply goes without numbers.
  }
  return new StorageFullError(usage, quota, error);
}
