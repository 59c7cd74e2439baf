/**
 * A pool of comlink workers, sized to the machine.
 *
 * Why this shape (after squoosh's worker bridge and excalidraw's pool):
 * - workers start lazily on the first job and are terminated after an idle period, which is the
 *   only way to give a grown wasm heap back to the browser;
 * - an AbortSignal cancels a job by terminating its worker (wasm cannot be interrupted any other
 *   way); the worker is replaced on the next job;
 * - a worker that crashes (an `error` event, e.g. out of memory) rejects its job instead of hanging
 *   it forever; the job is retried once on a fresh worker, then reported.
 */
import * as Comlink from 'comlink';

export class JobAbortedError extends Error {
  constructor(label: string) {
    super(`${label}: cancelled`);
    this.name = 'AbortError';
  }
}

export class WorkerCrashedError extends Error {
  readonly detail: string;
  constructor(label: string, detail: string) {
    super(`${label}: the worker crashed (${detail})`);
    this.name = 'WorkerCrashedError';
    this.detail = detail;
  }
}

export interface JobOptions {
  /** Names the job in messages, e.g. the file name. */
  label?: string;
  signal?: AbortSignal;
  /** Retries on a fresh worker after a crash (not after an ordinary error). Default 1. */
  retries?: number;
}

interface Slot<Api> {
  worker: Worker;
  api: Comlink.Remote<Api>;
  /** Rejects when the worker reports an uncaught error. */
  crashed: Promise<never>;
  busy: boolean;
  idleTimer?: ReturnType<typeof setTimeout>;
}

export interface PoolOptions {
  size?: number;
  idleTimeoutMs?: number;
}

export class WorkerPool<Api> {
  readonly size: number;
  private readonly slots: (Slot<Api> | undefined)[];
  private readonly waiting: (() => void)[] = [];
  private readonly idleTimeoutMs: number;
  private crashes = 0;
  private readonly createWorker: () => Worker;

  constructor(createWorker: () => Worker, options: PoolOptions = {}) {
    this.createWorker = createWorker;
    const cores = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency || 2 : 2;
    this.size = Math.max(1, options.size ?? cores);
    this.slots = new Array(this.size).fill(undefined);
    this.idleTimeoutMs = options.idleTimeoutMs ?? 60_000;
  }

  /** Number of workers replaced after a crash since the pool was made (shown in diagnostics). */
  get crashCount(): number {
    return this.crashes;
  }

  async run<T>(job: (api: Comlink.Remote<Api>) => Promise<T>, options: JobOptions = {}): Promise<T> {
    const label = options.label ?? 'job';
    let retriesLeft = options.retries ?? 1;
    for (;;) {
      try {
        return await this.runOnce(job, label, options.signal);
      } catch (err) {
        if (err instanceof WorkerCrashedError && retriesLeft > 0) {
          retriesLeft--;
          continue;
        }
        throw err;
      }
    }
  }

  /** Terminates every worker; queued jobs are started again on fresh workers when they run. */
  terminate(): void {
    this.slots.forEach((_, i) => this.kill(i));
  }

  private async runOnce<T>(
    job: (api: Comlink.Remote<Api>) => Promise<T>,
    label: string,
    signal?: AbortSignal,
  ): Promise<T> {
    if (signal?.aborted) throw new JobAbortedError(label);
    const index = await this.acquire(signal, label);
    const slot = this.slots[index]!;
    let onAbort: (() => void) | undefined;
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => {
        this.kill(index);
        reject(new JobAbortedError(label));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    });
    try {
      return await Promise.race([job(slot.api), slot.crashed, aborted]);
    } catch (err) {
      if (err instanceof WorkerCrashedError || isWasmFatal(err)) {
        this.crashes++;
        this.kill(index);
        throw new WorkerCrashedError(label, err instanceof WorkerCrashedError ? err.detail : String(err));
      }
      throw err;
    } finally {
      if (onAbort) signal?.removeEventListener('abort', onAbort);
      this.release(index);
    }
  }

  private async acquire(signal: AbortSignal | undefined, label: string): Promise<number> {
    for (;;) {
      if (signal?.aborted) {
        // A release may have woken us just as we were cancelled: hand that turn on, or a job
        // still waiting would never hear of the free worker.
        if (this.slots.some((s) => !s?.busy)) this.waiting.shift()?.();
        throw new JobAbortedError(label);
      }
      const free = this.slots.findIndex((s) => !s?.busy);
      if (free >= 0) {
        const slot = this.slots[free] ?? this.spawn(free);
        clearTimeout(slot.idleTimer);
        slot.busy = true;
        return free;
      }
      // Woken by a release, or at once by a cancel: a cancelled job must not wait for a worker
      // to come free (one busy with other work, e.g. the live preview, may take long).
      await new Promise<void>((resolve) => {
        const wake = () => {
          signal?.removeEventListener('abort', wake);
          const i = this.waiting.indexOf(wake);
          if (i >= 0) this.waiting.splice(i, 1);
          resolve();
        };
        this.waiting.push(wake);
        signal?.addEventListener('abort', wake, { once: true });
      });
    }
  }

  private release(index: number): void {
    const slot = this.slots[index];
    if (slot) {
      slot.busy = false;
      slot.idleTimer = setTimeout(() => this.kill(index), this.idleTimeoutMs);
    }
    this.waiting.shift()?.();
  }

  private spawn(index: number): Slot<Api> {
    const worker = this.createWorker();
    const crashed = new Promise<never>((_, reject) => {
      worker.addEventListener('error', (e) => {
        e.preventDefault();
        reject(new WorkerCrashedError(`worker ${index + 1}`, e.message || 'uncaught error'));
      });
    });
    crashed.catch(() => undefined); // observed by races only while a job runs
    const slot: Slot<Api> = { worker, api: Comlink.wrap<Api>(worker), crashed, busy: false };
    this.slots[index] = slot;
    return slot;
  }

  private kill(index: number): void {
    const slot = this.slots[index];
    if (!slot) return;
    clearTimeout(slot.idleTimer);
    slot.api[Comlink.releaseProxy]();
    slot.worker.terminate();
    this.slots[index] = undefined;
  }
}

/** A wasm abort or out-of-memory leaves the module unusable: treat it as a crash. */
function isWasmFatal(err: unknown): boolean {
  const text = err instanceof Error ? `${err.name} ${err.message}` : String(err);
  return /RuntimeError|out of memory|Aborted\(|memory access out of bounds/i.test(text);
}
