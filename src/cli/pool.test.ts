import { describe, expect, it } from 'vitest';
import { runJobs, type JobOutcome } from './pool';
import { double, type PoolTestJob } from '../testing/poolWorker';

async function run(jobs: PoolTestJob[], workers: number) {
  const outcomes: [number, JobOutcome<number>][] = [];
  await runJobs({
    module: new URL('../testing/poolWorker.ts', import.meta.url),
    role: 'pool-test',
    setup: null,
    jobs,
    workers,
    runHere: double,
    onResult: (job, outcome) => outcomes.push([job.x, outcome]),
  });
  return new Map(outcomes);
}

describe('the CLI pool', () => {
  it('gives every job its result, in threads and here alike', async () => {
    const jobs = Array.from({ length: 7 }, (_, i) => ({ x: i }));
    for (const workers of [1, 2]) {
      const out = await run(jobs, workers);
      expect([...out.keys()].sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
      for (const [x, o] of out) expect(o).toEqual({ ok: true, value: 2 * x });
    }
  });

  it('fails only the job that throws or whose worker dies, and the rest go on', async () => {
    const jobs: PoolTestJob[] = [{ x: 1 }, { x: 2, action: 'die' }, { x: 3 }, { x: 4, action: 'throw' }, { x: 5 }, { x: 6 }];
    const out = await run(jobs, 2);
    expect(out.size).toBe(6);
    expect(out.get(2)).toMatchObject({ ok: false, reason: expect.stringMatching(/worker/) });
    expect(out.get(4)).toEqual({ ok: false, reason: 'cannot double 4' });
    for (const x of [1, 3, 5, 6]) expect(out.get(x)).toEqual({ ok: true, value: 2 * x });
  });
});
