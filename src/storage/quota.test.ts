import { describe, expect, it } from 'vitest';
import {
  StorageFullError,
  checkQuota,
  formatBytes,
  isQuotaError,
  requestPersistence,
  storageFullMessage,
  toStorageError,
  type StorageApi,
} from './quota';

const MB = 2 ** 20;
const GB = 2 ** 30;
const storageWith = (usage: number, quota: number): StorageApi => ({
  estimate: async () => ({ usage, quota }),
});

describe('checkQuota', () => {
  it('is ok with room to spare', async () => {
    const r = await checkQuota(100 * MB, storageWith(200 * MB, 1 * GB));
    expect(r).toEqual({
      ok: true,
      usage: 200 * MB,
      quota: GB,
      needed: 100 * MB,
      message: '824 MB free; this import needs about 100 MB',
    });
  });
  it('refuses when free space is under 1.2 × the need, with MB numbers', async () => {
    const r = await checkQuota(100 * MB, storageWith(GB - 110 * MB, GB));
    expect(r.ok).toBe(false);
    expect(r.message).toBe(
      'Not enough browser storage: this import needs about 100 MB but only 110 MB is free (914 MB of 1.0 GB used). Free space or export and delete an experiment.',
    );
    expect((await checkQuota(100 * MB, storageWith(GB - 120 * MB, GB))).ok).toBe(true);
  });
  it('is ok, with unknown numbers, when the browser does not tell', async () => {
    const r = await checkQuota(5 * MB, undefined);
    expect(r).toMatchObject({
      ok: true,
      usage: null,
      quota: null,
      needed: 5 * MB,
    });
    expect(r.message).toMatch(/unknown/);
    expect((await checkQuota(5 * MB, { estimate: async () => ({}) })).usage).toBeNull();
    expect(
      (
        await checkQuota(5 * MB, {
          estimate: () => Promise.reject(new Error('x')),
        })
      ).ok,
    ).toBe(true);
  });
});

describe('requestPersistence', () => {
  it('asks only when not yet persisted, and says null without the API', async () => {
    let asked = 0;
    const api = (already: boolean, grant: boolean): StorageApi => ({
      persisted: async () => already,
      persist: async () => {
        asked++;
        return grant;
      },
    });
    expect(await requestPersistence(api(true, false))).toBe(true);
    expect(asked).toBe(0);
    expect(await requestPersistence(api(false, true))).toBe(true);
    expect(await requestPersistence(api(false, false))).toBe(false);
    expect(asked).toBe(2);
    expect(await requestPersistence(undefined)).toBeNull();
  });
});

describe('storage errors', () => {
  it('formats sizes as the browser does', () => {
    expect(formatBytes(5.25 * MB)).toBe('5.3 MB');
    expect(formatBytes(950 * MB)).toBe('950 MB');
    expect(formatBytes(1.9 * GB)).toBe('1.9 GB');
  });
  it('says how full the storage is', () => {
    expect(storageFullMessage(1.9 * GB, 2 * GB)).toBe(
      'Browser storage is full: 1.9 GB of 2.0 GB used; free space or export and delete an experiment',
    );
    expect(storageFullMessage(null, null)).toBe(
      'Browser storage is full; free space or export and delete an experiment',
    );
  });
  it('maps QuotaExceededError to StorageFullError and passes other errors through', async () => {
    const quotaError = new DOMException('quota', 'QuotaExceededError');
    expect(isQuotaError(quotaError)).toBe(true);
    expect(isQuotaError({ name: 'NS_ERROR_DOM_QUOTA_REACHED' })).toBe(true);
    expect(isQuotaError(new Error('x'))).toBe(false);
    expect(isQuotaError(null)).toBe(false);
    const mapped = await toStorageError(quotaError, storageWith(1.9 * GB, 2 * GB));
    expect(mapped).toBeInstanceOf(StorageFullError);
    expect((mapped as StorageFullError).message).toBe(
      'Browser storage is full: 1.9 GB of 2.0 GB used; free space or export and delete an experiment',
    );
    expect((mapped as StorageFullError).cause).toBe(quotaError);
    expect((mapped as StorageFullError).usage).toBe(1.9 * GB);
    const other = new Error('other');
    expect(await toStorageError(other)).toBe(other);
  });
});
