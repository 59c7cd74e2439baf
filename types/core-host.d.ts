/**
 * The host APIs src/core may use: those that browsers, workers and Node ≥ 20 all have, with the same
 * meaning. Only tsconfig.core.json reads this file; adding a name here is a decision, not a fix.
 */
declare const performance: { now(): number };
declare function structuredClone<T>(value: T): T;
declare const crypto: { subtle: { digest(algorithm: 'SHA-256', data: Uint8Array<ArrayBuffer>): Promise<ArrayBuffer> } };
declare class TextEncoder {
  encode(input?: string): Uint8Array<ArrayBuffer>;
}
