/**
 * The pool's contract, with a stand-in Worker built on a real MessageChannel (comlink runs for
 * real; only the thread is simulated): lazy start, queueing, cancel by termination, and a crashed
 * worker replaced with its job retried once.
 */
import * as Comlink from 'comlink';
import { afterEach, describe, expect, it } from 'vitest';
import { JobAbortedError, WorkerPool } from './pool';

interface TestApi {
  double(x: number): Promise<number>;
  slow(ms: number): Promise<string>;
  /** Crashes the "thread" while the call is running. */
  crash(): Promise<never>;
}

const spawned: FakeWorker[] = [];
let crashesLeft = 0;

class FakeWorker extends EventTarget {
  readonly id = spawned.length + 1;
  terminated = false;
  private readonly channel = new MessageChannel();
  constructor() {
    super();
    spawned.push(this);
    const api: TestApi = {
      double: async (x) => 2 * x,
      slow: (ms) => new Promise((resolve) => setTimeout(() => resolve(`worker ${this.id}`), ms)),
      crash: () =>
        new Promise<never>(() => {
          if (crashesLeft-- > 0) setTimeout(() => this.dispatchEvent(Object.assign(new Event('error'), { message: 'out of memory' })), 5);
        }),
    };
    Comlink.expose(api, this.channel.port2 as unknown as Comlink.Endpoint);
    this.channel.port1.start();
  }
  postMessage(message: unknown, transfer?: Transferable[]) {
    this.channel.port1.postMessage(message, (transfer ?? []) as never);
  }
  override addEventListener(type: string, listener: EventListenerOrEventListenerObject | null) {
    if (type === 'message') this.channel.port1.addEventListener('message', listener as EventListener);
    else super.addEventListener(type, listener);
  }
  override removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null) {
    if (type === 'message') this.channel.port1.removeEventListener('message', listener as EventListener);
    else super.removeEventListener(type, listener);
  }
  terminate() {
    this.terminated = true;
    this.channel.port1.close();
    this.channel.port2.close();
  }
}

const makePool = (size = 2) => new WorkerPool<TestApi>(() => new FakeWorker() as unknown as Worker, { size, idleTimeoutMs: 50 });

afterEach(() => {
  spawned.length = 0;
  crashesLeft = 0;
});

describe('WorkerPool', () => {
  it('starts workers lazily and runs jobs', async () => {
    const pool = makePool();
    expect(spawned).toHaveLength(0);
    expect(await pool.run((api) => api.double(21))).toBe(42);
    expect(spawned).toHaveLength(1);
    pool.terminate();
  });

  it('never runs more jobs at once than it has workers', async () => {
    const pool = makePool(2);
    const results = await Promise.all([1, 2, 3, 4, 5].map(() => pool.run((api) => api.slow(20))));
    expect(results).toHaveLength(5);
    expect(spawned).toHaveLength(2);
    pool.terminate();
  });

  it('cancels a running job by terminating its worker, and replaces it for the next job', async () => {
    const pool = makePool(1);
    const controller = new AbortController();
    const job = pool.run((api) => api.slow(10_000), { signal: controller.signal, label: 'field 7' });
    setTimeout(() => controller.abort(), 10);
    await expect(job).rejects.toBeInstanceOf(JobAbortedError);
    await expect(job).rejects.toThrow('field 7: cancelled');
    expect(spawned[0]!.terminated).toBe(true);
    expect(await pool.run((api) => api.double(2))).toBe(4);
    expect(spawned).toHaveLength(2);
    pool.terminate();
  });

  it('a cancel ends queued jobs at once, even while another caller keeps a worker busy', async () => {
    // The batch run's queued fields and the live preview share the pool: cancelling the run must
    // not leave its waiting jobs hanging until the preview's worker comes free (it once did).
    const pool = makePool(2);
    const preview = pool.run((api) => api.slow(400), { label: 'preview' });
    const controller = new AbortController();
    const batch = [1, 2, 3, 4].map((i) => pool.run((api) => api.slow(10_000), { signal: controller.signal, label: `field ${i}` }));
    await new Promise((r) => setTimeout(r, 10));
    const t0 = performance.now();
    controller.abort();
    const outcomes = await Promise.allSettled(batch);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected', 'rejected', 'rejected']);
    expect(performance.now() - t0).toBeLessThan(200);
    // The preview is untouched, and the pool still runs new work afterwards.
    await expect(preview).resolves.toMatch(/^worker \d$/);
    expect(await pool.run((api) => api.double(3))).toBe(6);
    pool.terminate();
  });

  it('replaces a crashed worker and retries its job once', async () => {
    const pool = makePool(1);
    crashesLeft = 1;
    // The first attempt crashes; the retry on a fresh worker also calls crash() but no crash is left,
    // so it would hang: race it with a short timer to prove a second worker was used.
    const attempt = pool.run((api) => api.crash(), { label: 'clone03_t030h_f02.png' });
    await new Promise((r) => setTimeout(r, 40));
    expect(spawned).toHaveLength(2);
    expect(spawned[0]!.terminated).toBe(true);
    expect(pool.crashCount).toBe(1);
    pool.terminate();
    void attempt.catch(() => undefined);
  });

  it('reports a job that crashes twice, naming it', async () => {
    const pool = makePool(1);
    crashesLeft = 2;
    await expect(pool.run((api) => api.crash(), { label: 'clone03_t030h_f02.png' })).rejects.toThrow(
      'clone03_t030h_f02.png: the worker crashed (out of memory)',
    );
    expect(spawned).toHaveLength(2);
    expect(pool.crashCount).toBe(2);
    await expect(pool.run((api) => api.double(5))).resolves.toBe(10);
    pool.terminate();
  });

  it('terminates idle workers after the idle timeout, freeing their memory', async () => {
    const pool = makePool(1);
    await pool.run((api) => api.double(1));
    await new Promise((r) => setTimeout(r, 80));
    expect(spawned[0]!.terminated).toBe(true);
    pool.terminate();
  });
});
