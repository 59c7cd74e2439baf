/**
 * The CLI's one pool of `node:worker_threads` workers (analyze, grid, the demo report). A worker is
 * a module that calls `serveJobs` at its top level; the main thread calls `runJobs`.
 *
 * One failure rule for every command: a job that throws, or whose worker dies under it, is that
 * job's failure, reported through `onResult` with the reason; a dead worker is replaced and the
 * other jobs go on. Whether one failure sinks the command is the command's decision (analyze skips
 * the image and names it; the grid stops, since a missing cell would change the heatmap).
 */
import { isMainThread, parentPort, workerData, type Worker } from 'node:worker_threads';
import { spawnTsWorker } from './tsWorker';

export type JobOutcome<R> = { ok: true; value: R } | { ok: false; reason: string };

interface Envelope<J> {
  id: number;
  job: J;
}
type Reply<R> = { id: number; ok: true; value: R } | { id: number; ok: false; reason: string };

export interface PoolOptions<S, J, R> {
  /** The worker module (it calls `serveJobs(role, …)`). */
  module: URL;
  role: string;
  /** Sent once to every worker (structured-cloned). */
  setup: S;
  /** In the order given; callers put the longest first. */
  jobs: readonly J[];
  workers: number;
  /** Runs a job here, without threads, when `workers` is 1. */
  runHere: (job: J, setup: S) => Promise<R>;
  onResult: (job: J, outcome: JobOutcome<R>) => void;
}

const reasonOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

export async function runJobs<S, J, R>(o: PoolOptions<S, J, R>): Promise<void> {
  const count = Math.min(Math.max(1, Math.floor(o.workers)), o.jobs.length);
  if (count <= 1) {
    for (const job of o.jobs) {
      let outcome: JobOutcome<R>;
      try {
        outcome = { ok: true, value: await o.runHere(job, o.setup) };
      } catch (err) {
        outcome = { ok: false, reason: reasonOf(err) };
      }
      o.onResult(job, outcome);
    }
    return;
  }
  let next = 0;
  await new Promise<void>((resolveAll) => {
    let running = 0;
    const start = () => {
      running++;
      const worker: Worker = spawnTsWorker(o.module, { role: o.role, setup: o.setup });
      let current: Envelope<J> | undefined;
      const feed = () => {
        const id = next++;
        if (id < o.jobs.length) {
          current = { id, job: o.jobs[id]! };
          worker.postMessage(current);
        } else {
          current = undefined;
          void worker.terminate();
        }
      };
      worker.on('message', (reply: Reply<R>) => {
        if (!current || reply.id !== current.id) return;
        o.onResult(current.job, reply.ok ? { ok: true, value: reply.value } : { ok: false, reason: reply.reason });
        feed();
      });
      worker.on('error', (err) => {
        if (current) o.onResult(current.job, { ok: false, reason: `worker crashed: ${err.message}` });
        current = undefined;
      });
      worker.on('exit', (code) => {
        // A worker that ends itself (process.exit, out of memory) raises no 'error'.
        if (current) o.onResult(current.job, { ok: false, reason: `worker exited with code ${code} during this job` });
        current = undefined;
        running--;
        // A worker that died before the queue ran out is replaced; the others go on meanwhile.
        if (next < o.jobs.length) start();
        else if (running === 0) resolveAll();
      });
      feed();
    };
    for (let w = 0; w < count; w++) start();
  });
}

/**
 * The worker side: when this thread was started by `runJobs` for `role`, answers each job with
 * `handle`'s value (its typed arrays' buffers moved, not copied, when `transfer` names them).
 */
export function serveJobs<S, J, R>(
  role: string,
  handle: (job: J, setup: S) => Promise<R>,
  transfer: (value: R) => ArrayBuffer[] = () => [],
): void {
  const data = workerData as { role?: string; setup: S } | null;
  if (isMainThread || !parentPort || data?.role !== role) return;
  const port = parentPort;
  const setup = data.setup;
  port.on('message', (envelope: Envelope<J>) => {
    handle(envelope.job, setup).then(
      (value) => port.postMessage({ id: envelope.id, ok: true, value } satisfies Reply<R>, transfer(value)),
      (err: unknown) => port.postMessage({ id: envelope.id, ok: false, reason: reasonOf(err) } satisfies Reply<R>),
    );
  });
}
