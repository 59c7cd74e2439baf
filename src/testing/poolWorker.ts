/** A worker for src/cli/pool.test.ts: doubles numbers, throws on request, or dies under its job. */
import { serveJobs } from '../cli/pool';

export interface PoolTestJob {
  x: number;
  action?: 'throw' | 'die';
}

export async function double(job: PoolTestJob): Promise<number> {
  if (job.action === 'throw') throw new Error(`cannot double ${job.x}`);
  if (job.action === 'die') process.exit(3);
  return job.x * 2;
}

serveJobs('pool-test', double);
