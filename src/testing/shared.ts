/**
 * Where the shared reference material lives (../shared from the project root), for Node tests.
 * Tests that need it call `describeWithShared`, which skips with a clear message where it is absent.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';

export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const sharedDir = process.env.POTENCY_SHARED_DIR ?? resolve(projectRoot, '../shared');
export const hasShared = existsSync(join(sharedDir, 'reference', 'README.md'));

export function sharedPath(...parts: string[]): string {
  return join(sharedDir, ...parts);
}

export const FIELD_NAMES = ['set1', 'set5', 'set10', 'set18', 'set22', 'set30'] as const;

/**
 * `describe` that skips, saying why, when ../shared is not there. With `requiredInCi`, a run with
 * CI set fails instead of skipping (for tests that guard a claim, such as the model card's scores).
 */
export function describeWithShared(name: string, fn: () => void, options: { requiredInCi?: boolean } = {}): void {
  if (hasShared) describe(name, fn);
  else if (options.requiredInCi && process.env.CI)
    describe(name, () =>
      it(`needs ../shared (reference data), not found at ${sharedDir}; CI must have it`, () => {
        throw new Error(`../shared not found at ${sharedDir} (set POTENCY_SHARED_DIR)`);
      }),
    );
  // `fn` is not called at all: describe.skip would still run its body, and bodies read files.
  else describe(name, () => it.skip(`SKIPPED: ../shared (reference data) not found at ${sharedDir}`, () => undefined));
}
