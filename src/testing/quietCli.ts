/** Runs a CLI command in a test with its console output captured: the exit code and what it said on stderr. */
import { vi } from 'vitest';

export async function quiet(fn: () => Promise<number>): Promise<{ code: number; errors: string[] }> {
  const errors: string[] = [];
  const e = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void errors.push(a.join(' ')));
  const l = vi.spyOn(console, 'log').mockImplementation(() => {});
  try {
    return { code: await fn(), errors };
  } finally {
    e.mockRestore();
    l.mockRestore();
  }
}
